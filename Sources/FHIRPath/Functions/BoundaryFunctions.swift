import FHIRElements
import Foundation

extension FHIRPathEvaluator {
    static let boundaryFunctionNames = ["lowBoundary", "highBoundary", "precision", "comparable"]

    /// lowBoundary, highBoundary, precision, comparable.
    func boundaryFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        guard Self.boundaryFunctionNames.contains(name) else { return nil }
        guard let item = try singleton(input)?.systemValue else { return [] }
        if name == "comparable" {
            guard case .quantity(let a) = item, case .quantity(let b)? = try singleton(try argument(arguments, 0))?.systemValue else { return [] }
            return FHIRPathValue.booleanCollection(quantityCompare(a, b) != nil)
        }
        if name == "precision" {
            switch item {
            case .decimal(_, let scale): return [.integer(scale)]
            case .integer: return [.integer(0)]
            case .date(let t), .dateTime(let t), .time(let t): return [.integer(Self.digits(t))]
            default: return []
            }
        }
        let low = name == "lowBoundary"
        let requested = arguments.isEmpty ? nil : try integerSingleton(try argument(arguments, 0))
        switch item {
        case .integer(let i):
            return Self.decimalBoundary(Decimal(i), scale: 0, low: low, digits: requested ?? 8).map { [$0] } ?? []
        case .decimal(let d, let scale):
            return Self.decimalBoundary(d, scale: scale, low: low, digits: requested ?? 8).map { [$0] } ?? []
        case .quantity(let q):
            guard case .decimal(let v, let scale)? = Self.decimalBoundary(q.value, scale: FHIRPathValue.scale(of: "\(q.value)"), low: low, digits: requested ?? 8) else { return [] }
            return [.quantity(Quantity(value: v, unit: q.unit, scale: scale))]
        case .date(let t), .dateTime(let t), .time(let t):
            guard let boundary = Self.temporalBoundary(t, low: low, digits: requested ?? (t.isTime ? 9 : 17)) else { return [] }
            if boundary.isTime { return [.time(boundary)] }
            return [boundary.isDateTime ? .dateTime(boundary) : .date(boundary)]
        default:
            return []
        }
    }

    /// The digits of precision of a date/time (`2014` 4, `2014-01-05T10:30:00.000` 17, `T10:30` 4).
    static func digits(_ t: TemporalValue) -> Int {
        if t.isTime { return [2, 4, 6, 9][max(0, min(3, t.precision.rawValue - 3))] }
        return [4, 6, 8, 10, 12, 14, 17][t.precision.rawValue]
    }

    /// The smallest (largest) decimal the value could stand for, given to `digits` places.
    static func decimalBoundary(_ value: Decimal, scale: Int, low: Bool, digits: Int) -> FHIRPathValue? {
        guard digits >= 0, digits <= 31 else { return nil }
        // Boundaries are symmetric about zero: the low boundary of -x is minus the high boundary of x.
        if value < 0 {
            guard case .decimal(let mirrored, let s)? = decimalBoundary(-value, scale: scale, low: !low, digits: digits) else { return nil }
            return .decimal(mirrored.isZero ? 0 : -mirrored, scale: s)
        }
        var half = Decimal(5)
        for _ in 0...scale { half /= 10 }
        let boundary = low ? value - half : value + half
        var input = boundary
        var result = Decimal()
        // Low: the boundary cut down to the digits asked for; high: rounded to them (0.00345 → 0.0).
        NSDecimalRound(&result, &input, digits, low ? .down : .plain)
        if result.isZero { result = 0 }
        return .decimal(result, scale: digits)
    }

    /// The earliest (latest) instant a partial date/time could stand for, at a precision in digits.
    static func temporalBoundary(_ t: TemporalValue, low: Bool, digits: Int) -> TemporalValue? {
        var v = t
        let precisions: [Int: TemporalValue.Precision] = t.isTime
            ? [2: .hour, 4: .minute, 6: .second, 9: .millisecond]
            : [4: .year, 6: .month, 8: .day, 10: .hour, 12: .minute, 14: .second, 17: .millisecond]
        guard let target = precisions[digits] else { return nil }
        if v.precision == .hour { v.precision = .minute }  // a bare hour stands for hh:00
        if v.precision < .month { v.month = low ? 1 : 12 }
        if v.precision < .day { v.day = low ? 1 : CivilCalendar.daysIn(month: v.month, year: v.year) }
        if v.precision < .hour { v.hour = low ? 0 : 23 }
        if v.precision < .minute { v.minute = low ? 0 : 59 }
        if v.precision < .second { v.second = low ? 0 : 59 }
        if v.precision < .millisecond { v.millisecond = low ? 0 : 999; v.fractionDigits = 3 }
        if !t.isTime, target >= .hour, v.zone == nil { v.zone = low ? 14 * 60 : -12 * 60 }
        v.precision = target
        v.isDateTime = !t.isTime && target >= .hour
        if target < .hour { v.zone = nil }
        return v
    }
}
