import FHIRTerminology
import FHIRElements

/// What rules may consult besides the element they check.
final class RuleContext {
    let store: SchemaStore
    /// The resources being validated, outermost first (the root, a Bundle entry, a contained one).
    let resources: [Element]
    /// The innermost Bundle being validated, for resolving references between its entries.
    let bundle: BundleIndex?
    /// Whether a resource validates without errors against a profile.
    let conforms: (Element, String) -> Bool
    /// Code systems, value sets, releases and ODS data, when loaded.
    let terminology: TerminologyProvider?

    init(store: SchemaStore, resources: [Element], bundle: BundleIndex?, conforms: @escaping (Element, String) -> Bool,
         terminology: TerminologyProvider?) {
        self.store = store
        self.resources = resources
        self.bundle = bundle
        self.conforms = conforms
        self.terminology = terminology
    }

    /// True when a name is a resource type known to the loaded definitions. O(1) after first use.
    func isResourceType(_ name: Substring) -> Bool {
        guard name.startsWithASCIIUppercase else { return false }
        return store.isResourceType(String(name))
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
    /// Checks one element; `declared` is the element's compiled type (target profiles, profiles).
    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink)
    /// True when the finding depends on the profile's definition (its target profiles), so the
    /// rule runs again in profile passes; false for checks of the value alone.
    var dependsOnProfile: Bool { get }
}

extension TypeRule {
    var dependsOnProfile: Bool { false }
}

/// The type rules of a validator, found by datatype with a scan of a few names rather than by
/// hashing the name. The compiler looks each compiled type's rules up here once
/// (`CompiledType.typeRules`).
struct TypeRuleTable: Sendable {
    private let entries: [(type: String, rules: [any TypeRule])]

    init(_ rules: [any TypeRule]) {
        entries = Dictionary(grouping: rules, by: \.type).map { ($0.key, $0.value) }.sorted { $0.type < $1.type }
    }

    /// The rules for a datatype, or nil. O(datatypes with rules).
    func rules(for type: String) -> [any TypeRule]? {
        for entry in entries where entry.type.isSameName(as: type) { return entry.rules }
        return nil
    }
}
