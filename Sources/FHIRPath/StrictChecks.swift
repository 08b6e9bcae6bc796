/// Semantic checks made before evaluation in strict mode, on the expression alone.
///
/// - a path after `as T` must exist on `T` (`(Observation.value as Period).unit`: Period has no unit);
/// - functions that depend on order (`first`, `last`, `tail`, `skip`, `take`, an indexer) may not
///   follow `children()` or `descendants()`, whose order the specification leaves undefined.
enum StrictChecks {
    static let orderedFunctions: Set<String> = ["first", "last", "tail", "skip", "take"]
    /// Functions whose output keeps the (lack of) order of their input.
    static let orderPreserving: Set<String> = ["where", "select", "ofType", "distinct", "repeat", "exclude", "as"]

    /// Walks the whole expression. O(nodes). - Throws: a semantic `FHIRPathError` for the first problem.
    static func check(_ expression: FHIRPathExpression, model: FHIRPathModel?) throws(FHIRPathError) {
        switch expression {
        case .literal, .variable, .special:
            return
        case .member(let receiver, let name):
            guard let receiver else { return }
            if let model, let type = castType(receiver), model.isType(type),
               model.hasChild(ModelPath(structure: type, path: type), parentType: type, named: name) == false {
                throw FHIRPathError(.semantic, "The element '\(name)' does not exist on \(type)")
            }
            try check(receiver, model: model)
        case .function(let receiver, let name, let arguments):
            if let receiver, orderedFunctions.contains(name), isUnordered(receiver) {
                throw FHIRPathError(.semantic, "\(name)() depends on order, but its input (from children() or descendants()) has none")
            }
            if let receiver { try check(receiver, model: model) }
            for argument in arguments { try check(argument, model: model) }
        case .indexer(let base, let index):
            if isUnordered(base) {
                throw FHIRPathError(.semantic, "An indexer depends on order, but its input (from children() or descendants()) has none")
            }
            try check(base, model: model)
            try check(index, model: model)
        case .unary(_, let operand), .typeOperator(_, let operand, _):
            try check(operand, model: model)
        case .binary(_, let left, let right):
            try check(left, model: model)
            try check(right, model: model)
        }
    }

    /// The FHIR type an expression casts to (`x as Period`, `x.as(Period)`), without a namespace.
    private static func castType(_ expression: FHIRPathExpression) -> String? {
        let name: String
        switch expression {
        case .typeOperator("as", _, let type): name = type
        case .function(_, "as", let arguments) where arguments.count == 1:
            guard case .member(nil, let type) = arguments[0] else { return nil }
            name = type
        default: return nil
        }
        if name.hasPrefix("System.") { return nil }
        return name.hasPrefix("FHIR.") ? String(name.dropFirst(5)) : name
    }

    /// True when a collection comes, directly or through order-keeping steps, from `children()`/`descendants()`.
    static func isUnordered(_ expression: FHIRPathExpression) -> Bool {
        switch expression {
        case .function(let receiver, let name, _):
            if name == "children" || name == "descendants" { return true }
            guard orderPreserving.contains(name), let receiver else { return false }
            return isUnordered(receiver)
        case .member(let receiver?, _):
            return isUnordered(receiver)
        default:
            return false
        }
    }
}
