import FHIRElements
import Foundation

extension FHIRPathEvaluator {
    /// Calls a function on an input collection. Each group answers nil for names it does not know.
    func call(_ name: String, on input: [FHIRPathValue], arguments: [FHIRPathExpression], focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        let result: [FHIRPathValue]?
        switch FunctionGroup.byName[name] {
        case .existence?: result = try existenceFunction(name, input, arguments)
        case .filtering?: result = try filteringFunction(name, input, arguments)
        case .conversion?: result = try conversionFunction(name, input, arguments)
        case .string?: result = try stringFunction(name, input, arguments)
        case .math?: result = try mathFunction(name, input, arguments)
        case .treeAndUtility?: result = try treeAndUtilityFunction(name, input, arguments, focus: focus)
        case .boundary?: result = try boundaryFunction(name, input, arguments)
        case nil: result = nil
        }
        if let result { return result }
        throw FHIRPathError(.semantic, "Unknown function '\(name)'")
    }

    /// The group of functions a name belongs to, so a call is dispatched with one lookup
    /// instead of trying every group's `switch` in turn.
    private enum FunctionGroup {
        case existence, filtering, conversion, string, math, treeAndUtility, boundary

        static let byName: [String: FunctionGroup] = {
            // Each group's names stand beside its implementation.
            var groups: [String: FunctionGroup] = [:]
            for name in FHIRPathEvaluator.existenceFunctionNames { groups[name] = .existence }
            for name in FHIRPathEvaluator.filteringFunctionNames { groups[name] = .filtering }
            for name in FHIRPathEvaluator.treeAndUtilityFunctionNames { groups[name] = .treeAndUtility }
            for target in FHIRPathEvaluator.conversionTargets { groups["to" + target] = .conversion; groups["convertsTo" + target] = .conversion }
            for name in FHIRPathEvaluator.stringFunctionNames { groups[name] = .string }
            for name in FHIRPathEvaluator.mathFunctionNames { groups[name] = .math }
            for name in FHIRPathEvaluator.boundaryFunctionNames { groups[name] = .boundary }
            return groups
        }()
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
