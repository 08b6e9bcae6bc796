import FHIRElements
import Foundation

/// A FHIR element met during evaluation, with the type the definitions give it.
public struct Node: Sendable {
    public let element: Element
    /// The FHIR type code (`HumanName`, `string`, `Patient`), or "" when unknown.
    public let type: String
    /// Where the element is in its definition, for finding the types of its children.
    public let path: ModelPath?

    public init(element: Element, type: String, path: ModelPath?) {
        self.element = element
        self.type = type
        self.path = path
    }
}

/// A location in a type's definition: the type whose definition holds the element, and its path.
public struct ModelPath: Sendable, Hashable {
    public var structure: String
    public var path: String

    public init(structure: String, path: String) {
        self.structure = structure
        self.path = path
    }
}

/// One item of a FHIRPath collection: a System value or a FHIR element.
public enum FHIRPathValue: Sendable {
    case boolean(Bool)
    case integer(Int)
    /// A decimal and the number of decimal places it was written or computed with.
    case decimal(Decimal, scale: Int)
    case string(String)
    case date(TemporalValue)
    case dateTime(TemporalValue)
    case time(TemporalValue)
    case quantity(Quantity)
    case node(Node)
    /// The result of `type()`: a namespace (`System`, `FHIR`) and a type name.
    case typeInfo(namespace: String, name: String)

    /// The type name used in output and `type()`: a FHIR type for elements, else a System type.
    public var typeName: String {
        switch self {
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .string: return "string"
        case .date: return "date"
        case .dateTime: return "dateTime"
        case .time: return "time"
        case .quantity: return "Quantity"
        case .node(let node): return node.type.isEmpty ? (node.element.resourceType ?? "Element") : node.type
        case .typeInfo: return "TypeInfo"
        }
    }

    /// The System value of a FHIR primitive element, or the value itself; nil for an element
    /// without a value or a complex element (a Quantity element becomes a System Quantity).
    public var systemValue: FHIRPathValue? {
        guard case .node(let node) = self else { return self }
        if FHIRPathValue.isQuantityType(node.type) {
            guard let value = node.element.childValue("value"), let number = Decimal(string: value) else { return nil }
            let unit = node.element.childValue("code") ?? node.element.childValue("unit") ?? "1"
            return .quantity(Quantity(value: number, unit: unit))
        }
        guard let text = node.element.value else { return nil }
        switch node.type {
        case "boolean": return text == "true" ? .boolean(true) : text == "false" ? .boolean(false) : nil
        case "integer", "positiveInt", "unsignedInt", "integer64": return Int(text).map { .integer($0) }
        case "decimal": return Decimal(string: text).map { .decimal($0, scale: Self.scale(of: text)) }
        case "date": return TemporalValue.parse(date: text).map { .date($0) }
        case "dateTime", "instant":
            guard let value = TemporalValue.parse(dateTime: text) else { return nil }
            return value.hasTime ? .dateTime(value) : (node.type == "instant" ? .dateTime(value) : .dateTime(value))
        case "time": return TemporalValue.parse(time: text).map { .time($0) }
        default: return .string(text)
        }
    }

    /// True for Quantity and the datatypes derived from it, which FHIRPath treats as System
    /// Quantities (compared rather than hashed: validation asks for every element). O(1).
    public static func isQuantityType(_ code: String) -> Bool {
        switch code {
        case "Quantity", "Age", "Duration", "Distance", "Count", "SimpleQuantity", "MoneyQuantity": return true
        default: return false
        }
    }

    static func isCalendarKeyword(_ unit: String) -> Bool {
        ["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
         "second", "seconds", "millisecond", "milliseconds"].contains(unit)
    }

    static func scale(of text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].prefix { $0.isNumber }.count
    }

    /// The text of a value as FHIRPath's `toString()` gives it.
    public var text: String? {
        switch systemValue ?? self {
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .decimal(let d, let scale): return Self.format(d, scale: scale)
        case .string(let s): return s
        case .date(let t), .dateTime(let t): return t.text
        case .time(let t): return t.text
        case .quantity(let q): return q.calendarUnit != nil && !q.unit.contains("'") && FHIRPathValue.isCalendarKeyword(q.unit) ? "\(q.value) \(q.unit)" : q.text
        case .node, .typeInfo: return nil
        }
    }

    /// A decimal written with at least `scale` places.
    static func format(_ value: Decimal, scale: Int) -> String {
        var text = "\(value)"
        let current = FHIRPathValue.scale(of: text)
        if current < scale {
            if !text.contains(".") { text += "." }
            text += String(repeating: "0", count: scale - current)
        }
        return text
    }
}

/// A System Quantity: a decimal value with a UCUM unit or a calendar duration keyword.
public struct Quantity: Sendable, Hashable {
    public var value: Decimal
    public var unit: String
    /// Decimal places the value is written with at least (a boundary's precision); not part of equality.
    public var scale: Int

    public init(value: Decimal, unit: String, scale: Int = 0) {
        self.value = value
        self.unit = unit
        self.scale = scale
    }

    public static func == (a: Quantity, b: Quantity) -> Bool { a.value == b.value && a.unit == b.unit }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(unit)
    }

    public var text: String { "\(FHIRPathValue.format(value, scale: scale)) '\(unit)'" }

    /// Calendar keywords, singular, and their UCUM equivalents where definite.
    static let calendarUCUM: [String: String] = [
        "year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h", "minute": "min", "second": "s", "millisecond": "ms",
    ]

    var calendarUnit: String? {
        let singular = unit.hasSuffix("s") && Quantity.calendarUCUM[String(unit.dropLast())] != nil ? String(unit.dropLast()) : unit
        return Quantity.calendarUCUM[singular] != nil ? singular : nil
    }

    /// UCUM factors to a base unit for the units FHIRPath comparisons commonly meet.
    static let ucumFactors: [String: (base: String, factor: Decimal)] = [
        "g": ("g", 1), "kg": ("g", 1000), "mg": ("g", Decimal(string: "0.001")!), "ug": ("g", Decimal(string: "0.000001")!),
        "m": ("m", 1), "km": ("m", 1000), "cm": ("m", Decimal(string: "0.01")!), "mm": ("m", Decimal(string: "0.001")!),
        "[in_i]": ("m", Decimal(string: "0.0254")!), "[ft_i]": ("m", Decimal(string: "0.3048")!),
        "[lb_av]": ("g", Decimal(string: "453.59237")!), "[oz_av]": ("g", Decimal(string: "28.349523125")!),
        "s": ("s", 1), "ms": ("s", Decimal(string: "0.001")!), "min": ("s", 60), "h": ("s", 3600), "d": ("s", 86400), "wk": ("s", 604800),
        "L": ("L", 1), "l": ("L", 1), "mL": ("L", Decimal(string: "0.001")!), "dL": ("L", Decimal(string: "0.1")!),
        "1": ("1", 1), "%": ("1", Decimal(string: "0.01")!),
    ]

    /// The value in a base unit, for comparing quantities in different but commensurable units.
    var normalized: (value: Decimal, base: String)? {
        let key = calendarUnit.flatMap { c in ["week", "day", "hour", "minute", "second", "millisecond"].contains(c) ? Quantity.calendarUCUM[c] : nil } ?? unit
        if let (base, factor) = Quantity.ucumFactors[key] { return (value * factor, base) }
        guard let reduced = UnitAlgebra.reduce(key, atoms: Quantity.ucumFactors) else { return nil }
        return (value * reduced.factor, reduced.baseText)
    }
}

extension FHIRPathValue {
    private static let trueCollection: [FHIRPathValue] = [.boolean(true)]
    private static let falseCollection: [FHIRPathValue] = [.boolean(false)]

    /// The collection holding one boolean, shared (operators and functions return it often;
    /// this spares an allocation each time).
    static func booleanCollection(_ value: Bool) -> [FHIRPathValue] { value ? trueCollection : falseCollection }
}
