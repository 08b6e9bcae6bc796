import FHIRValidation
import Testing

/// Bindings and code systems from the R4 core package, checked offline.
@Suite struct BindingTests {
    @Test func requiredCodeInTheValueSetPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "gender": "female"}"#)) == [])
    }

    @Test func requiredCodeOutsideTheValueSetIsAnErrorInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "gender": "femal"}"#)
        #expect(errorSummaries(result) == ["binding.not-in-value-set@Patient.gender@1:39"])
        #expect(errors(result).first?.code == .codeInvalid)
    }

    @Test func requiredCodeOutsideTheValueSetIsAnErrorInXML() {
        let xml = "<Observation xmlns=\"http://hl7.org/fhir\">\n<status value=\"done\"/><code><text value=\"x\"/></code></Observation>"
        #expect(errorSummaries(validateXML(xml)) == ["binding.not-in-value-set@Observation.status@2:1"])
    }

    @Test func unknownCodeInALoadedCodeSystemIsAnError() {
        let json = #"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "ZZ"}]}}"#
        let ids = validateJSON(json).issues.map(\.messageID)
        #expect(ids.contains("code.unknown"))
        #expect(errors(validateJSON(json)).map(\.messageID) == ["code.unknown"])
    }

    @Test func extensibleBindingMissIsAWarningAndWrongDisplayIsAWarning() {
        let json = #"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M", "display": "Wed"}]}}"#
        let result = validateJSON(json)
        #expect(errorSummaries(result) == [])
        #expect(result.issues.contains { $0.messageID == "code.wrong-display" && $0.severity == .warning })
        let other = #"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://example.org/cs", "code": "x"}]}}"#
        #expect(validateJSON(other).issues.contains { $0.messageID == "binding.not-in-value-set" && $0.severity == .warning })
    }

    @Test func codeableConceptPassesWhenAnyCodingIsInTheValueSet() {
        let json = #"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "dataAbsentReason": {"coding": [{"system": "http://example.org/x", "code": "a"}, {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "unknown"}]}}"#
        #expect(validateJSON(json).issues.filter { $0.messageID.hasPrefix("binding") } .isEmpty)
    }

    /// A binding is resolved in the terminology of the validator that compiled it: a validator
    /// over the same definitions without a terminology checks no codes, and leaves the other's
    /// answers as they are.
    @Test func eachValidatorJudgesBindingsByItsOwnTerminology() {
        let without = Validator(definitions: sharedValidator.schemas.definitions)
        let patient = Array(#"{"resourceType": "Patient", "gender": "femal"}"#.utf8)
        #expect(errors(without.validate(patient, format: .json)).isEmpty)
        #expect(errorSummaries(sharedValidator.validate(patient, format: .json)) == ["binding.not-in-value-set@Patient.gender@1:39"])
        #expect(errors(without.validate(patient, format: .json)).isEmpty)
    }
}
