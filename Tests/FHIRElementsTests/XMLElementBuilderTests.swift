import Testing
@testable import FHIRElements

@Suite struct XMLElementBuilderTests {
    private func parse(_ text: String) -> ParsedResource { ResourceParser.parse(Array(text.utf8), format: .xml) }

    @Test func valueIdAndUrlAttributesBecomeElements() throws {
        let parsed = parse("""
        <Patient xmlns="http://hl7.org/fhir">
          <extension url="http://example.org/x"><valueString id="v1" value="hi"/></extension>
        </Patient>
        """)
        #expect(parsed.issues.isEmpty)
        let ext = try #require(parsed.root?.child("extension"))
        #expect(ext.childValue("url") == "http://example.org/x")
        #expect(ext.child("valueString")?.value == "hi")
        #expect(ext.child("valueString")?.childValue("id") == "v1")
        #expect(ext.shape == .unspecified)
    }

    @Test func nestedResourcesAreUnwrapped() throws {
        let parsed = parse("""
        <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
          <entry><resource><Patient><id value="p"/></Patient></resource></entry>
        </Bundle>
        """)
        let resource = try #require(parsed.root?.child("entry")?.child("resource"))
        #expect(resource.resourceType == "Patient")
        #expect(resource.childValue("id") == "p")
    }

    @Test func textInsideFHIRElementsIsAnError() {
        let parsed = parse("<Patient xmlns=\"http://hl7.org/fhir\">\n  oops\n</Patient>")
        #expect(parsed.issues.map(\.messageID) == ["xml.text-not-allowed"])
        #expect(parsed.issues.first?.message == "Text should not be present ('oops')")
    }

    @Test func wrongRootNamespaceIsFatal() {
        let parsed = parse("<Patient xmlns=\"http://example.org\"/>")
        #expect(parsed.root == nil)
        #expect(parsed.issues.map(\.severity) == [.fatal])
    }

    @Test func unknownAttributesAreErrors() {
        let parsed = parse("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\" foo=\"1\"/></Patient>")
        #expect(parsed.issues.map(\.message) == ["Undefined attribute '@foo' on active"])
        #expect(parsed.issues.first?.expression == "Patient.active")
    }
}
