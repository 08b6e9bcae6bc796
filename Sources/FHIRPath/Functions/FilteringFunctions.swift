import Foundation
import FHIRElements

extension FHIRPathEvaluator {
    static let filteringFunctionNames = ["where", "select", "repeat", "ofType", "is", "as", "single", "first", "last", "tail",
                                         "skip", "take", "intersect", "exclude", "union", "combine", "iif", "sort", "aggregate"]

    /// where, select, repeat, ofType, single, first, last, tail, skip, take, intersect, exclude,
    /// union, combine, iif, aggregate.
    func filteringFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        switch name {
        case "where":
            try requireArguments(name, arguments, 1...1)
            var out: [FHIRPathValue] = []
            for (i, item) in input.enumerated() where try booleanSingleton(try perItem(arguments[0], item, i)) == true { out.append(item) }
            return out
        case "select":
            try requireArguments(name, arguments, 1...1)
            var out: [FHIRPathValue] = []
            for (i, item) in input.enumerated() { out += try perItem(arguments[0], item, i) }
            return out
        case "repeat":
            try requireArguments(name, arguments, 1...1)
            var out: [FHIRPathValue] = []
            var queue = input
            var rounds = 0
            while !queue.isEmpty && rounds < 10_000 {
                var next: [FHIRPathValue] = []
                for (i, item) in queue.enumerated() {
                    for produced in try perItem(arguments[0], item, i) where !out.contains(where: { isSame($0, produced) }) {
                        out.append(produced)
                        next.append(produced)
                    }
                }
                queue = next
                rounds += 1
            }
            return out
        case "ofType":
            try requireArguments(name, arguments, 1...1)
            guard let type = typeName(of: arguments[0]) else { throw FHIRPathError(.semantic, "ofType() needs a type name") }
            try checkTypeName(type)
            return input.filter { isOfType($0, type, exactPrimitives: true) }
        case "is", "as":
            try requireArguments(name, arguments, 1...1)
            guard let type = typeName(of: arguments[0]) else { throw FHIRPathError(.semantic, "\(name)() needs a type name") }
            try checkTypeName(type)
            guard let item = try singleton(input) else { return [] }
            if name == "is" { return FHIRPathValue.booleanCollection(isOfType(item, type)) }
            return isOfType(item, type, exactPrimitives: true) ? [item] : []
        case "single":
            try requireArguments(name, arguments, 0...0)
            return try singleton(input).map { [$0] } ?? []
        case "first": return input.first.map { [$0] } ?? []
        case "last": return input.last.map { [$0] } ?? []
        case "tail": return Array(input.dropFirst())
        case "skip", "take":
            try requireArguments(name, arguments, 1...1)
            guard let n = try integerSingleton(try argument(arguments, 0)) else { return name == "skip" ? input : [] }
            return name == "skip" ? Array(input.dropFirst(max(0, n))) : Array(input.prefix(max(0, n)))
        case "intersect":
            let other = try argument(arguments, 0)
            return distinct(input.filter { item in other.contains { equal(item, $0) == true } })
        case "exclude":
            let other = try argument(arguments, 0)
            return input.filter { item in !other.contains { equal(item, $0) == true } }
        case "union":
            return union(input, try argument(arguments, 0))
        case "combine":
            return input + (try argument(arguments, 0))
        case "iif":
            try requireArguments(name, arguments, 2...3)
            guard input.count <= 1 else { throw FHIRPathError(.execution, "iif() needs at most one input item") }
            var scoped = self
            if let item = input.first { scoped.this = [item] }
            let criterion = try scoped.eval(arguments[0], focus: scoped.this)
            if let value = try scoped.singleton(criterion), case .boolean = value.systemValue ?? value {} else if !criterion.isEmpty {
                throw FHIRPathError(.execution, "iif() criterion must be a boolean")
            }
            let condition = try scoped.booleanSingleton(criterion)
            if condition == true { return try scoped.eval(arguments[1], focus: scoped.this) }
            return arguments.count > 2 ? try scoped.eval(arguments[2], focus: scoped.this) : []
        case "sort":
            var keyed: [(FHIRPathValue, [FHIRPathValue?])] = []
            for (i, item) in input.enumerated() {
                var keys: [FHIRPathValue?] = []
                for argument in arguments {
                    let key: FHIRPathExpression
                    if case .unary("-", let inner) = argument { key = inner } else { key = argument }
                    keys.append(try perItem(key, item, i).first)
                }
                keyed.append((item, arguments.isEmpty ? [item] : keys))
            }
            var failure: FHIRPathError?
            let descending = arguments.map(Self.isDescending)
            let sorted = keyed.sorted { a, b in
                for k in 0..<a.1.count {
                    guard let x = a.1[k] else { if b.1[k] == nil { continue } else { return true } }
                    guard let y = b.1[k] else { return false }
                    let c: Int?
                    do throws(FHIRPathError) { c = try compare(x, y) } catch { failure = error; return false }
                    guard let c, c != 0 else { continue }
                    let reverse = k < descending.count && descending[k]
                    return reverse ? c > 0 : c < 0
                }
                return false
            }
            if let failure { throw failure }
            return sorted.map { $0.0 }
        case "aggregate":
            try requireArguments(name, arguments, 1...2)
            var scoped = self
            scoped.total = arguments.count > 1 ? try argument(arguments, 1) : []
            for (i, item) in input.enumerated() {
                scoped.this = [item]
                scoped.index = i
                scoped.total = try scoped.eval(arguments[0], focus: [item])
            }
            return scoped.total
        default:
            return nil
        }
    }

    /// `-expr` as a sort key means descending order (the key is compared unnegated).
    static func isDescending(_ expression: FHIRPathExpression) -> Bool {
        if case .unary("-", _) = expression { return true }
        return false
    }

    /// The type name written as an argument (`ofType(Quantity)`, `ofType(FHIR.string)`).
    func typeName(of expression: FHIRPathExpression) -> String? {
        switch expression {
        case .member(nil, let name): return name
        case .member(let receiver?, let name): return typeName(of: receiver).map { $0 + "." + name }
        default: return nil
        }
    }

    /// Identity of nodes (same element), equality of values, for `repeat`.
    private func isSame(_ a: FHIRPathValue, _ b: FHIRPathValue) -> Bool {
        if case .node(let x) = a, case .node(let y) = b { return x.element === y.element }
        return equal(a, b) == true
    }
}
