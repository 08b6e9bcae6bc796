import FHIRElements
import Foundation

extension FHIRPathEvaluator {
    /// Calls a function on an input collection. Each group answers nil for names it does not know.
    func call(_ name: String, on input: [FHIRPathValue], arguments: [FHIRPathExpression], focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        if let result = try existenceFunction(name, input, arguments) { return result }
        if let result = try filteringFunction(name, input, arguments) { return result }
        if let result = try conversionFunction(name, input, arguments) { return result }
        if let result = try stringFunction(name, input, arguments) { return result }
        if let result = try mathFunction(name, input, arguments) { return result }
        if let result = try treeAndUtilityFunction(name, input, arguments, focus: focus) { return result }
        if let result = try boundaryFunction(name, input, arguments) { return result }
        throw FHIRPathError(.semantic, "Unknown function '\(name)'")
    }

    /// Evaluates an argument expression against the evaluation's focus (for non-iterating functions).
    func argument(_ arguments: [FHIRPathExpression], _ i: Int) throws(FHIRPathError) -> [FHIRPathValue] {
        guard i < arguments.count else { return [] }
        return try eval(arguments[i], focus: this)
    }

    func requireArguments(_ name: String, _ arguments: [FHIRPathExpression], _ range: ClosedRange<Int>) throws(FHIRPathError) {
        guard range.contains(arguments.count) else {
            throw FHIRPathError(.semantic, "Function '\(name)' takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument(s), not \(arguments.count)")
        }
    }

    /// Evaluates an expression once per item with `$this` and `$index` bound.
    func perItem(_ expression: FHIRPathExpression, _ item: FHIRPathValue, _ i: Int) throws(FHIRPathError) -> [FHIRPathValue] {
        var scoped = self
        scoped.this = [item]
        scoped.index = i
        return try scoped.eval(expression, focus: [item])
    }
}
