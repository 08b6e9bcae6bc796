import Testing

@Suite struct NarrativeTests {
    private func patient(div: String) -> String {
        "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>\(div)</text></Patient>"
    }

    @Test func plainFormattingPasses() {
        let xml = patient(div: ##"<div xmlns="http://www.w3.org/1999/xhtml"><p class="x">Hi <b>there</b> <a href="#x">link</a></p></div>"##)
        #expect(errorSummaries(validateXML(xml)) == [])
    }

    @Test func scriptElementIsRejectedInXML() {
        let xml = patient(div: #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p><script>alert(1)</script></div>"#)
        let result = validateXML(xml)
        #expect(errorSummaries(result) == ["xhtml.element@Patient.text.div@1:122"])
        #expect(errors(result).first?.message == "Illegal element name in the XHTML ('script')")
    }

    @Test func eventAttributeIsRejectedInJSON() {
        let json = #"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">Hi</p></div>"}}"#
        let result = validateJSON(json)
        #expect(errors(result).map(\.messageID) == ["xhtml.attribute"])
        #expect(errors(result).first?.expression == "Patient.text.div")
    }

    @Test func javascriptLinksAreRejected() {
        let xml = patient(div: #"<div xmlns="http://www.w3.org/1999/xhtml"><a href="javascript:x()">Hi</a></div>"#)
        #expect(errors(validateXML(xml)).map(\.messageID) == ["xhtml.script-url"])
    }

    @Test func emptyNarrativeFailsTxt2() {
        let xml = patient(div: #"<div xmlns="http://www.w3.org/1999/xhtml">  </div>"#)
        #expect(errors(validateXML(xml)).map(\.messageID) == ["txt-2"])
    }

    @Test func divOutsideTheXHTMLNamespaceIsRejected() {
        let json = #"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div>Hi</div>"}}"#
        #expect(errors(validateJSON(json)).map(\.messageID) == ["xhtml.root"])
    }
}
