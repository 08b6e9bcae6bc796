import Foundation

extension FHIRPathEvaluator {
    /// The System types `toX()` and `convertsToX()` convert to.
    static let conversionTargets = ["Boolean", "Integer", "Decimal", "String", "Date", "DateTime", "Time", "Quantity"]

    /// toBoolean, toInteger, toDecimal, toString, toDate, toDateTime, toTime, toQuantity and
    /// their convertsTo counterparts.
    func conversionFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        let target: String
        let test: Bool
        if name.hasPrefix("convertsTo") { target = String(name.dropFirst(10)); test = true }
        else if name.hasPrefix("to"), Self.conversionTargets.contains(String(name.dropFirst(2))) {
            target = String(name.dropFirst(2)); test = false
        } else { return nil }
        guard let item = try singleton(input) else { return [] }
        guard let value = item.systemValue else { return test ? FHIRPathValue.booleanCollection(false) : [] }
        let unit = target == "Quantity" ? try stringSingleton(try argument(arguments, 0)) : nil
        let converted = convert(value, to: target, unit: unit)
        if test { return FHIRPathValue.booleanCollection(converted != nil) }
        return converted.map { [$0] } ?? []
    }

    func convert(_ value: FHIRPathValue, to target: String, unit: String? = nil) -> FHIRPathValue? {
        switch (target, value) {
        case ("Boolean", .boolean): return value
        case ("Boolean", .integer(let i)): return i == 1 ? .boolean(true) : i == 0 ? .boolean(false) : nil
        case ("Boolean", .decimal(let d, _)): return d == 1 ? .boolean(true) : d == 0 ? .boolean(false) : nil
        case ("Boolean", .string(let s)):
            switch s.lowercased() {
            case "true", "t", "yes", "y", "1", "1.0": return .boolean(true)
            case "false", "f", "no", "n", "0", "0.0": return .boolean(false)
            default: return nil
            }
        case ("Integer", .integer): return value
        case ("Integer", .boolean(let b)): return .integer(b ? 1 : 0)
        case ("Integer", .string(let s)):
            let body = s.hasPrefix("+") || s.hasPrefix("-") ? s.dropFirst() : Substring(s)
            guard !body.isEmpty, body.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(s).map { .integer($0) }
        case ("Decimal", .decimal): return value
        case ("Decimal", .integer(let i)): return .decimal(Decimal(i), scale: 0)
        case ("Decimal", .boolean(let b)): return .decimal(b ? 1 : 0, scale: 1)
        case ("Decimal", .string(let s)):
            let body = s.hasPrefix("+") || s.hasPrefix("-") ? s.dropFirst() : Substring(s)
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard !body.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
            return Decimal(string: s).map { .decimal($0, scale: FHIRPathValue.scale(of: s)) }
        case ("String", _): return value.text.map { .string($0) }
        case ("Date", .date): return value
        case ("Date", .dateTime(var t)):
            t.precision = min(t.precision, .day); t.isDateTime = false; t.zone = nil
            return .date(t)
        case ("Date", .string(let s)): return TemporalValue.parse(date: s).map { .date($0) }
        case ("DateTime", .dateTime): return value
        case ("DateTime", .date(var t)): t.isDateTime = true; return .dateTime(t)
        case ("DateTime", .string(let s)):
            guard var t = TemporalValue.parse(dateTime: s) else { return nil }
            t.isDateTime = true
            return .dateTime(t)
        case ("Time", .time): return value
        case ("Time", .string(let s)):
            let body = s.hasPrefix("T") ? String(s.dropFirst()) : s
            return TemporalValue.parse(time: body).map { .time($0) }
        case ("Quantity", .quantity(let q)):
            if let unit, unit != q.unit { return nil }
            return value
        case ("Quantity", .integer(let i)): return .quantity(Quantity(value: Decimal(i), unit: "1"))
        case ("Quantity", .decimal(let d, _)): return .quantity(Quantity(value: d, unit: "1"))
        case ("Quantity", .boolean(let b)): return .quantity(Quantity(value: b ? 1 : 0, unit: "1"))
        case ("Quantity", .string(let s)): return Self.parseQuantity(s).map { .quantity($0) }
        default: return nil
        }
    }

    /// `5 'mg'`, `4 days`, `1.5` (unit 1).
    static func parseQuantity(_ s: String) -> Quantity? {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first, let value = Decimal(string: first),
              first.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "+" }) else { return nil }
        guard parts.count == 2 else { return Quantity(value: value, unit: "1") }
        let unit = parts[1].trimmingCharacters(in: .whitespaces)
        if unit.hasPrefix("'") && unit.hasSuffix("'") && unit.count >= 2 { return Quantity(value: value, unit: String(unit.dropFirst().dropLast())) }
        if FHIRPathParser.calendarUnits.contains(unit) { return Quantity(value: value, unit: unit) }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
