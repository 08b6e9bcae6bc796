import FHIRElements
import Foundation

/// A value set's `compose`, compiled once into rules a single code is tested against, so that
/// membership in value sets over SNOMED CT or dm+d never needs an expansion.
struct ValueSetRules: Sendable {
    /// One `compose.include` or `compose.exclude`.
    struct Rule: Sendable {
        var system: String?
        /// Listed concepts, when the part lists them.
        var concepts: Set<String>?
        var filters: [ConceptFilter]
        var valueSets: [String]
        /// For systems no release backs: the part's codes, and whether that set is certain.
        var packageCodes: Set<String>
        var packageComplete: Bool
    }

    /// A `compose.include.filter` on a release-backed system.
    enum ConceptFilter: Sendable {
        case ecl(ECLExpression)
        case isNotA(Int64)
        case dmdKind(String)
        case unsupported(String)
    }

    var includes: [Rule]
    var excludes: [Rule]

    /// Compiles a filter on SNOMED CT or dm+d.
    static func filter(system: String, property: String, op: String, value: String) -> ConceptFilter {
        if system == ReleaseLookup.dmdSystem {
            if property == "parent", op == "=" { return .dmdKind(value.uppercased()) }
            return .unsupported("the dm+d filter '\(property) \(op) \(value)' is not supported")
        }
        let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.compactMap { Int64($0) }
        switch (property, op) {
        case ("concept", "is-a"): return ids.first.map { .ecl(.constrained(.descendantOrSelfOf, .concept($0))) } ?? bad(value)
        case ("concept", "descendent-of"): return ids.first.map { .ecl(.constrained(.descendantOf, .concept($0))) } ?? bad(value)
        case ("concept", "is-not-a"): return ids.first.map { .isNotA($0) } ?? bad(value)
        case ("concept", "generalizes"): return ids.first.map { .ecl(.constrained(.ancestorOrSelfOf, .concept($0))) } ?? bad(value)
        case ("concept", "in"), ("concept", "="), ("concept", "child-of"):
            guard !ids.isEmpty else { return bad(value) }
            let focus = ids.dropFirst().reduce(ECLExpression.concept(ids[0])) { .or($0, .concept($1)) }
            let op: ECLExpression.Operator? = op == "in" ? .memberOf : op == "child-of" ? .childOf : nil
            return .ecl(op.map { .constrained($0, focus) } ?? focus)
        case ("constraint", "="), ("expression", "="), ("expressions", "="):
            do { return .ecl(try ECLParser.parse(value)) } catch { return .unsupported("the ECL '\(value)' cannot be read: \(error)") }
        case ("parent", "="): return ids.first.map { .ecl(.constrained(.childOf, .concept($0))) } ?? bad(value)
        default: return .unsupported("the SNOMED CT filter '\(property) \(op) \(value)' is not evaluated offline")
        }
    }

    private static func bad(_ value: String) -> ConceptFilter { .unsupported("'\(value)' is not a SNOMED CT concept id") }
}

extension Membership {
    static func and(_ a: Membership, _ b: Membership) -> Membership {
        if a == .notMember || b == .notMember { return .notMember }
        if case .unknown = a { return a }
        if case .unknown = b { return b }
        return .member
    }

    static func or(_ a: Membership, _ b: Membership) -> Membership {
        if a == .member || b == .member { return .member }
        if case .unknown = a { return a }
        if case .unknown = b { return b }
        return .notMember
    }

    init(_ value: Bool?, unknown reason: @autoclosure () -> String) {
        switch value {
        case true?: self = .member
        case false?: self = .notMember
        case nil: self = .unknown(reason())
        }
    }
}
