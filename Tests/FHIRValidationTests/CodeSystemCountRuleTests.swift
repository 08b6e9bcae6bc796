import Testing

/// A complete CodeSystem's `count` against its concepts, nested ones included.
@Suite struct CodeSystemCountRuleTests {
    private func codeSystem(content: String, count: Int) -> [String] {
        let json = #"{"resourceType": "CodeSystem", "url": "http://example.org/cs", "status": "active", "content": "\#(content)", "count": \#(count), "concept": [{"code": "a", "concept": [{"code": "a1"}, {"code": "a2"}]}, {"code": "b"}]}"#
        return errorSummaries(validateJSON(json)).filter { $0.hasPrefix("codesystem.") }
    }

    @Test func completeSystemCountsNestedConcepts() {
        #expect(codeSystem(content: "complete", count: 4) == [])
    }

    @Test func completeSystemWithAnotherCountIsAnError() {
        #expect(codeSystem(content: "complete", count: 2) == ["codesystem.count-mismatch@CodeSystem.count@1:116"])
        let result = validateJSON(#"{"resourceType": "CodeSystem", "url": "http://example.org/cs", "status": "active", "content": "complete", "count": 3, "concept": [{"code": "a"}]}"#)
        #expect(errors(result).first { $0.messageID == "codesystem.count-mismatch" }?.message
                == "The code system is complete, but the number of concepts (1) does not match the stated total number (3)")
    }

    @Test func partialSystemsAreNotCounted() {
        #expect(codeSystem(content: "fragment", count: 40) == [])
        #expect(codeSystem(content: "example", count: 40) == [])
    }
}
