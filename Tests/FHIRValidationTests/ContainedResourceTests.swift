import Testing

@Suite struct ContainedResourceTests {
    @Test func referencedContainedResourcePasses() {
        let json = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o1", "name": "X"}], "managingOrganization": {"reference": "#o1"}}"##
        #expect(errorSummaries(validateJSON(json)) == [])
    }

    @Test func unreferencedContainedResourceIsDom3() {
        let json = #"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o1", "name": "X"}]}"#
        #expect(errorSummaries(validateJSON(json)) == ["dom-3@Patient.contained[0]@1:43"])
    }

    @Test func nestedContainedMetaAndSecurityAreReportedInXML() {
        let xml = """
        <Patient xmlns="http://hl7.org/fhir">
          <contained>
            <Organization>
              <id value="o1"/>
              <meta><versionId value="1"/><security><code value="R"/></security></meta>
              <contained><Organization><id value="o2"/></Organization></contained>
            </Organization>
          </contained>
          <managingOrganization><reference value="#o1"/></managingOrganization>
        </Patient>
        """
        let ids = errors(validateXML(xml)).map(\.messageID)
        #expect(ids.contains("dom-2"))
        #expect(ids.contains("dom-4"))
        #expect(ids.contains("dom-5"))
        #expect(errors(validateXML(xml)).first { $0.messageID == "dom-2" }?.expression == "Patient.contained[0]")
    }

    @Test func containedResourceIsValidatedAgainstItsOwnType() {
        let json = ##"{"resourceType": "Patient", "contained": [{"resourceType": "Organization", "id": "o1", "name": "X", "gender": "x"}], "managingOrganization": {"reference": "#o1"}}"##
        #expect(errorSummaries(validateJSON(json)) == ["element.unknown@Patient.contained[0].gender@1:111"])
    }
}
