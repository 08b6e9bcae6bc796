import FHIRElements
import Foundation

extension FHIRPathEvaluator {
    func binary(_ op: String, _ left: FHIRPathExpression, _ right: FHIRPathExpression, focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        switch op {
        case "and", "or", "xor", "implies":
            return try logic(op, left, right, focus: focus)
        default:
            break
        }
        let l = try eval(left, focus: focus)
        let r = try eval(right, focus: focus)
        switch op {
        case "|": return union(l, r)
        case "=": return equality(l, r).map { FHIRPathValue.booleanCollection($0) } ?? []
        case "!=": return equality(l, r).map { FHIRPathValue.booleanCollection(!$0) } ?? []
        case "~": return FHIRPathValue.booleanCollection(equivalent(l, r))
        case "!~": return FHIRPathValue.booleanCollection(!equivalent(l, r))
        case "in", "contains":
            let (element, collection) = op == "in" ? (l, r) : (r, l)
            guard let item = try singleton(element) else { return [] }
            return FHIRPathValue.booleanCollection(collection.contains { equal(item, $0) == true })
        case "<", ">", "<=", ">=":
            guard let a = try singleton(l), let b = try singleton(r) else { return [] }
            guard let c = try compare(a, b) else { return [] }
            switch op {
            case "<": return FHIRPathValue.booleanCollection(c < 0)
            case ">": return FHIRPathValue.booleanCollection(c > 0)
            case "<=": return FHIRPathValue.booleanCollection(c <= 0)
            default: return FHIRPathValue.booleanCollection(c >= 0)
            }
        case "&":
            let a = try singleton(l).flatMap { $0.text } ?? ""
            let b = try singleton(r).flatMap { $0.text } ?? ""
            return [.string(a + b)]
        default:
            guard let a = try singleton(l)?.systemValue, let b = try singleton(r)?.systemValue else { return [] }
            return try arithmetic(op, a, b)
        }
    }

    private func logic(_ op: String, _ left: FHIRPathExpression, _ right: FHIRPathExpression, focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        let a = try booleanSingleton(try eval(left, focus: focus))
        if op == "and", a == false { return FHIRPathValue.booleanCollection(false) }
        if op == "or", a == true { return FHIRPathValue.booleanCollection(true) }
        if op == "implies", a == false { return FHIRPathValue.booleanCollection(true) }
        let b = try booleanSingleton(try eval(right, focus: focus))
        switch op {
        case "and":
            if b == false { return FHIRPathValue.booleanCollection(false) }
            if a == true && b == true { return FHIRPathValue.booleanCollection(true) }
            return []
        case "or":
            if b == true { return FHIRPathValue.booleanCollection(true) }
            if a == false && b == false { return FHIRPathValue.booleanCollection(false) }
            return []
        case "xor":
            guard let a, let b else { return [] }
            return FHIRPathValue.booleanCollection(a != b)
        default:  // implies, a is true or empty
            if b == true { return FHIRPathValue.booleanCollection(true) }
            if a == true, b == false { return FHIRPathValue.booleanCollection(false) }
            return []
        }
    }

    func union(_ a: [FHIRPathValue], _ b: [FHIRPathValue]) -> [FHIRPathValue] {
        distinct(a + b)
    }

    func distinct(_ items: [FHIRPathValue]) -> [FHIRPathValue] {
        var out: [FHIRPathValue] = []
        for item in items where !out.contains(where: { equal($0, item) == true }) { out.append(item) }
        return out
    }

    // MARK: Equality

    /// Collection equality: nil (empty) when either side is empty.
    func equality(_ a: [FHIRPathValue], _ b: [FHIRPathValue]) -> Bool? {
        if a.isEmpty || b.isEmpty { return nil }
        guard a.count == b.count else { return false }
        var result = true
        for (x, y) in zip(a, b) {
            guard let e = equal(x, y) else { return nil }
            if !e { result = false }
        }
        return result
    }

    /// Item equality: nil when it cannot be decided (dates of different precision).
    func equal(_ x: FHIRPathValue, _ y: FHIRPathValue) -> Bool? {
        if case .node(let a) = x, isComplex(a) {
            if case .node(let b) = y, isComplex(b) { return deepEqual(a.element, b.element) }
            return false
        }
        if case .node(let b) = y, isComplex(b) { return false }
        guard let a = x.systemValue, let b = y.systemValue else { return nil }
        switch (a, b) {
        case (.boolean(let p), .boolean(let q)): return p == q
        case (.string(let p), .string(let q)): return p == q
        case (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            return number(a) == number(b)
        case (.date(let p), .date(let q)), (.dateTime(let p), .dateTime(let q)), (.time(let p), .time(let q)),
             (.date(let p), .dateTime(let q)), (.dateTime(let p), .date(let q)):
            return TemporalValue.compare(p, q).map { $0 == 0 }
        case (.quantity(let p), .quantity(let q)):
            return quantityCompare(p, q).map { $0 == 0 }
        default:
            return false
        }
    }

    /// A complex element (compared by content), as opposed to a primitive or a Quantity.
    private func isComplex(_ node: Node) -> Bool {
        if FHIRPathValue.isQuantityType(node.type) { return false }
        if node.type.isEmpty { return node.element.value == nil }
        return node.type.startsWithASCIIUppercase
    }

    private func deepEqual(_ a: Element, _ b: Element) -> Bool {
        guard a.value == b.value, a.children.count == b.children.count else { return false }
        return zip(a.children, b.children).allSatisfy { $0.name == $1.name && deepEqual($0, $1) }
    }

    func number(_ v: FHIRPathValue) -> Decimal? {
        switch v {
        case .integer(let i): return Decimal(i)
        case .decimal(let d, _): return d
        default: return nil
        }
    }

    // MARK: Equivalence

    func equivalent(_ a: [FHIRPathValue], _ b: [FHIRPathValue]) -> Bool {
        if a.isEmpty && b.isEmpty { return true }
        guard a.count == b.count else { return false }
        return a.allSatisfy { x in b.contains { equivalent(x, $0) } }
    }

    func equivalent(_ x: FHIRPathValue, _ y: FHIRPathValue) -> Bool {
        if case .node(let a) = x, isComplex(a) {
            if case .node(let b) = y, isComplex(b) { return deepEqual(a.element, b.element) }
            return false
        }
        guard let a = x.systemValue, let b = y.systemValue else { return false }
        switch (a, b) {
        case (.string(let p), .string(let q)):
            return Self.normalizedForEquivalence(p) == Self.normalizedForEquivalence(q)
        case (.decimal(let p, let ps), .decimal(let q, let qs)):
            let scale = min(ps, qs)
            return Self.round(p, scale) == Self.round(q, scale)
        case (.integer, .decimal(_, let s)), (.decimal(_, let s), .integer):
            return Self.round(number(a)!, s == 0 ? 0 : 0) == Self.round(number(b)!, 0)
        case (.date(let p), .date(let q)), (.dateTime(let p), .dateTime(let q)), (.time(let p), .time(let q)),
             (.date(let p), .dateTime(let q)), (.dateTime(let p), .date(let q)):
            return min(p.precision.rawValue, 5) == min(q.precision.rawValue, 5) && TemporalValue.compare(p, q) == 0
        case (.quantity(let p), .quantity(let q)):
            guard let a = p.normalized, let b = q.normalized, a.base == b.base else { return quantityCompare(p, q) == 0 }
            let scale = min(FHIRPathValue.scale(of: "\(p.value)"), FHIRPathValue.scale(of: "\(q.value)"))
            return Self.round(a.value / (p.normalized!.value / p.value), scale) == Self.round(b.value / (p.normalized!.value / p.value), scale)
        default:
            return equal(a, b) ?? false
        }
    }

    static func normalizedForEquivalence(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func round(_ d: Decimal, _ scale: Int) -> Decimal {
        var value = d
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }

    // MARK: Ordering

    func compare(_ x: FHIRPathValue, _ y: FHIRPathValue) throws(FHIRPathError) -> Int? {
        guard let a = x.systemValue, let b = y.systemValue else { return nil }
        switch (a, b) {
        case (.string(let p), .string(let q)): return p == q ? 0 : (p < q ? -1 : 1)
        case (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            let p = number(a)!, q = number(b)!
            return p == q ? 0 : (p < q ? -1 : 1)
        case (.date(let p), .date(let q)), (.dateTime(let p), .dateTime(let q)), (.time(let p), .time(let q)),
             (.date(let p), .dateTime(let q)), (.dateTime(let p), .date(let q)):
            return TemporalValue.compare(p, q)
        case (.quantity(let p), .quantity(let q)):
            guard let c = quantityCompare(p, q) else { throw FHIRPathError(.execution, "Quantities \(p.text) and \(q.text) cannot be compared") }
            return c
        default:
            throw FHIRPathError(.execution, "Cannot compare \(a.typeName) with \(b.typeName)")
        }
    }

    func quantityCompare(_ p: Quantity, _ q: Quantity) -> Int? {
        if p.unit == q.unit || (p.calendarUnit != nil && p.calendarUnit == q.calendarUnit) {
            return p.value == q.value ? 0 : (p.value < q.value ? -1 : 1)
        }
        guard let a = p.normalized, let b = q.normalized, a.base == b.base else { return nil }
        return a.value == b.value ? 0 : (a.value < b.value ? -1 : 1)
    }

    // MARK: Arithmetic

    func arithmetic(_ op: String, _ a: FHIRPathValue, _ b: FHIRPathValue) throws(FHIRPathError) -> [FHIRPathValue] {
        switch (op, a, b) {
        case ("+", .string(let p), .string(let q)): return [.string(p + q)]
        case ("+", .date(let t), .quantity(let q)), ("+", .dateTime(let t), .quantity(let q)), ("+", .time(let t), .quantity(let q)):
            guard let r = t.adding(q.value, unit: q.unit) else { throw FHIRPathError(.execution, "Cannot add \(q.text) to a date/time") }
            return [wrapTemporal(a, r)]
        case ("-", .date(let t), .quantity(let q)), ("-", .dateTime(let t), .quantity(let q)), ("-", .time(let t), .quantity(let q)):
            guard let r = t.adding(-q.value, unit: q.unit) else { throw FHIRPathError(.execution, "Cannot subtract \(q.text) from a date/time") }
            return [wrapTemporal(a, r)]
        case (_, .integer(let p), .integer(let q)):
            switch op {
            case "+": return [.integer(p + q)]
            case "-": return [.integer(p - q)]
            case "*": return [.integer(p * q)]
            case "/": return q == 0 ? [] : [.decimal(Decimal(p) / Decimal(q), scale: 8)]
            case "div": return q == 0 ? [] : [.integer(p / q)]
            case "mod": return q == 0 ? [] : [.integer(p % q)]
            default: break
            }
        case (_, .quantity(let p), .quantity(let q)):
            switch op {
            case "+", "-":
                guard quantityCompare(p, q) != nil || p.unit == q.unit else { return [] }
                let qv = p.unit == q.unit ? q.value : (q.normalized!.value / (p.normalized!.value / p.value))
                return [.quantity(Quantity(value: op == "+" ? p.value + qv : p.value - qv, unit: p.unit))]
            case "*": return [.quantity(Quantity(value: p.value * q.value, unit: Self.combine(p.unit, q.unit, "."))) ]
            case "/": return q.value == 0 ? [] : [.quantity(Quantity(value: p.value / q.value, unit: p.unit == q.unit ? "1" : Self.combine(p.unit, q.unit, "/")))]
            default: break
            }
        case (_, .quantity(let p), _) where number(b) != nil:
            let n = number(b)!
            switch op {
            case "*": return [.quantity(Quantity(value: p.value * n, unit: p.unit))]
            case "/": return n == 0 ? [] : [.quantity(Quantity(value: p.value / n, unit: p.unit))]
            default: break
            }
        case (_, _, .quantity(let q)) where number(a) != nil && op == "*":
            return [.quantity(Quantity(value: number(a)! * q.value, unit: q.unit))]
        default:
            if let p = number(a), let q = number(b) {
                let scale = max(scaleOf(a), scaleOf(b))
                switch op {
                case "+": return [.decimal(p + q, scale: scale)]
                case "-": return [.decimal(p - q, scale: scale)]
                case "*": return [.decimal(p * q, scale: scaleOf(a) + scaleOf(b))]
                case "/": return q == 0 ? [] : [.decimal(p / q, scale: 8)]
                case "div":
                    guard q != 0 else { return [] }
                    let r = p / q
                    return [.integer(NSDecimalNumber(decimal: Self.truncate(r)).intValue)]
                case "mod":
                    guard q != 0 else { return [] }
                    let r = p - q * Self.truncate(p / q)
                    return [.decimal(r, scale: scale)]
                default: break
                }
            }
        }
        throw FHIRPathError(.execution, "Operator '\(op)' cannot be applied to \(a.typeName) and \(b.typeName)")
    }

    private func scaleOf(_ v: FHIRPathValue) -> Int {
        if case .decimal(_, let s) = v { return s }
        return 0
    }

    static func truncate(_ d: Decimal) -> Decimal {
        var value = d
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, d < 0 ? .up : .down)
        return result
    }

    private static func combine(_ a: String, _ b: String, _ op: String) -> String {
        if a == "1" { return op == "." ? b : "1/" + b }
        if b == "1" { return a }
        return a + op + b
    }

    private func wrapTemporal(_ original: FHIRPathValue, _ value: TemporalValue) -> FHIRPathValue {
        switch original {
        case .date: return .date(value)
        case .time: return .time(value)
        default: return .dateTime(value)
        }
    }
}
