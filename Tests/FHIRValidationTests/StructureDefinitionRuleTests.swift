import Testing

/// A StructureDefinition's own coherence: legal type, new type for a specialization, paths of
/// its type, and choice elements renamed only to allowed types.
@Suite struct StructureDefinitionRuleTests {
    private func definition(type: String, base: String, derivation: String, paths: [String], kind: String = "logical") -> [String] {
        let elements = paths.map { #"{"id": "\#($0)", "path": "\#($0)"}"# }.joined(separator: ", ")
        let json = #"{"resourceType": "StructureDefinition", "url": "http://example.org/sd", "name": "Sd", "status": "draft", "kind": "\#(kind)", "abstract": false, "type": "\#(type)", "baseDefinition": "\#(base)", "derivation": "\#(derivation)", "differential": {"element": [\#(elements)]}}"#
        return errors(validateJSON(json)).filter { $0.messageID.hasPrefix("structuredefinition.") }.map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    @Test func namespacedLogicalModelPasses() {
        #expect(definition(type: "http://example.org/Boo", base: "http://hl7.org/fhir/StructureDefinition/Base", derivation: "specialization", paths: ["Boo", "Boo.a"]) == [])
    }

    @Test func typeWithoutNamespaceMustBeAFHIRType() {
        #expect(definition(type: "Boo", base: "http://hl7.org/fhir/StructureDefinition/Base", derivation: "specialization", paths: ["Boo"])
            == ["structuredefinition.type-not-legal@StructureDefinition.type"])
    }

    @Test func pathsMustStartWithTheType() {
        #expect(definition(type: "http://example.org/Boo", base: "http://hl7.org/fhir/StructureDefinition/Base", derivation: "specialization", paths: ["Boo", "Foo.a"])
            == ["structuredefinition.path-not-of-type@StructureDefinition.differential.element[1]"])
    }

    @Test func specializationMustDefineANewType() {
        #expect(definition(type: "Patient", base: "http://hl7.org/fhir/StructureDefinition/Patient", derivation: "specialization", paths: ["Patient"], kind: "resource")
            == ["structuredefinition.specialization-same-type@StructureDefinition"])
    }

    @Test func constraintMayRenameAChoiceOnlyToAnAllowedType() {
        let base = "http://hl7.org/fhir/StructureDefinition/Observation"
        #expect(definition(type: "Observation", base: base, derivation: "constraint", paths: ["Observation", "Observation.valueQuantity"], kind: "resource") == [])
        #expect(definition(type: "Observation", base: base, derivation: "constraint", paths: ["Observation", "Observation.valueBla"], kind: "resource")
            == ["structuredefinition.choice-path@StructureDefinition.differential.element[1]"])
    }
}
