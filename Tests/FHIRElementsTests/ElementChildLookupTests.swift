import Testing
@testable import FHIRElements

/// Children are found by name in document order; the first one with the name answers.
@Suite struct ElementChildLookupTests {
    private let position = SourcePosition(line: 1, column: 1)

    private func coding() -> Element {
        Element(name: "coding", children: [
            Element(name: "system", value: "http://loinc.org", position: position),
            // A first `code` without a value (extensions only) answers, not the second.
            Element(name: "code", children: [Element(name: "extension", position: position)], position: position),
            Element(name: "code", value: "8302-2", position: position),
            Element(name: "valueQuantity", position: position),
        ], position: position, isComplex: true)
    }

    @Test func theFirstChildWithTheNameAnswers() {
        let coding = coding()
        #expect(coding.child("system")?.value == "http://loinc.org")
        #expect(coding.child("code")?.children.count == 1)
        #expect(coding.childValue("code") == nil)
        #expect(coding.childValue("system") == "http://loinc.org")
        #expect(coding.child("display") == nil && coding.childValue("display") == nil)
        #expect(coding.children(named: "code").count == 2)
    }

    @Test func predicatesSeeTheChildrenInOrder() {
        let coding = coding()
        var seen: [String] = []
        #expect(coding.containsChild { seen.append($0.name); return $0.name.isTypedChoiceName(of: "value") })
        #expect(seen == ["system", "code", "code", "valueQuantity"])
        #expect(!coding.containsChild { $0.name == "display" })
        #expect(coding.firstChild { $0.value != nil && $0.name == "code" }?.value == "8302-2")
        #expect(coding.firstChild { $0.name == "display" } == nil)
    }
}
