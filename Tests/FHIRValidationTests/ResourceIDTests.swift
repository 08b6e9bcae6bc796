import Testing

@Suite struct ResourceIDTests {
    @Test func validIDPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "id": "a-B.9"}"#)) == [])
    }

    @Test func invalidCharactersAreReportedInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "id": "bad-id_1"}"#)
        #expect(errorSummaries(result) == ["resource.id-invalid@Patient.id@1:35"])
        #expect(errors(result).first?.message == "Invalid Resource id: Invalid Characters ('bad-id_1')")
    }

    @Test func tooLongIDIsReportedInXML() {
        let id = String(repeating: "a", count: 65)
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"\(id)\"/></Patient>")
        #expect(errorSummaries(result) == ["resource.id-too-long@Patient.id@1:38"])
    }
}
