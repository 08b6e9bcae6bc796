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

@Suite struct RelativeReferenceFormTests {
    /// Type/id and Type/id/_history/vid, with a known resource type and valid ids; nothing else.
    @Test(arguments: [
        ("Organization/1", true), ("Organization/a-Z.9", true), ("Organization/1/_history/2", true),
        ("Organization/", false), ("/1", false), ("organization/1", false), ("Organization/a_b", false),
        ("Organization/1/_history/", false), ("Organization/1/_hist/2", false), ("Organization/1/_history/2/3", false),
        ("Organization/1/2", false), ("Organisation/1", false), ("Organization/\(String(repeating: "1", count: 65))", false),
    ])
    func relativeReferencesAreTypeSlashId(reference: String, wellFormed: Bool) {
        let json = #"{"resourceType": "Patient", "managingOrganization": {"reference": "\#(reference)"}}"#
        let found = errors(validateJSON(json)).filter { $0.messageID == "reference.relative-format" }
        #expect(found.count == (wellFormed ? 0 : 1), "\(reference)")
    }
}
