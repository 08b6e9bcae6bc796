import Testing

@Suite struct XMLOrderTests {
    @Test func elementsInDefinitionOrderPass() {
        let xml = #"<Patient xmlns="http://hl7.org/fhir"><id value="a"/><active value="true"/><gender value="male"/><birthDate value="2000"/></Patient>"#
        #expect(errorSummaries(validateXML(xml)) == [])
    }

    @Test func elementOutOfOrderIsReported() {
        let xml = "<Patient xmlns=\"http://hl7.org/fhir\">\n  <gender value=\"male\"/>\n  <active value=\"true\"/>\n</Patient>"
        let result = validateXML(xml)
        #expect(errorSummaries(result) == ["xml.out-of-order@Patient.active@3:3"])
        #expect(errors(result).first?.code == .invalid)
    }

    @Test func extensionUrlAttributeDoesNotBreakOrder() {
        let xml = #"<Patient xmlns="http://hl7.org/fhir"><extension url="http://example.org/a"><extension url="b"><valueString value="x"/></extension></extension></Patient>"#
        #expect(errors(validateXML(xml)).filter { $0.messageID == "xml.out-of-order" }.isEmpty)
    }

    @Test func jsonOrderIsNotSignificant() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "gender": "male", "active": true}"#)) == [])
    }
}
