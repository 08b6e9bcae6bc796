/// A SNOMED CT Expression Constraint (ECL), as far as validation evaluates it: concepts,
/// hierarchy and membership operators, and `AND` / `OR` / `MINUS`.
public indirect enum ECLExpression: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        case descendantOf, descendantOrSelfOf, childOf, childOrSelfOf
        case ancestorOf, ancestorOrSelfOf, parentOf, parentOrSelfOf, memberOf
    }

    case concept(Int64)
    /// `*`: any concept.
    case any
    case constrained(Operator, ECLExpression)
    case and(ECLExpression, ECLExpression)
    case or(ECLExpression, ECLExpression)
    case minus(ECLExpression, ECLExpression)
    /// A part validation cannot evaluate offline (refinements, filters), with the reason.
    case unsupported(String)
}

/// The SNOMED CT hierarchy and refsets an ECL expression is evaluated against.
public protocol SnomedHierarchy {
    func isKnownConcept(_ id: Int64) -> Bool
    func isDescendant(_ descendant: Int64, of ancestor: Int64) -> Bool
    func ancestors(of id: Int64) -> [Int64]
    func parents(of id: Int64) -> [Int64]
    func isMember(_ component: Int64, ofRefset refset: Int64) -> Bool
    func refsets(containing component: Int64) -> [Int64]
}

extension ECLExpression {
    /// Whether a concept satisfies the constraint: true, false, or nil when some part cannot be
    /// evaluated. Never enumerates the value set: O(closure probes), each O(log n).
    public func contains(_ code: Int64, in hierarchy: some SnomedHierarchy) -> Bool? {
        switch self {
        case .concept(let id): return code == id
        case .any: return hierarchy.isKnownConcept(code)
        case .unsupported: return nil
        case .and(let l, let r): return Self.and(l.contains(code, in: hierarchy), r.contains(code, in: hierarchy))
        case .or(let l, let r): return Self.or(l.contains(code, in: hierarchy), r.contains(code, in: hierarchy))
        case .minus(let l, let r): return Self.and(l.contains(code, in: hierarchy), r.contains(code, in: hierarchy).map { !$0 })
        case .constrained(let op, let focus): return Self.evaluate(op, focus, code, hierarchy)
        }
    }

    private static func evaluate(_ op: Operator, _ focus: ECLExpression, _ code: Int64, _ h: some SnomedHierarchy) -> Bool? {
        func any(_ candidates: [Int64]) -> Bool? {
            var result: Bool? = false
            for c in candidates { result = or(result, focus.contains(c, in: h)); if result == true { break } }
            return result
        }
        switch op {
        case .descendantOf, .descendantOrSelfOf:
            let selfPart: Bool? = op == .descendantOrSelfOf ? focus.contains(code, in: h) : false
            if selfPart == true { return true }
            if case .concept(let id) = focus { return or(selfPart, h.isDescendant(code, of: id)) }
            return or(selfPart, any(h.ancestors(of: code)))
        case .childOf, .childOrSelfOf:
            let selfPart: Bool? = op == .childOrSelfOf ? focus.contains(code, in: h) : false
            return or(selfPart, any(h.parents(of: code)))
        case .ancestorOf, .ancestorOrSelfOf, .parentOf, .parentOrSelfOf:
            let selfPart: Bool? = op == .ancestorOrSelfOf || op == .parentOrSelfOf ? focus.contains(code, in: h) : false
            guard let ids = focus.concepts else { return or(selfPart, nil) }
            let below = ids.contains { id in
                op == .ancestorOf || op == .ancestorOrSelfOf ? h.isDescendant(id, of: code) : h.parents(of: id).contains(code)
            }
            return or(selfPart, below)
        case .memberOf:
            if case .concept(let refset) = focus { return h.isMember(code, ofRefset: refset) }
            return any(h.refsets(containing: code))
        }
    }

    /// The concepts of a focus that is a concept or a disjunction of concepts, else nil.
    var concepts: [Int64]? {
        switch self {
        case .concept(let id): return [id]
        case .or(let l, let r):
            guard let a = l.concepts, let b = r.concepts else { return nil }
            return a + b
        default: return nil
        }
    }

    static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        if a == nil || b == nil { return nil }
        return true
    }

    static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        if a == nil || b == nil { return nil }
        return false
    }
}
