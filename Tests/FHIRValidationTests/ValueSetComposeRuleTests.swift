import Testing

@Suite struct ValueSetComposeRuleTests {
    private func valueSet(_ include: String) -> String {
        #"{"resourceType": "ValueSet", "url": "http://example.org/vs", "status": "active", "compose": {"include": [\#(include)]}}"#
    }

    @Test func invalidECLInAConstraintFilterIsAnError() {
        let result = validateJSON(valueSet(#"{"system": "http://snomed.info/sct", "filter": [{"property": "constraint", "op": "=", "value": "234234 << 234234"}]}"#))
        #expect(errors(result).map { "\($0.messageID)@\($0.expression ?? "")" } == ["valueset.invalid-ecl@ValueSet.compose.include[0].filter[0]"])
        #expect(errors(result).first?.message == "The value '234234 << 234234' for the filter constraint is invalid: Invalid ECL: unexpected '<< 234234' at character 8")
    }

    @Test func validECLPasses() {
        let result = validateJSON(valueSet(#"{"system": "http://snomed.info/sct", "filter": [{"property": "constraint", "op": "=", "value": "<< 404684003 |Clinical finding| MINUS << 64572001"}]}"#))
        #expect(errors(result).isEmpty)
    }

    @Test func malformedSnomedConceptsAreErrorsWithoutARelease() {
        let result = validateJSON(valueSet(#"{"system": "http://snomed.info/sct", "concept": [{"code": "1"}, {"code": "22298006"}, {"code": "22298007"}]}"#))
        #expect(errors(result).map { "\($0.messageID)@\($0.expression ?? "")" } ==
            ["valueset.unknown-code@ValueSet.compose.include[0].concept[0]", "valueset.unknown-code@ValueSet.compose.include[0].concept[2]"])
    }

    @Test func unknownCodeOfALoadedCompleteSystemIsAnError() {
        let result = validateJSON(valueSet(#"{"system": "http://hl7.org/fhir/administrative-gender", "concept": [{"code": "male"}, {"code": "man"}]}"#))
        #expect(errors(result).map { "\($0.messageID)@\($0.expression ?? "")" } == ["valueset.unknown-code@ValueSet.compose.include[0].concept[1]"])
    }

    @Test func relativeSystemIsAnError() {
        let result = validateJSON(valueSet(##"{"system": "#c1"}"##))
        #expect(errors(result).map { "\($0.messageID)@\($0.expression ?? "")" } == ["valueset.system-not-absolute@ValueSet.compose.include[0]"])
    }
}
