import Foundation

extension FHIRPathEvaluator {
    static let existenceFunctionNames = ["empty", "exists", "all", "allTrue", "anyTrue", "allFalse", "anyFalse", "subsetOf",
                                         "supersetOf", "count", "distinct", "isDistinct", "not", "hasValue"]

    /// empty, exists, all, allTrue, anyTrue, allFalse, anyFalse, subsetOf, supersetOf, count,
    /// distinct, isDistinct, not, hasValue.
    func existenceFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        switch name {
        case "empty":
            try requireArguments(name, arguments, 0...0)
            return FHIRPathValue.booleanCollection(input.isEmpty)
        case "exists":
            try requireArguments(name, arguments, 0...1)
            if let criteria = arguments.first {
                for (i, item) in input.enumerated() where try booleanSingleton(try perItem(criteria, item, i)) == true {
                    return FHIRPathValue.booleanCollection(true)
                }
                return FHIRPathValue.booleanCollection(false)
            }
            return FHIRPathValue.booleanCollection(!input.isEmpty)
        case "all":
            try requireArguments(name, arguments, 1...1)
            for (i, item) in input.enumerated() where try booleanSingleton(try perItem(arguments[0], item, i)) != true {
                return FHIRPathValue.booleanCollection(false)
            }
            return FHIRPathValue.booleanCollection(true)
        case "allTrue", "anyTrue", "allFalse", "anyFalse":
            try requireArguments(name, arguments, 0...0)
            let values = input.map { v -> Bool? in if case .boolean(let b) = v.systemValue ?? v { return b } else { return nil } }
            if values.contains(where: { $0 == nil }) { throw FHIRPathError(.execution, "\(name)() needs boolean items") }
            switch name {
            case "allTrue": return FHIRPathValue.booleanCollection(values.allSatisfy { $0 == true })
            case "anyTrue": return FHIRPathValue.booleanCollection(values.contains { $0 == true })
            case "allFalse": return FHIRPathValue.booleanCollection(values.allSatisfy { $0 == false })
            default: return FHIRPathValue.booleanCollection(values.contains { $0 == false })
            }
        case "subsetOf", "supersetOf":
            try requireArguments(name, arguments, 1...1)
            let other = try argument(arguments, 0)
            let (small, large) = name == "subsetOf" ? (input, other) : (other, input)
            return FHIRPathValue.booleanCollection(small.allSatisfy { item in large.contains { equal(item, $0) == true } })
        case "count":
            try requireArguments(name, arguments, 0...0)
            return [.integer(input.count)]
        case "distinct":
            try requireArguments(name, arguments, 0...0)
            return distinct(input)
        case "isDistinct":
            try requireArguments(name, arguments, 0...0)
            return FHIRPathValue.booleanCollection(distinct(input).count == input.count)
        case "not":
            try requireArguments(name, arguments, 0...0)
            guard let b = try booleanSingleton(input) else { return [] }
            return FHIRPathValue.booleanCollection(!b)
        case "hasValue":
            guard let item = input.first, input.count == 1 else { return FHIRPathValue.booleanCollection(false) }
            if case .node(let node) = item { return FHIRPathValue.booleanCollection(node.element.value != nil) }
            return FHIRPathValue.booleanCollection(true)
        default:
            return nil
        }
    }
}
