import Testing

@Suite struct NarrativeTests {
    private func patient(div: String) -> String {
        "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>\(div)</text></Patient>"
    }

    @Test func plainFormattingPasses() {
        let xml = patient(div: ##"<div xmlns="http://www.w3.org/1999/xhtml"><p class="x">Hi <b>there</b> <a href="#x">link</a><a name="x"/></p></div>"##)
        #expect(errorSummaries(validateXML(xml)) == [])
    }

    @Test func scriptElementIsRejectedInXML() {
        let xml = patient(div: #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p><script>alert(1)</script></div>"#)
        let result = validateXML(xml)
        // The element is named where it is; txt-1 (only HTML 4 formatting) fails once, at the div.
        #expect(errorSummaries(result) == ["xhtml.element@Patient.text.div@1:122", "txt-1@Patient.text.div@1:71"])
        #expect(errors(result).first?.message == "Illegal element name in the XHTML ('script')")
    }

    @Test func eventAttributeIsRejectedInJSON() {
        let json = #"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"x()\">Hi</p></div>"}}"#
        let result = validateJSON(json)
        #expect(errors(result).map(\.messageID) == ["xhtml.attribute", "txt-1"])
        #expect(errors(result).first?.expression == "Patient.text.div")
    }

    @Test func txt1FailsOnceHoweverManyElementsAreOutsideHTML4() {
        let xml = patient(div: #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p><script>a()</script><form/><p onclick="x()">y</p></div>"#)
        #expect(errors(validateXML(xml)).map(\.messageID) == ["xhtml.element", "xhtml.element", "xhtml.attribute", "txt-1"])
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

    @Test func linkToAnAnchorThatIsNotThereIsAnError() {
        let xml = patient(div: ##"<div xmlns="http://www.w3.org/1999/xhtml"><table><tr><td><a href="#gone">The  missing   part</a></td></tr></table></div>"##)
        let result = validateXML(xml)
        #expect(errorSummaries(result) == ["xhtml.link-unresolved@Patient.text.div@1:131"])
        #expect(errors(result).first?.message == "Hyperlink '#gone' at 'div/table/tr/td/a' for 'The missing part' does not resolve")
    }

    @Test func linksResolveToAnchorsElementIdsContainedResourcesAndTheTop() {
        let json = #"""
        {"resourceType": "Patient",
         "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a name=\"top\"/><p id=\"para\">See <a href=\"#top\">top</a>, <a href=\"#para\">para</a>, <a href=\"#org\">org</a>, <a href=\"#\">page</a></p></div>"},
         "contained": [{"resourceType": "Organization", "id": "org", "name": "Org"}],
         "managingOrganization": {"reference": "#org"}}
        """#
        #expect(errorSummaries(validateJSON(json)) == [])
    }

    @Test func containedNarrativeMayLinkToItsContainer() {
        let json = #"""
        {"resourceType": "Patient",
         "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a name=\"summary\"/>Patient</div>"},
         "contained": [{"resourceType": "Organization", "id": "org", "name": "Org",
           "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#summary\">back</a> <a href=\"#elsewhere\">away</a></div>"}}],
         "managingOrganization": {"reference": "#org"}}
        """#
        let result = validateJSON(json)
        #expect(errors(result).map(\.messageID) == ["xhtml.link-unresolved"])
        #expect(errors(result).first?.expression == "Patient.contained[0].text.div")
        #expect(errors(result).first?.message.contains("'#elsewhere'") == true)
    }
}
