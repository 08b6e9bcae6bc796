import FHIRElements
import FHIRPath
import Testing
@testable import FHIRValidation

/// The native ref-1, vs-1 and obs-7 give what the evaluator gives for their published FHIRPath.
@Suite struct NativeInvariantTests {
    private let ref1 = "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))"
    private let vs1 = "($this as dateTime).toString().length() >= 8"
    private let obs7 = "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"

    private func resource(_ json: String) -> Element {
        ResourceParser.parse(Array(json.utf8), format: .json).root!
    }

    /// The evaluator's verdict: false only for a single `false` (empty passes).
    private func evaluatorHolds(_ text: String, on element: Element, type: String, root: Element) throws -> Bool {
        let expression = try FHIRPathParser.parse(text)
        var context = EvaluationContext(resource: EvaluationContext.node(for: root))
        context.contextElement = .node(Node(element: element, type: type, path: nil))
        let result = try? FHIRPathEvaluator(context: context).evaluate(expression, input: [.node(Node(element: element, type: type, path: nil))])
        guard let result, result.count == 1, case .boolean(false) = result[0] else { return true }
        return false
    }

    @Test(arguments: [("#c1", true), ("#missing", false), ("#", true), ("Patient/1", true), (nil, true)])
    func localReferencesMustNameAContainedResource(reference: String?, expected: Bool) throws {
        let field = reference.map { #""reference":"\#($0)","# } ?? ""
        let observation = resource(#"{"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"c1"}],"status":"final","subject":{\#(field)"display":"x"}}"#)
        let subject = observation.child("subject")!
        let native = try #require(NativeInvariant(key: "ref-1", expression: ref1))
        #expect(native.holds(on: subject, type: "Reference", rootResource: observation) == expected)
        #expect(try evaluatorHolds(ref1, on: subject, type: "Reference", root: observation) == expected)
    }

    @Test(arguments: [("effectiveDateTime", "\"2025\"", false), ("effectiveDateTime", "\"2025-11\"", false),
                      ("effectiveDateTime", "\"2025-11-23\"", true), ("effectiveDateTime", "\"2025-11-23T10:00:00Z\"", true),
                      ("effectiveDateTime", "\"not a date\"", true), ("effectiveDateTime", "\"2025-1\"", true),
                      ("effectiveDateTime", "\"2025-ü\"", true), ("effectiveDateTime", "\"ééééé\"", true), ("effectivePeriod", #"{"start":"2025"}"#, true)])
    func vitalSignTimesArePreciseToTheDay(name: String, value: String, expected: Bool) throws {
        let observation = resource(#"{"resourceType":"Observation","status":"final","\#(name)":\#(value)}"#)
        let effective = observation.child(name)!
        let type = name == "effectivePeriod" ? "Period" : "dateTime"
        let native = try #require(NativeInvariant(key: "vs-1", expression: vs1))
        #expect(native.holds(on: effective, type: type, rootResource: observation) == expected)
        #expect(try evaluatorHolds(vs1, on: effective, type: type, root: observation) == expected)
    }

    /// Without a value or without components obs-7 is decided natively; with both, the
    /// comparison of codings is the evaluator's (the native check gives no answer).
    @Test(arguments: [
        (#""component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]}}]"#, true, true as Bool?),
        (#""valueQuantity":{"value":1}"#, true, true as Bool?),
        (#""valueQuantity":{"value":1},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]}}]"#, true, nil as Bool?),
        (#""valueQuantity":{"value":1},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]}}]"#, false, nil as Bool?),
    ])
    func aComponentWithTheObservationsCodeLeavesNoValue(members: String, expected: Bool, native expectedNative: Bool?) throws {
        let observation = resource(#"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},\#(members)}"#)
        let native = try #require(NativeInvariant(key: "obs-7", expression: obs7))
        #expect(native.holds(on: observation, type: "Observation", rootResource: observation) == expectedNative)
        #expect(try evaluatorHolds(obs7, on: observation, type: "Observation", root: observation) == expected)
    }

    @Test func aConstraintWordedOtherwiseKeepsTheEvaluator() {
        #expect(NativeInvariant(key: "ref-1", expression: "reference.exists()") == nil)
        #expect(NativeInvariant(key: "xyz-1", expression: vs1) == nil)
    }
}
