import Testing

@Suite struct UnknownElementTests {
    @Test func knownElementsPassInJSONAndXML() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "active": true, "gender": "male"}"#)) == [])
        #expect(errorSummaries(validateXML(#"<Patient xmlns="http://hl7.org/fhir"><active value="true"/><gender value="male"/></Patient>"#)) == [])
    }

    @Test func unknownElementIsReportedInJSON() {
        let result = validateJSON("{\"resourceType\": \"Patient\",\n  \"colour\": \"blue\"}")
        #expect(errorSummaries(result) == ["element.unknown@Patient.colour@2:13"])
        #expect(errors(result).first?.code == .structure)
    }

    @Test func unknownElementIsReportedInXML() {
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\">\n  <colour value=\"blue\"/>\n</Patient>")
        #expect(errorSummaries(result) == ["element.unknown@Patient.colour@2:3"])
    }

    @Test func unknownElementInsideADatatypeIsReportedWithIndices() {
        let result = validateJSON(#"{"resourceType": "Patient", "name": [{"family": "X"}, {"nickname": "Y"}]}"#)
        #expect(errorSummaries(result) == ["element.unknown@Patient.name[1].nickname@1:68"])
    }
}
