import FHIRElements

/// What rules may consult besides the element they check.
struct RuleContext {
    let store: SchemaStore

    /// True when a name is a resource type known to the loaded definitions. O(1) after first use.
    func isResourceType(_ name: Substring) -> Bool {
        guard let first = name.first, first.isUppercase else { return false }
        return store.structure(forType: String(name))?.kind == "resource"
    }
}

/// A check that runs once on every resource (root, contained, Bundle entry).
protocol ResourceRule: Sendable {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink)
}

/// A check that runs on every element of one datatype, after its structure is checked.
protocol TypeRule: Sendable {
    /// The datatype the rule applies to (`Attachment`, `Reference`).
    var type: String { get }
    func check(_ element: Element, expression: String, context: RuleContext, sink: inout IssueSink)
}
