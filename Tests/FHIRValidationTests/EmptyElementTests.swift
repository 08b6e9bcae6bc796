import Testing

@Suite struct EmptyElementTests {
    @Test func emptyObjectIsAnErrorInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "maritalStatus": {}}"#)
        #expect(errorSummaries(result) == ["element.empty@Patient.maritalStatus@1:46"])
    }

    @Test func emptyElementIsAnErrorInXML() {
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\">\n  <maritalStatus/>\n</Patient>")
        #expect(errorSummaries(result) == ["element.empty@Patient.maritalStatus@2:3"])
    }

    @Test func elementWithContentPasses() {
        #expect(errorSummaries(validateXML(#"<Patient xmlns="http://hl7.org/fhir"><maritalStatus><text value="x"/></maritalStatus></Patient>"#)) == [])
    }

    @Test func objectEmptiedByAReportedEmptyArrayIsNotReportedAgain() {
        let result = validateJSON(#"{"resourceType": "Patient", "maritalStatus": {"coding": []}}"#)
        #expect(errorSummaries(result) == ["json.empty-array@Patient.maritalStatus.coding@1:57"])
        let null = validateJSON(#"{"resourceType": "Patient", "maritalStatus": {"text": null}}"#)
        #expect(errors(null).map(\.messageID) == ["json.null-property"])
    }

    @Test func objectWithOnlyCommentsIsStillEmpty() {
        let result = validateJSON(#"{"resourceType": "Patient", "maritalStatus": {"fhir_comments": ["x"]}}"#)
        #expect(errors(result).map(\.messageID) == ["element.empty"])
    }
}
