import Testing

/// ValueSet filter values must suit the type of the code-system property they filter on.
@Suite struct ValueSetFilterValueCheckTests {
    static let codeSystem = #"{"resourceType": "CodeSystem", "url": "http://example.org/cs-props", "status": "active", "content": "complete", "property": [{"code": "kind", "type": "Coding"}, {"code": "rank", "type": "integer"}, {"code": "flag", "type": "boolean"}], "concept": [{"code": "a"}, {"code": "b"}]}"#
    static let validator = coreValidator(adding: [codeSystem], extension: "json")

    private func filter(_ property: String, _ op: String, _ value: String) -> [String] {
        let json = #"{"resourceType": "ValueSet", "url": "http://example.org/vs", "status": "active", "compose": {"include": [{"system": "http://example.org/cs-props", "filter": [{"property": "\#(property)", "op": "\#(op)", "value": "\#(value)"}]}]}}"#
        return Self.validator.validate(Array(json.utf8), format: .json).issues
            .filter { $0.messageID == "valueset.filter-value" }.map { "\($0.severity.rawValue)@\($0.expression ?? "")" }
    }

    @Test func valuesOfTheDeclaredTypePass() {
        #expect(filter("kind", "=", "http://example.org/cs-props#a") == [])
        #expect(filter("rank", "=", "lt2") == [])
        #expect(filter("flag", "=", "true") == [])
        #expect(filter("kind", "in", "http://example.org/cs-props#a,http://example.org/cs-props#b") == [])
    }

    @Test func codingValueMustBeSystemHashCode() {
        #expect(filter("kind", "=", "a") == ["error@ValueSet.compose.include[0].filter[0]"])
    }

    @Test func codingValueMustNameAnExistingCode() {
        #expect(filter("kind", "=", "http://example.org/cs-props#z") == ["error@ValueSet.compose.include[0].filter[0]"])
    }

    @Test func searchTokenFormIsOnlyAWarning() {
        #expect(filter("kind", "=", "http://example.org/cs-props|a") == ["warning@ValueSet.compose.include[0].filter[0]"])
    }

    @Test func integerAndBooleanValuesAreChecked() {
        #expect(filter("rank", "=", "two") == ["error@ValueSet.compose.include[0].filter[0]"])
        #expect(filter("flag", "=", "yes") == ["error@ValueSet.compose.include[0].filter[0]"])
    }
}
