import FHIRElements
import Testing
@testable import FHIRValidation

/// Discriminator paths reach the same instance nodes whether listed (`nodes`) or searched (`anyNode`).
@Suite struct DiscriminatorPathTests {
    private static let observation: Element = {
        let json = #"""
        {"resourceType": "Observation", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "8302-2"}, {"system": "http://snomed.info/sct", "code": "50373000"}]},
         "valueQuantity": {"value": 1.8, "code": "m"},
         "extension": [{"url": "http://example.org/a", "valueString": "x"}, {"url": "http://example.org/b", "valueCode": "y"}]}
        """#
        return ResourceParser.parse(Array(json.utf8)).root!
    }()

    @Test(arguments: ["code.coding.code", "code.coding.system", "value", "value.ofType(Quantity)", "value.ofType(Quantity).code",
                      "extension('http://example.org/b').value", "extension('http://example.org/c')", "$this", "status", "missing.path"])
    func anyNodeAgreesWithTheListedNodes(path text: String) {
        let path = DiscriminatorPath(text)
        let listed = path.nodes(from: Self.observation)
        for value in ["8302-2", "50373000", "http://snomed.info/sct", "m", "y", "final", "nothing"] {
            #expect(path.anyNode(from: ElementRef(Self.observation)) { $0.element.value == value } == listed.contains { $0.value == value }, "\(text) \(value)")
        }
        #expect(path.anyNode(from: ElementRef(Self.observation)) { _ in true } == !listed.isEmpty, "\(text)")
    }

    @Test func choicePrefixReachesTheTypedName() {
        #expect(DiscriminatorPath("value").nodes(from: Self.observation).map(\.name) == ["valueQuantity"])
        #expect(DiscriminatorPath("code.coding.code").nodes(from: Self.observation).compactMap(\.value) == ["8302-2", "50373000"])
        #expect(DiscriminatorPath("value.ofType(String)").nodes(from: Self.observation).isEmpty)
    }
}
