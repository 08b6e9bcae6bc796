import Testing

@Suite struct ReferenceFormatRuleTests {
    @Test(arguments: ["Organization/1", "Organization/1/_history/2", "http://x.org/fhir/Organization/1", "urn:uuid:c757873d-ec9a-4326-a141-556f43239520", "#o1"])
    func wellFormedReferencesPass(reference: String) {
        let json = #"{"resourceType": "Patient", "managingOrganization": {"reference": "\#(reference)"}}"#
        #expect(errors(validateJSON(json)).filter { $0.messageID == "reference.relative-format" } == [])
    }

    @Test func bareIdIsNotARelativeReferenceInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "managingOrganization": {"reference": "c757873d"}}"#)
        #expect(errorSummaries(result) == ["reference.relative-format@Patient.managingOrganization.reference@1:67"])
        #expect(errors(result).first?.message == "Relative URLs must be of the format [ResourceName]/[id]. Encountered c757873d")
    }

    @Test func unknownResourceTypeIsNotARelativeReferenceInXML() {
        let xml = #"<Patient xmlns="http://hl7.org/fhir"><managingOrganization><reference value="Chicken/1"/></managingOrganization></Patient>"#
        #expect(errorSummaries(validateXML(xml)) == ["reference.relative-format@Patient.managingOrganization.reference@1:60"])
    }
}
