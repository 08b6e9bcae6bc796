import Testing

/// CodeSystem property definitions: unique codes and URIs, HL7 concept property types, and
/// concept property values of the declared type.
@Suite struct CodeSystemPropertyRuleTests {
    private func codeSystem(properties: String, conceptProperties: String) -> [String] {
        let json = #"{"resourceType": "CodeSystem", "url": "http://example.org/cs", "status": "active", "content": "complete", "property": [\#(properties)], "concept": [{"code": "a", "property": [\#(conceptProperties)]}]}"#
        return errors(validateJSON(json)).filter { $0.messageID.hasPrefix("codesystem.") }.map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    @Test func wellFormedPropertiesPass() {
        #expect(codeSystem(properties: #"{"code": "inactive", "uri": "http://hl7.org/fhir/concept-properties#inactive", "type": "boolean"}, {"code": "weight", "type": "decimal"}"#,
                           conceptProperties: #"{"code": "inactive", "valueBoolean": false}, {"code": "weight", "valueDecimal": 1.5}"#) == [])
    }

    @Test func duplicateCodesAndURIsAreErrors() {
        #expect(codeSystem(properties: #"{"code": "p", "uri": "http://example.org/p", "type": "string"}, {"code": "p", "type": "string"}, {"code": "q", "uri": "http://example.org/p", "type": "string"}"#,
                           conceptProperties: "")
            == ["codesystem.property-duplicate-code@CodeSystem.property[1]", "codesystem.property-duplicate-uri@CodeSystem.property[2]"])
    }

    @Test func hl7ConceptPropertyMustKeepItsTypeAndCode() {
        #expect(codeSystem(properties: #"{"code": "inactive", "uri": "http://hl7.org/fhir/concept-properties#deprecationDate", "type": "code"}"#, conceptProperties: "")
            == ["codesystem.property-wrong-type@CodeSystem.property[0]", "codesystem.property-uri-code-mismatch@CodeSystem.property[0]"])
    }

    @Test func conceptPropertyValueMustHaveTheDeclaredType() {
        #expect(codeSystem(properties: #"{"code": "weight", "type": "decimal"}"#, conceptProperties: #"{"code": "weight", "valueInteger": 2}"#)
            == ["codesystem.concept-property-wrong-type@CodeSystem.concept[0].property[0].value"])
    }
}
