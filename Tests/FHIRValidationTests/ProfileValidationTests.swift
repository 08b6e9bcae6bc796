import FHIRValidation
import Foundation
import Testing

/// Profiles published as differentials: snapshots generated here, then cardinality,
/// choice restriction, fixed and pattern values checked.
@Suite struct ProfileValidationTests {
    static let profileXML = """
    <StructureDefinition xmlns="http://hl7.org/fhir">
      <url value="http://example.org/fhir/StructureDefinition/strict-patient"/>
      <name value="StrictPatient"/><status value="draft"/><kind value="resource"/><abstract value="false"/>
      <type value="Patient"/>
      <baseDefinition value="http://hl7.org/fhir/StructureDefinition/Patient"/>
      <derivation value="constraint"/>
      <differential>
        <element id="Patient.identifier"><path value="Patient.identifier"/><min value="1"/></element>
        <element id="Patient.identifier.system"><path value="Patient.identifier.system"/><min value="1"/>
          <fixedUri value="https://fhir.nhs.uk/Id/nhs-number"/></element>
        <element id="Patient.gender"><path value="Patient.gender"/><fixedCode value="female"/></element>
        <element id="Patient.maritalStatus"><path value="Patient.maritalStatus"/>
          <patternCodeableConcept><coding><system value="http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"/><code value="M"/></coding></patternCodeableConcept>
        </element>
        <element id="Patient.deceased[x]"><path value="Patient.deceased[x]"/><type><code value="boolean"/></type></element>
      </differential>
    </StructureDefinition>
    """

    static let validator: Validator = coreValidator(adding: [profileXML])

    static let profile = "http://example.org/fhir/StructureDefinition/strict-patient"

    private func check(_ json: String) -> [String] {
        errorSummaries(Self.validator.validate(Array(json.utf8), format: .json, profiles: [Self.profile]))
    }

    @Test func conformingPatientPasses() {
        #expect(check(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}], "gender": "female", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M", "display": "Married"}], "text": "married"}}"#) == [])
    }

    @Test func profileCardinalityIsEnforced() {
        #expect(check(#"{"resourceType": "Patient"}"#) == ["cardinality.min@Patient@1:1"])
    }

    @Test func fixedValueInsideADatatypeIsEnforced() {
        #expect(check(#"{"resourceType": "Patient", "identifier": [{"system": "https://example.org/other"}]}"#)
            == ["fixed.value@Patient.identifier[0].system@1:55"])
    }

    @Test func fixedCodeIsEnforced() {
        #expect(check(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number"}], "gender": "male"}"#)
            == ["fixed.value@Patient.gender@1:104"])
    }

    @Test func patternMismatchIsReported() {
        #expect(check(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number"}], "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "S"}]}}"#)
            == ["pattern.value@Patient.maritalStatus@1:111"])
    }

    @Test func restrictedChoiceTypeIsEnforced() {
        #expect(check(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number"}], "deceasedDateTime": "2020"}"#)
            == ["choice.type-not-allowed@Patient.deceasedDateTime@1:114"])
    }
}
