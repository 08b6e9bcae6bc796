import FHIRDefinitions
import FHIRElements
import FHIRPath
import Foundation

/// An element's `minValue[x]`, `maxValue[x]` and `maxLength`, read once from its definition.
struct ValueLimits: Sendable {
    let minimum: Element?
    let maximum: Element?
    let maxLength: Int?

    /// The limits an element definition states, or nil when it states none.
    static func compile(_ definition: ElementDefinition) -> ValueLimits? {
        guard definition.minValue != nil || definition.maxValue != nil || definition.maxLength != nil else { return nil }
        return ValueLimits(minimum: definition.minValue, maximum: definition.maxValue, maxLength: definition.maxLength)
    }
}

/// Checks a value against its definition's inclusive `minValue[x]`/`maxValue[x]` (numbers, dates
/// and times, Quantities compared after UCUM prefix scaling) and `maxLength` (characters of a
/// primitive's text). Limits that cannot be compared with the value (other units, other date
/// precisions or time zones) are reported as warnings rather than guessed.
enum ValueLimitRule {
    static func check(_ element: Element, limits: ValueLimits, typeCode: String, source: String, expression: @autoclosure () -> String,
                      sink: inout IssueSink) {
        if let maxLength = limits.maxLength, let value = element.value, value.count > maxLength {
            sink.add(.error, .value, "value.max-length",
                     "The value '\(value)' is longer than the maximum length of \(maxLength) its definition allows (from \(source))",
                     expression(), element.position)
        }
        for (limit, isMinimum) in [(limits.minimum, true), (limits.maximum, false)] {
            guard let limit else { continue }
            let name = isMinimum ? "minValue" : "maxValue"
            guard let order = compare(element, limit, typeCode: typeCode) else {
                guard element.value != nil || element.child("value") != nil else { continue }
                sink.add(.warning, .notSupported, "value.limit-not-comparable",
                         "The value \(label(element)) could not be compared with the \(name) \(label(limit)) (from \(source))",
                         expression(), element.position)
                continue
            }
            if isMinimum && order < 0 || !isMinimum && order > 0 {
                sink.add(.error, .value, isMinimum ? "value.min" : "value.max",
                         "The value \(label(element)) is \(isMinimum ? "less" : "greater") than the \(name) \(label(limit)) (from \(source))",
                         expression(), element.position)
            }
        }
    }

    /// -1, 0 or 1; nil when the two cannot be ordered.
    static func compare(_ value: Element, _ limit: Element, typeCode: String) -> Int? {
        switch typeCode {
        case _ where FHIRPathValue.isQuantityType(typeCode):
            guard let a = QuantityScale.canonical(value), let b = QuantityScale.canonical(limit), a.unit == b.unit else { return nil }
            return a.value < b.value ? -1 : a.value > b.value ? 1 : 0
        case "integer", "positiveInt", "unsignedInt", "integer64", "decimal":
            guard let text = value.value, let limitText = limit.value,
                  let a = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                  let b = Decimal(string: limitText, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            return a < b ? -1 : a > b ? 1 : 0
        case "date", "dateTime", "instant", "time":
            // ISO 8601 texts of the same shape (precision and time zone) order as strings.
            guard let a = value.value, let b = limit.value, a.count == b.count, timeZone(a) == timeZone(b) else { return nil }
            return a < b ? -1 : a > b ? 1 : 0
        default:
            return nil
        }
    }

    private static func timeZone(_ text: String) -> Substring {
        guard let t = text.firstIndex(of: "T") else { return "" }
        let time = text[t...]
        if time.hasSuffix("Z") { return "Z" }
        guard let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return "" }
        return time[sign...]
    }

    private static func label(_ element: Element) -> String {
        if let value = element.childValue("value") {
            let unit = element.childValue("code") ?? element.childValue("unit")
            return "(" + value + (unit.map { " " + $0 } ?? "") + ")"
        }
        return "(\(element.value ?? ""))"
    }
}
