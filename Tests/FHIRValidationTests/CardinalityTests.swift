import Testing

@Suite struct CardinalityTests {
    @Test func requiredElementPresentPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}}"#)) == [])
    }

    @Test func missingRequiredElementsAreReportedOnTheParentInJSON() {
        let result = validateJSON(#"{"resourceType": "Observation", "code": {"text": "x"}}"#)
        #expect(errorSummaries(result) == ["cardinality.min@Observation@1:1"])
        #expect(errors(result).first?.message
            == "Observation.status: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/Observation)")
    }

    @Test func missingRequiredElementsAreReportedInXML() {
        let result = validateXML("<Observation xmlns=\"http://hl7.org/fhir\">\n  <status value=\"final\"/>\n</Observation>")
        #expect(errorSummaries(result) == ["cardinality.min@Observation@1:1"])
        #expect(errors(result).first?.message.hasPrefix("Observation.code: minimum required = 1") == true)
    }

    @Test func tooManyRepetitionsInXML() {
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\">\n <gender value=\"male\"/>\n <gender value=\"female\"/>\n</Patient>")
        #expect(errorSummaries(result) == ["cardinality.max@Patient.gender@1:1"])
        #expect(errors(result).first?.message.hasPrefix("Patient.gender: max allowed = 1, but found 2") == true)
    }

    @Test func nestedBackboneCardinalityIsChecked() {
        // Patient.link.other and Patient.link.type are 1..1.
        let result = validateJSON(#"{"resourceType": "Patient", "link": [{"type": "seealso"}]}"#)
        #expect(errorSummaries(result) == ["cardinality.min@Patient.link[0]@1:38"])
    }
}

/// Several findings of one kind at one place are all reported (not merged as duplicates).
@Suite struct DistinctFindingsTests {
    @Test func twoMissingRequiredElementsAreTwoErrors() {
        let result = validateJSON(#"{"resourceType": "Observation"}"#)
        #expect(errors(result).filter { $0.messageID == "cardinality.min" }.map(\.message).map { $0.prefix(19) } == ["Observation.status:", "Observation.code: m"])
    }
}
