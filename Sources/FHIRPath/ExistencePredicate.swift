import FHIRElements

/// A boolean FHIRPath expression made only of existence tests on child paths, compiled to run
/// on the element tree without the evaluator.
///
/// Many FHIR invariants have this shape (`value.empty() or system.exists()`,
/// `extension.exists() != value.exists()`, `(component.empty() and hasMember.empty()) implies
/// (dataAbsentReason.exists() or value.exists())`). Every test yields a boolean, never an empty
/// collection, so FHIRPath's three-valued logic reduces to plain booleans, and a path is
/// followed by child names (a choice name such as `value` also reaching `valueQuantity`), with
/// no typing and no collections. `compile` returns nil for anything else, which the evaluator
/// then runs.
public indirect enum ExistencePredicate: Sendable {
    case exists(ChildPath)
    case empty(ChildPath)
    /// `path.hasValue()`: exactly one node, with a primitive value.
    case hasValue(ChildPath)
    case count(ChildPath, Comparison, Int)
    case not(ExistencePredicate)
    case and(ExistencePredicate, ExistencePredicate)
    case or(ExistencePredicate, ExistencePredicate)
    case xor(ExistencePredicate, ExistencePredicate)
    case implies(ExistencePredicate, ExistencePredicate)
    case equal(ExistencePredicate, ExistencePredicate)
    case notEqual(ExistencePredicate, ExistencePredicate)

    public enum Comparison: String, Sendable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=", notEqual = "!="

        func holds(_ a: Int, _ b: Int) -> Bool {
            switch self {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    /// Child names followed from the focus (`text.div`); empty for the focus itself.
    public struct ChildPath: Sendable {
        public let names: [String]
    }

    /// The predicate for an expression of this shape, or nil.
    public static func compile(_ expression: FHIRPathExpression) -> ExistencePredicate? {
        switch expression {
        case .function(let receiver, let name, let arguments) where arguments.isEmpty:
            if name == "not" { return receiver.flatMap(compile).map(ExistencePredicate.not) }
            guard let path = childPath(receiver) else { return nil }
            switch name {
            case "exists": return .exists(path)
            case "empty": return .empty(path)
            case "hasValue": return .hasValue(path)
            default: return nil
            }
        case .binary(let op, let left, let right):
            if let comparison = Comparison(rawValue: op), case .function(let receiver, "count", let arguments) = left, arguments.isEmpty,
               case .literal(let values) = right, values.count == 1, case .integer(let limit) = values[0], let path = childPath(receiver) {
                return .count(path, comparison, limit)
            }
            guard let l = compile(left), let r = compile(right) else { return nil }
            switch op {
            case "and": return .and(l, r)
            case "or": return .or(l, r)
            case "xor": return .xor(l, r)
            case "implies": return .implies(l, r)
            case "=": return .equal(l, r)
            case "!=": return .notEqual(l, r)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// A path of plain names from the focus; nil for anything else. A name starting with a
    /// capital may name the focus's type (`Patient.name`), and one ending in a type name may be a
    /// typed choice name (`valueQuantity`, which FHIRPath rejects): only the evaluator, with the
    /// model, decides those.
    private static func childPath(_ expression: FHIRPathExpression?) -> ChildPath? {
        var names: [String] = []
        var current = expression
        while let step = current {
            guard case .member(let receiver, let name) = step, !name.startsWithASCIIUppercase, !mayEndInTypeName(name) else { return nil }
            names.append(name)
            current = receiver
        }
        return ChildPath(names: names.reversed())
    }

    /// The names of FHIR R4 datatypes as they end typed choice names (`valueDateTime`).
    private static let typeSuffixes: Set<Substring> = [
        "Base64Binary", "Boolean", "Canonical", "Code", "Date", "DateTime", "Decimal", "Id", "Instant", "Integer", "Markdown",
        "Oid", "PositiveInt", "String", "Time", "UnsignedInt", "Uri", "Url", "Uuid", "Address", "Age", "Annotation",
        "Attachment", "CodeableConcept", "Coding", "ContactPoint", "Count", "Distance", "Duration", "HumanName", "Identifier",
        "Money", "Period", "Quantity", "Range", "Ratio", "Reference", "SampledData", "Signature", "Timing", "ContactDetail",
        "Contributor", "DataRequirement", "Expression", "ParameterDefinition", "RelatedArtifact", "TriggerDefinition",
        "UsageContext", "Dosage", "Meta",
    ]

    /// True when some capitalised tail of the name is a datatype name (`onsetAge`, `birthDate`).
    private static func mayEndInTypeName(_ name: String) -> Bool {
        var index = name.startIndex
        while index < name.endIndex {
            if index != name.startIndex, name[index].isASCII, name[index].isUppercase, typeSuffixes.contains(name[index...]) { return true }
            index = name.index(after: index)
        }
        return false
    }

    /// True when one of the expression's paths starts with `name`: where that is the focus's
    /// type name, the evaluator takes it as the focus itself, so it must run instead. O(1) for a
    /// name starting with a capital (the paths hold none: see `childPath`), else O(size).
    public func hasPath(startingWith name: String) -> Bool {
        guard !name.startsWithASCIIUppercase else { return false }
        switch self {
        case .exists(let p), .empty(let p), .hasValue(let p), .count(let p, _, _): return p.names.first == name
        case .not(let p): return p.hasPath(startingWith: name)
        case .and(let a, let b), .or(let a, let b), .xor(let a, let b), .implies(let a, let b), .equal(let a, let b), .notEqual(let a, let b):
            return a.hasPath(startingWith: name) || b.hasPath(startingWith: name)
        }
    }

    /// Evaluates the predicate with `focus` as `$this`. O(nodes the paths reach).
    public func evaluate(on focus: Element) -> Bool {
        switch self {
        case .exists(let path): return Self.count(path.names, from: ElementRef(focus), upTo: 1) > 0
        case .empty(let path): return Self.count(path.names, from: ElementRef(focus), upTo: 1) == 0
        case .hasValue(let path):
            var first: ElementRef?
            return Self.reach(path.names, at: 0, from: ElementRef(focus), upTo: 2, first: &first) == 1 && first?.hasValue == true
        case .count(let path, let comparison, let limit):
            return comparison.holds(Self.count(path.names, from: ElementRef(focus), upTo: .max), limit)
        case .not(let p): return !p.evaluate(on: focus)
        case .and(let a, let b): return a.evaluate(on: focus) && b.evaluate(on: focus)
        case .or(let a, let b): return a.evaluate(on: focus) || b.evaluate(on: focus)
        case .xor(let a, let b): return a.evaluate(on: focus) != b.evaluate(on: focus)
        case .implies(let a, let b): return !a.evaluate(on: focus) || b.evaluate(on: focus)
        case .equal(let a, let b): return a.evaluate(on: focus) == b.evaluate(on: focus)
        case .notEqual(let a, let b): return a.evaluate(on: focus) != b.evaluate(on: focus)
        }
    }

    /// How many nodes a path reaches from an element, counting no further than `limit`.
    private static func count(_ names: [String], from element: ElementRef, upTo limit: Int) -> Int {
        var first: ElementRef?
        return reach(names, at: 0, from: element, upTo: limit, first: &first)
    }

    /// Counts the nodes the path's names from `index` on reach (no further than `limit`) and
    /// notes the first one. The names are indexed rather than sliced: this runs for every element;
    /// the nodes are visited as `ElementRef`s, which retain nothing.
    private static func reach(_ names: [String], at index: Int, from element: ElementRef, upTo limit: Int, first: inout ElementRef?) -> Int {
        guard index < names.count else {
            if first == nil { first = element }
            return 1
        }
        return names[index].withUTF8Bytes { name in
            var total = 0
            var slot = 0
            // Names are compared in place: only a child that matches is made a view.
            while let found = element.nextChildSlot(from: slot, where: { $0.isNameOrTypedChoiceName(of: name) }) {
                slot = found + 1
                total += reach(names, at: index + 1, from: element.child(at: found), upTo: limit - total, first: &first)
                if total >= limit { return total }
            }
            return total
        }
    }
}
