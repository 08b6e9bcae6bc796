import FHIRValidation
import Foundation
import Testing

/// Slicing against real UK Core STU2 profiles (snapshots generated here) and small local ones.
@Suite struct SlicingTests {
    static let ukCore: Validator = try! Validator.load(packages: [corePackagePath], definitions: [sharedRoot + "/ukcore/structuredefinitions"])
    static let ukCorePatient = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"

    private func ukCore(_ json: String) -> [String] {
        errorSummaries(Self.ukCore.validate(Array(json.utf8), format: .json, profiles: [Self.ukCorePatient]))
    }

    @Test func oneNHSNumberPasses() {
        #expect(ukCore(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}]}"#) == [])
    }

    @Test func secondNHSNumberExceedsTheSliceMaximum() {
        let result = Self.ukCore.validate(Array(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009"}, {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000017"}]}"#.utf8), profiles: [Self.ukCorePatient])
        #expect(errorSummaries(result) == ["slicing.max@Patient@1:1"])
        #expect(errors(result).first?.message.hasPrefix("Patient.identifier:nhsNumber: max allowed = 1, but found 2") == true)
    }

    @Test func nhsNumberSliceRequiresAValue() {
        #expect(ukCore(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number"}]}"#)
            == ["cardinality.min@Patient.identifier[0]@1:44"])
    }

    @Test func otherIdentifiersFallOutsideTheOpenSlicing() {
        #expect(ukCore(#"{"resourceType": "Patient", "identifier": [{"system": "https://example.org/mrn"}]}"#) == [])
    }

    @Test func verificationStatusExtensionWithTheWrongValueTypeIsAnErrorInXML() {
        let xml = """
        <Patient xmlns="http://hl7.org/fhir">
          <identifier>
            <extension url="https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus">
              <valueString value="verified"/>
            </extension>
            <system value="https://fhir.nhs.uk/Id/nhs-number"/>
            <value value="9000000009"/>
          </identifier>
        </Patient>
        """
        let summaries = errorSummaries(Self.ukCore.validate(Array(xml.utf8), format: .xml, profiles: [Self.ukCorePatient]))
        #expect(summaries.contains("choice.type-not-allowed@Patient.identifier[0].extension[0].valueString@4:7"))
    }

    static let closedProfile = """
    <StructureDefinition xmlns="http://hl7.org/fhir">
      <url value="http://example.org/fhir/StructureDefinition/closed-telecom"/>
      <name value="ClosedTelecom"/><status value="draft"/><kind value="resource"/><abstract value="false"/>
      <type value="Patient"/><baseDefinition value="http://hl7.org/fhir/StructureDefinition/Patient"/><derivation value="constraint"/>
      <differential>
        <element id="Patient.telecom"><path value="Patient.telecom"/>
          <slicing><discriminator><type value="value"/><path value="system"/></discriminator><rules value="closed"/></slicing></element>
        <element id="Patient.telecom:phone"><path value="Patient.telecom"/><sliceName value="phone"/><min value="1"/><max value="1"/></element>
        <element id="Patient.telecom:phone.system"><path value="Patient.telecom.system"/><fixedCode value="phone"/></element>
        <element id="Patient.deceased[x]"><path value="Patient.deceased[x]"/>
          <slicing><discriminator><type value="type"/><path value="$this"/></discriminator><rules value="closed"/></slicing></element>
        <element id="Patient.deceased[x]:deceasedBoolean"><path value="Patient.deceased[x]"/><sliceName value="deceasedBoolean"/>
          <type><code value="boolean"/></type></element>
      </differential>
    </StructureDefinition>
    """

    static let local: Validator = coreValidator(adding: [closedProfile])

    private func local(_ json: String) -> [String] {
        errorSummaries(Self.local.validate(Array(json.utf8), format: .json, profiles: ["http://example.org/fhir/StructureDefinition/closed-telecom"]))
    }

    @Test func closedSlicingAcceptsOnlyItsSlices() {
        #expect(local(#"{"resourceType": "Patient", "telecom": [{"system": "phone", "value": "1"}]}"#) == [])
        #expect(local(#"{"resourceType": "Patient", "telecom": [{"system": "phone", "value": "1"}, {"system": "email", "value": "a@b"}]}"#)
            == ["slicing.no-match@Patient.telecom[1]@1:76"])
    }

    @Test func requiredSliceMissingIsReported() {
        let result = Self.local.validate(Array(#"{"resourceType": "Patient", "telecom": [{"system": "fax", "value": "1"}]}"#.utf8),
                                         profiles: ["http://example.org/fhir/StructureDefinition/closed-telecom"])
        #expect(errorSummaries(result) == ["slicing.no-match@Patient.telecom[0]@1:41", "slicing.min@Patient@1:1"])
        #expect(errors(result).last?.message.hasPrefix("Slice 'Patient.telecom:phone': a matching slice is required, but not found") == true)
    }

    @Test func typeDiscriminatorSelectsTheChoiceSlice() {
        let base = #"{"resourceType": "Patient", "telecom": [{"system": "phone", "value": "1"}], "#
        #expect(local(base + #""deceasedBoolean": true}"#) == [])
        #expect(local(base + #""deceasedDateTime": "2020"}"#) == ["slicing.no-match@Patient.deceasedDateTime@1:97"])
    }
}

/// The R4 blood pressure profile discriminates components by `code.coding.code` and `.system`,
/// which only its coding slices fix.
@Suite struct CoreVitalSignsSlicingTests {
    static let bp = try! String(contentsOfFile: repositoryRoot + "/Examples/observation-valid.json", encoding: .utf8)

    @Test func bloodPressureWithBothComponentsPasses() {
        #expect(errorSummaries(validateJSON(Self.bp)) == [])
    }

    @Test func missingDiastolicComponentIsReported() {
        let result = validateJSON(Self.bp.replacingOccurrences(of: "\"8462-4\"", with: "\"9999-9\""))
        #expect(errorSummaries(result) == ["slicing.min@Observation@1:1"])
        #expect(errors(result).first?.message.hasPrefix("Slice 'Observation.component:DiastolicBP': a matching slice is required") == true)
    }
}
