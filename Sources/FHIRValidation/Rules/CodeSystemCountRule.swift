import FHIRElements

/// A complete CodeSystem's stated `count` is the number of its concepts.
///
/// `CodeSystem.count` is "the total number of concepts defined by the code system"; when
/// `content` is `complete` every concept is present, nested ones included, so the two must
/// agree (the reference validator reports the difference as an error). Other content modes
/// (fragment, example, not-present, supplement) hold only part of the system, so the count
/// cannot be checked against them.
struct CodeSystemCountRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "CodeSystem", resource.childValue("content") == "complete",
              let countElement = resource.child("count"), let text = countElement.value, let stated = Int(text) else { return }
        let present = Self.conceptCount(resource)
        guard present != stated else { return }
        sink.add(.error, .businessRule, "codesystem.count-mismatch",
                 "The code system is complete, but the number of concepts (\(present)) does not match the stated total number (\(stated))",
                 "\(expression).count", countElement.position)
    }

    /// The concepts below an element, nested ones included. O(concepts).
    static func conceptCount(_ element: Element) -> Int {
        var total = 0
        for child in element.children where child.name == "concept" { total += 1 + conceptCount(child) }
        return total
    }
}
