import FHIRValidation
import Foundation
import Testing

@Suite struct ReferenceTargetRuleTests {
    @Test func allowedTargetTypePasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "managingOrganization": {"reference": "Organization/1"}}"#)) == [])
    }

    @Test func referenceToATypeTheElementCannotTargetIsAnErrorInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "managingOrganization": {"reference": "Patient/1"}}"#)
        #expect(errorSummaries(result) == ["reference.target-type@Patient.managingOrganization.reference@1:67"])
        #expect(errors(result).first?.message
            == "The type 'Patient' implied by the reference URL Patient/1 is not a valid Target for this element (must be one of [Organization])")
    }

    @Test func absoluteReferenceTypeIsCheckedInXML() {
        let xml = #"<Patient xmlns="http://hl7.org/fhir"><managingOrganization><reference value="http://x.org/fhir/Group/1"/></managingOrganization></Patient>"#
        #expect(errorSummaries(validateXML(xml)) == ["reference.target-type@Patient.managingOrganization.reference@1:60"])
    }

    @Test func containedTargetTypeIsChecked() {
        let json = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Practitioner", "id": "p1"}], "managingOrganization": {"reference": "#p1"}}"##
        #expect(errors(validateJSON(json)).map(\.messageID) == ["reference.target-type"])
    }

    static let profiles = """
    <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
      <entry><resource><StructureDefinition>
        <url value="http://example.org/fhir/StructureDefinition/named-org"/><name value="NamedOrg"/><status value="draft"/>
        <kind value="resource"/><abstract value="false"/><type value="Organization"/>
        <baseDefinition value="http://hl7.org/fhir/StructureDefinition/Organization"/><derivation value="constraint"/>
        <differential><element id="Organization.name"><path value="Organization.name"/><min value="1"/></element></differential>
      </StructureDefinition></resource></entry>
      <entry><resource><StructureDefinition>
        <url value="http://example.org/fhir/StructureDefinition/managed-patient"/><name value="ManagedPatient"/><status value="draft"/>
        <kind value="resource"/><abstract value="false"/><type value="Patient"/>
        <baseDefinition value="http://hl7.org/fhir/StructureDefinition/Patient"/><derivation value="constraint"/>
        <differential><element id="Patient.managingOrganization"><path value="Patient.managingOrganization"/>
          <type><code value="Reference"/><targetProfile value="http://example.org/fhir/StructureDefinition/named-org"/></type>
        </element></differential>
      </StructureDefinition></resource></entry>
      <entry><resource><ImplementationGuide>
        <url value="http://example.org/fhir/ImplementationGuide/ig"/><name value="IG"/><status value="draft"/>
        <packageId value="example.ig"/><fhirVersion value="4.0.1"/>
        <global><type value="Patient"/><profile value="http://example.org/fhir/StructureDefinition/managed-patient"/></global>
      </ImplementationGuide></resource></entry>
    </Bundle>
    """

    static let validator: Validator = coreValidator(adding: [profiles])

    @Test func containedTargetKeepsItsContainerWhenCheckedAgainstATargetProfile() {
        // o's partOf points at its sibling o2: ref-1 holds only if %rootResource is the Patient.
        let json = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o", "name": "X", "partOf": {"reference": "#o2"}}, {"resourceType": "Organization", "id": "o2", "name": "Y"}], "managingOrganization": {"reference": "#o"}}"##
        #expect(errorSummaries(Self.validator.validate(Array(json.utf8))) == [])
    }

    @Test func containedTargetMustConformToTheTargetProfileNamedByAGlobalProfile() {
        // The IG makes managed-patient global for Patient; its reference must reach a named Organization.
        let good = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o", "name": "X"}], "managingOrganization": {"reference": "#o"}}"##
        #expect(errorSummaries(Self.validator.validate(Array(good.utf8))) == [])
        let bad = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o", "identifier": [{"value": "1"}]}], "managingOrganization": {"reference": "#o"}}"##
        #expect(errorSummaries(Self.validator.validate(Array(bad.utf8))) == ["reference.target-profile@Patient.managingOrganization.reference@1:159"])
    }
}
