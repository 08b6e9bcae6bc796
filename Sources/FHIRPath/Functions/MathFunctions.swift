import Foundation

extension FHIRPathEvaluator {
    static let mathFunctionNames: Set<String> = ["abs", "ceiling", "exp", "floor", "ln", "log", "power", "round", "sqrt", "truncate"]

    /// abs, ceiling, exp, floor, ln, log, power, round, sqrt, truncate.
    func mathFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        guard Self.mathFunctionNames.contains(name) else { return nil }
        guard let item = try singleton(input)?.systemValue else { return [] }
        if case .quantity(let q) = item, name == "abs" { return [.quantity(Quantity(value: abs(q.value), unit: q.unit))] }
        guard let value = number(item) else { throw FHIRPathError(.execution, "\(name)() needs a number") }
        let isInteger: Bool = { if case .integer = item { return true } else { return false } }()
        let double = NSDecimalNumber(decimal: value).doubleValue
        func decimal(_ d: Double) -> [FHIRPathValue] {
            guard d.isFinite else { return [] }
            return [.decimal(Decimal(string: String(d)) ?? Decimal(d), scale: 8)]
        }
        switch name {
        case "abs": return isInteger ? [.integer(abs(NSDecimalNumber(decimal: value).intValue))] : [.decimal(abs(value), scale: scale(item))]
        case "ceiling": return [.integer(Int(double.rounded(.up)))]
        case "floor": return [.integer(Int(double.rounded(.down)))]
        case "truncate": return [.integer(Int(double.rounded(.towardZero)))]
        case "exp": return decimal(Foundation.exp(double))
        case "ln": return double > 0 ? decimal(Foundation.log(double)) : []
        case "log":
            guard let base = try singleton(try argument(arguments, 0))?.systemValue.flatMap(number) else { return [] }
            let b = NSDecimalNumber(decimal: base).doubleValue
            return double > 0 && b > 0 ? decimal(Foundation.log(double) / Foundation.log(b)) : []
        case "power":
            guard let exponentValue = try singleton(try argument(arguments, 0))?.systemValue, let exponent = number(exponentValue) else { return [] }
            let result = Foundation.pow(double, NSDecimalNumber(decimal: exponent).doubleValue)
            if result.isNaN { return [] }
            if isInteger, case .integer = exponentValue { return [.integer(Int(result))] }
            return decimal(result)
        case "round":
            let places = arguments.isEmpty ? 0 : (try integerSingleton(try argument(arguments, 0)) ?? 0)
            return [.decimal(Self.round(value, places), scale: places)]
        case "sqrt": return double >= 0 ? decimal(double.squareRoot()) : []
        default: return nil
        }
    }

    private func scale(_ v: FHIRPathValue) -> Int {
        if case .decimal(_, let s) = v { return s }
        return 0
    }
}
