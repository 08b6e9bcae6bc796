import FHIRPackages
import FHIRTerminology
import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

/// Validation with SNOMED CT, dm+d and ODS samples compiled in (../shared/terminology).
@Suite struct TerminologyValidationTests {
    static let terminologyRoot = sharedRoot + "/terminology"

    static let release: ReleaseStore = {
        let path = TemporaryFiles.path("tx.sqlite")
        let sources = TerminologySources(
            snomed: [terminologyRoot + "/snomed/snowstorm-MiniCT_INT_GB_20140131", terminologyRoot + "/snomed/rdiagnosislist-uk-sample-reserialised"],
            dmd: [terminologyRoot + "/dmd/openprescribing-nhsbsa_dmd_4.0.1_20190401"],
            ods: [terminologyRoot + "/ods/ods-epraccur-2019-11/epraccur.csv", terminologyRoot + "/ods/ods-etr-2020-02/etr.csv"])
        try! CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [], terminology: sources, to: path)
        return try! CompiledCache(path: path).releaseStore()
    }()

    static let profile = "http://example.org/StructureDefinition/finding-observation"
    static let memberOfProfile = "http://example.org/StructureDefinition/member-of-observation"

    /// R4 core, a profile binding `Observation.code` (required) to clinical findings, and its value set.
    static let index: ConformanceIndex = {
        let folder = TemporaryFiles.path("defs")
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let valueSet = #"{"resourceType": "ValueSet", "url": "http://example.org/ValueSet/findings", "name": "Findings", "status": "active", "compose": {"include": [{"system": "http://snomed.info/sct", "filter": [{"property": "constraint", "op": "=", "value": "<< 404684003 |Clinical finding|"}]}]}}"#
        let structure = #"{"resourceType": "StructureDefinition", "url": "\#(profile)", "name": "FindingObservation", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "derivation": "constraint", "differential": {"element": [{"id": "Observation.code", "path": "Observation.code", "binding": {"strength": "required", "valueSet": "http://example.org/ValueSet/findings"}}]}}"#
        try! Data(valueSet.utf8).write(to: URL(fileURLWithPath: folder + "/vs.json"))
        try! Data(structure.utf8).write(to: URL(fileURLWithPath: folder + "/sd.json"))
        let invariant = #"{"resourceType": "StructureDefinition", "url": "\#(memberOfProfile)", "name": "MemberOfObservation", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "derivation": "constraint", "differential": {"element": [{"id": "Observation", "path": "Observation", "constraint": [{"key": "tst-1", "severity": "error", "human": "The code is a clinical finding", "expression": "code.memberOf('http://example.org/ValueSet/findings')"}]}]}}"#
        try! Data(invariant.utf8).write(to: URL(fileURLWithPath: folder + "/memberof.json"))
        let supplement = #"{"resourceType": "CodeSystem", "url": "http://example.org/CodeSystem/supplement", "status": "draft", "content": "complete", "supplements": "http://loinc.org", "concept": [{"code": "test"}]}"#
        try! Data(supplement.utf8).write(to: URL(fileURLWithPath: folder + "/supplement.json"))
        return try! DefinitionLoader().load(packages: [corePackagePath], definitions: [folder])
    }()

    static let withRelease = Validator(index: index, release: release)
    static let withoutRelease = Validator(index: index)

    func observation(code: String, display: String? = nil) -> [UInt8] {
        let displayPart = display.map { #", "display": "\#($0)""# } ?? ""
        return Array(#"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://snomed.info/sct", "code": "\#(code)"\#(displayPart)}]}}"#.utf8)
    }

    func issues(_ validator: Validator, _ bytes: [UInt8], profiles: [String] = [profile]) -> [String] {
        validator.validate(bytes, format: .json, profiles: profiles).issues.filter { $0.messageID != "dom-6" }.map { "\($0.severity) \(summary($0))" }
    }

    @Test func codeInTheBoundSnomedValueSetPasses() {
        #expect(issues(Self.withRelease, observation(code: "131148009", display: "Bleeding")) == [])
    }

    @Test func codeOutsideTheRequiredValueSetIsAnError() {
        #expect(issues(Self.withRelease, observation(code: "123037004", display: "Body structure")) ==
            ["error binding.not-in-value-set@Observation.code@1:60"])
    }

    @Test func unknownSnomedConceptIsAnError() {
        #expect(issues(Self.withRelease, observation(code: "22298006")) ==
            ["error code.unknown@Observation.code.coding[0].code@1:117", "error binding.not-in-value-set@Observation.code@1:60"])
    }

    @Test func malformedConceptIdIsAnErrorEvenWithoutARelease() {
        let result = issues(Self.withoutRelease, observation(code: "22298007"), profiles: [])
        #expect(result == ["error code.unknown@Observation.code.coding[0].code@1:117"])
    }

    @Test func inactiveConceptAndWrongDisplayAreWarnings() {
        let result = Self.withRelease.validate(observation(code: "246188002", display: "Not a term"), format: .json).issues
            .filter { $0.messageID != "dom-6" }
        #expect(result.map(\.messageID) == ["code.inactive", "code.wrong-display"])
        #expect(result.map(\.severity) == [.warning, .warning])
        #expect(result[0].message == "The concept 246188002 |Finding| is inactive in http://snomed.info/sct")
        #expect(result[1].expression == "Observation.code.coding[0].display")
    }

    @Test func displayMayBeAnySynonymIgnoringCase() {
        #expect(issues(Self.withRelease, observation(code: "131148009", display: "BLEEDING (finding)"), profiles: []) == [])
    }

    @Test func withoutSnomedTheBindingIsAWarningNamingTheReleaseToCompile() {
        let result = Self.withoutRelease.validate(observation(code: "131148009"), format: .json, profiles: [Self.profile]).issues
            .filter { $0.messageID != "dom-6" }
        #expect(result.map(\.messageID) == ["binding.not-checked"])
        #expect(result.first?.severity == .warning)
        #expect(result.first?.message.contains("fhirval compile --snomed") == true)
    }

    @Test func dmdCodesAreKnownUnderSnomed() {
        // Paracetamol (VTM) is a UK drug extension concept: found through dm+d.
        let medication = #"{"resourceType": "Medication", "code": {"coding": [{"system": "http://snomed.info/sct", "code": "90332006", "display": "Paracetamol"}]}}"#
        #expect(issues(Self.withRelease, Array(medication.utf8), profiles: []) == [])
    }

    func organization(_ code: String) -> [UInt8] {
        Array(#"{"resourceType": "Organization", "identifier": [{"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "\#(code)"}]}"#.utf8)
    }

    @Test func odsCodes() {
        #expect(issues(Self.withRelease, organization("A81001"), profiles: []) == [])
        #expect(issues(Self.withRelease, organization("R0A"), profiles: []) == [])
        #expect(issues(Self.withRelease, organization("ZZZ99"), profiles: []) == ["error ods-code.unknown@Organization.identifier[0].value@1:117"])
        #expect(issues(Self.withRelease, organization("A81003"), profiles: []) == ["warning ods-code.closed@Organization.identifier[0].value@1:117"])
        #expect(issues(Self.withRelease, organization("a81"), profiles: []) == ["error ods-code.invalid@Organization.identifier[0].value@1:117"])
    }

    @Test func withoutODSDataOnlyTheFormatIsChecked() {
        #expect(issues(Self.withoutRelease, organization("ZZZ99"), profiles: []) == [])
        #expect(issues(Self.withoutRelease, organization("AB-1"), profiles: []) == ["error ods-code.invalid@Organization.identifier[0].value@1:117"])
        // Valid characters but an unusual length is only a warning.
        #expect(issues(Self.withoutRelease, organization("57435939053"), profiles: []) == ["warning ods-code.invalid@Organization.identifier[0].value@1:117"])
    }

    @Test func memberOfInAnInvariantUsesTheRelease() {
        #expect(issues(Self.withRelease, observation(code: "131148009", display: "Bleeding"), profiles: [Self.memberOfProfile]) == [])
        #expect(issues(Self.withRelease, observation(code: "123037004", display: "Body structure"), profiles: [Self.memberOfProfile]) ==
            ["error tst-1@Observation@1:1"])
        // Without SNOMED CT, membership is unknown: memberOf() is empty and the invariant does not fail.
        #expect(issues(Self.withoutRelease, observation(code: "123037004"), profiles: [Self.memberOfProfile]) == [])
    }

    @Test func supplementCannotBeTheSystemOfACode() {
        let observation = #"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://example.org/CodeSystem/supplement", "code": "test"}]}}"#
        #expect(issues(Self.withoutRelease, Array(observation.utf8), profiles: []) == ["error code.system-is-supplement@Observation.code.coding[0].system@1:83"])
    }
}

@Suite struct BuiltInCodeSystemValidationTests {
    @Test func quantityUnitsAreCheckedAsUCUM() {
        let observation = #"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mg/dLL"}}"#
        #expect(errorSummaries(validateJSON(observation)) == ["code.unknown@Observation.valueQuantity.code@1:152"])
        #expect(errorSummaries(validateJSON(observation.replacingOccurrences(of: "mg/dLL", with: "mg/dL"))) == [])
    }

    @Test func mimeTypeBindingIsCheckedByGrammar() {
        let patient = #"{"resourceType": "Patient", "photo": [{"contentType": "image/jpeg"}, {"contentType": "jpeg"}]}"#
        #expect(errorSummaries(validateJSON(patient)) == ["binding.not-in-value-set@Patient.photo[1].contentType@1:86"])
    }

    @Test func languageCodingsAreCheckedByGrammar() {
        let patient = #"{"resourceType": "Patient", "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en-GB"}, {"system": "urn:ietf:bcp:47", "code": "english!"}]}}]}"#
        #expect(errorSummaries(validateJSON(patient)) == ["code.unknown@Patient.communication[0].language.coding[1].code@1:158"])
    }
}

@Suite struct SnomedDescriptionRuleTests {
    func condition(code: String, descriptionID: String, display: String) -> [UInt8] {
        Array(#"""
        {"resourceType": "Condition", "subject": {"reference": "Patient/p"}, "code": {"coding": [{"extension": [
          {"url": "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CodingSCTDescId", "extension": [
            {"url": "descriptionId", "valueId": "\#(descriptionID)"}, {"url": "descriptionDisplay", "valueString": "\#(display)"}]}],
          "system": "http://snomed.info/sct", "code": "\#(code)"}]}}
        """#.utf8)
    }

    func issues(_ validator: Validator, _ bytes: [UInt8]) -> [String] {
        validator.validate(bytes, format: .json).issues.filter { $0.messageID.hasPrefix("snomed.") }.map { "\($0.severity) \($0.messageID)@\($0.expression ?? "")" }
    }

    @Test func descriptionOfTheCodedConceptWithItsTermPasses() {
        #expect(issues(TerminologyValidationTests.withRelease, condition(code: "131148009", descriptionID: "210860014", display: "Bleeding")) == [])
    }

    @Test func descriptionOfAnotherConceptIsAnError() {
        #expect(issues(TerminologyValidationTests.withRelease, condition(code: "131148009", descriptionID: "179085010", display: "Disease")) ==
            ["error snomed.description-wrong-concept@Condition.code.coding[0].extension[0]"])
    }

    @Test func wrongDisplayIsAWarning() {
        #expect(issues(TerminologyValidationTests.withRelease, condition(code: "131148009", descriptionID: "735516015", display: "Bleeding")) ==
            ["warning snomed.description-wrong-display@Condition.code.coding[0].extension[0]"])
    }

    @Test func malformedDescriptionIdIsAnErrorEvenWithoutARelease() {
        // 131148009 is a concept id (partition 00), not a description id.
        #expect(issues(TerminologyValidationTests.withoutRelease, condition(code: "131148009", descriptionID: "131148009", display: "Bleeding")) ==
            ["error snomed.description-invalid@Condition.code.coding[0].extension[0]"])
        #expect(issues(TerminologyValidationTests.withoutRelease, condition(code: "131148009", descriptionID: "210860014", display: "x")) == [])
    }

    @Test func unknownDescriptionInALoadedNamespaceIsAnError() {
        // 301480018 "Bronchial asthma" is in the UK sample; 123456017 is well-formed but in no release.
        #expect(issues(TerminologyValidationTests.withRelease, condition(code: "195967001", descriptionID: "301480018", display: "Bronchial asthma")) == [])
        #expect(issues(TerminologyValidationTests.withRelease, condition(code: "195967001", descriptionID: "123456017", display: "Bronchial asthma")) ==
            ["error snomed.description-invalid@Condition.code.coding[0].extension[0]"])
    }
}

@Suite struct CapabilityStatementFormatTests {
    @Test func formatShorthandsAreAllowedBesideMimeTypes() {
        let statement = #"{"resourceType": "CapabilityStatement", "status": "active", "date": "2024-01-01", "kind": "instance", "fhirVersion": "4.0.1", "implementation": {"description": "x"}, "rest": [{"mode": "server"}], "format": ["xml", "json", "application/fhir+json", "yaml"]}"#
        #expect(errorSummaries(validateJSON(statement)).map { $0.components(separatedBy: "@")[0] + "@" + $0.components(separatedBy: "@")[1] } ==
            ["binding.not-in-value-set@CapabilityStatement.format[3]"])
    }
}
