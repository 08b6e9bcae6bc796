import Testing
@testable import FHIRElements

@Suite struct XMLReaderTests {
    private func parse(_ text: String) throws(SyntaxError) -> XMLNode { try XMLReader.parseDocument(Array(text.utf8)) }

    @Test func elementsAttributesNamespacesAndPositions() throws {
        let root = try parse("<?xml version=\"1.0\"?>\n<Patient xmlns=\"http://hl7.org/fhir\">\n  <id value=\"a&amp;b&#x41;\"/>\n</Patient>")
        #expect(root.name == "Patient")
        #expect(root.namespace == XMLNamespace.fhir)
        #expect(root.position == SourcePosition(line: 2, column: 1))
        let id = try #require(root.elementChildren.first)
        #expect(id.attribute("value") == "a&bA")
        #expect(id.position == SourcePosition(line: 3, column: 3))
        #expect(id.namespace == XMLNamespace.fhir)
    }

    @Test func doctypeIsRefused() {
        #expect(throws: SyntaxError.self) {
            try parse("<!DOCTYPE x [<!ENTITY a \"b\">]><Patient xmlns=\"http://hl7.org/fhir\"/>")
        }
    }

    @Test func unknownEntitiesAreNotExpanded() {
        do {
            _ = try parse("<a>&nbsp;</a>")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("not defined"))
            #expect(error.position == SourcePosition(line: 1, column: 4))
        }
    }

    @Test func mismatchedCloseTagIsReportedWhereItIs() {
        do {
            _ = try parse("<a>\n  <b></c>\n</a>")
            Issue.record("expected an error")
        } catch {
            #expect(error.position == SourcePosition(line: 2, column: 6))
        }
    }

    @Test func undeclaredPrefixIsAnError() {
        #expect(throws: SyntaxError.self) { try parse("<x:a/>") }
    }

    @Test func cdataAndCommentsAreKept() throws {
        let root = try parse("<a><!-- c --><![CDATA[<b>]]></a>")
        #expect(root.children.map(\.kind) == [.comment, .text])
        #expect(root.textContent == "<b>")
    }
}
