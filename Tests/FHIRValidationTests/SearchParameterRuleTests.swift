import Testing

/// A SearchParameter derived from a core one keeps its type and bases.
@Suite struct SearchParameterRuleTests {
    private func derived(type: String, base: String) -> [String] {
        let json = #"{"resourceType": "SearchParameter", "url": "http://example.org/sp", "name": "n", "status": "active", "description": "d", "derivedFrom": "http://hl7.org/fhir/SearchParameter/Organization-name", "code": "name", "base": ["\#(base)"], "type": "\#(type)", "expression": "Organization.name | Organization.alias"}"#
        return errors(validateJSON(json)).filter { $0.messageID.hasPrefix("searchparameter.") }.map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    @Test func sameTypeAndBasePass() {
        #expect(derived(type: "string", base: "Organization") == [])
    }

    @Test func differentTypeIsAnError() {
        #expect(derived(type: "token", base: "Organization") == ["searchparameter.derived-type@SearchParameter"])
    }

    @Test func baseOutsideTheParentsIsAnError() {
        #expect(derived(type: "string", base: "Patient") == ["searchparameter.derived-base@SearchParameter.base[0]"])
    }
}
