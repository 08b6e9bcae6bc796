import FHIRElements
import Foundation

/// A FHIRPath Date, DateTime or Time with its precision and optional time zone.
public struct TemporalValue: Sendable, Hashable {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day, hour, minute, second, millisecond
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    public var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0
    public var precision: Precision
    /// Minutes east of UTC, when a zone was given.
    public var zone: Int?
    /// True for a Time (no date part).
    public var isTime = false
    /// True for a DateTime written with a `T` (even with only a year: `@2015T`).
    public var isDateTime = false
    var fractionDigits = 3

    public var hasTime: Bool { precision >= .hour }

    // MARK: Parsing

    /// Parses a literal body (after `@`): a date, or a dateTime when it contains `T`.
    static func parseLiteral(_ text: String) -> FHIRPathValue? {
        if text.contains("T") {
            var body = text
            if body.hasSuffix("T") { body.removeLast() }
            guard var value = parse(dateTime: body, requireZone: false) else { return nil }
            value.isDateTime = true
            return .dateTime(value)
        }
        return parse(date: text).map { .date($0) }
    }

    /// `YYYY[-MM[-DD]]`.
    public static func parse(date text: String) -> TemporalValue? {
        guard let value = parse(dateTime: text, requireZone: false), !value.hasTime, value.zone == nil else { return nil }
        return value
    }

    /// `YYYY[-MM[-DD[Thh[:mm[:ss[.fff]]]][Z|±hh:mm]]]`.
    public static func parse(dateTime text: String, requireZone: Bool = false) -> TemporalValue? {
        let b = Array(text.utf8)
        var i = 0
        var v = TemporalValue(precision: .year)
        guard let year = CivilCalendar.readDigits(b, &i, 4) else { return nil }
        v.year = year
        if i < b.count, b[i] == UInt8(ascii: "-") {
            i += 1
            guard let month = CivilCalendar.readDigits(b, &i, 2), (1...12).contains(month) else { return nil }
            v.month = month
            v.precision = .month
            if i < b.count, b[i] == UInt8(ascii: "-") {
                i += 1
                guard let day = CivilCalendar.readDigits(b, &i, 2), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year) else { return nil }
                v.day = day
                v.precision = .day
            }
        }
        if i < b.count, b[i] == UInt8(ascii: "T") {
            guard v.precision == .day else { return nil }
            i += 1
            v.isDateTime = true
            guard parseTime(b, &i, into: &v) else { return nil }
        }
        if i < b.count {
            guard let zone = parseZone(b, &i), i == b.count else { return nil }
            v.zone = zone
        }
        return v
    }

    /// `hh[:mm[:ss[.fff]]]` (a FHIRPath Time, or FHIR time value).
    public static func parse(time text: String) -> TemporalValue? {
        let b = Array(text.utf8)
        var i = 0
        var v = TemporalValue(precision: .hour)
        v.isTime = true
        guard parseTime(b, &i, into: &v), i == b.count else { return nil }
        return v
    }

    private static func parseTime(_ b: [UInt8], _ i: inout Int, into v: inout TemporalValue) -> Bool {
        guard let hour = CivilCalendar.readDigits(b, &i, 2), hour < 24 else { return false }
        v.hour = hour
        v.precision = .hour
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return true }
        i += 1
        guard let minute = CivilCalendar.readDigits(b, &i, 2), minute < 60 else { return false }
        v.minute = minute
        v.precision = .minute
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return true }
        i += 1
        guard let second = CivilCalendar.readDigits(b, &i, 2), second < 60 else { return false }
        v.second = second
        v.precision = .second
        guard i < b.count, b[i] == UInt8(ascii: ".") else { return true }
        i += 1
        let start = i
        var fraction = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            if i - start < 3 { fraction = fraction * 10 + Int(b[i] - 0x30) }
            i += 1
        }
        guard i > start else { return false }
        for _ in min(i - start, 3)..<3 { fraction *= 10 }
        v.millisecond = fraction
        v.fractionDigits = min(i - start, 3)
        v.precision = .millisecond
        return true
    }

    private static func parseZone(_ b: [UInt8], _ i: inout Int) -> Int? {
        if b[i] == UInt8(ascii: "Z") { i += 1; return 0 }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let h = CivilCalendar.readDigits(b, &i, 2), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let m = CivilCalendar.readDigits(b, &i, 2) else { return nil }
        return sign * (h * 60 + m)
    }


    // MARK: Text

    /// The literal text without `@` (`1974-12-25`, `2015-02-04T14:34:28.123+09:00`, `T14:30`).
    public var text: String {
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        var out = ""
        if !isTime {
            out = pad(year, 4)
            if precision >= .month { out += "-" + pad(month, 2) }
            if precision >= .day { out += "-" + pad(day, 2) }
            if isDateTime || hasTime { out += "T" }
        } else {
            out = "T"
        }
        if hasTime {
            out += pad(hour, 2)
            if precision >= .minute { out += ":" + pad(minute, 2) }
            if precision >= .second { out += ":" + pad(second, 2) }
            if precision >= .millisecond { out += "." + String(pad(millisecond, 3).prefix(max(fractionDigits, 1))) }
        }
        if let zone {
            if zone == 0 { out += "Z" } else {
                out += (zone < 0 ? "-" : "+") + pad(abs(zone) / 60, 2) + ":" + pad(abs(zone) % 60, 2)
            }
        }
        if isTime { return out }
        return out
    }

    // MARK: Comparison

    /// Days since 1970-01-01 for a civil date (proleptic Gregorian). O(1).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The components, shifted to UTC when a zone is known and the value has a time.
    private func components(normalize: Bool) -> [Int] {
        var v = self
        if normalize, let zone, hasTime, !isTime {
            v = v.adding(minutes: -zone)
        }
        let seconds = v.second * 1000 + v.millisecond
        return [v.year, v.month, v.day, v.hour, v.minute, seconds]
    }

    /// Compares two temporal values: -1, 0, 1, or nil when precision makes the answer unknown.
    public static func compare(_ a: TemporalValue, _ b: TemporalValue) -> Int? {
        if a.isTime != b.isTime { return nil }
        // One with a zone and one without: the instant of the second is unknown.
        if a.hasTime, b.hasTime, (a.zone == nil) != (b.zone == nil) { return nil }
        let normalize = a.zone != nil && b.zone != nil
        let ca = a.components(normalize: normalize), cb = b.components(normalize: normalize)
        // Seconds and milliseconds are one precision for comparison.
        let pa = min(a.precision.rawValue, 5), pb = min(b.precision.rawValue, 5)
        let first = a.isTime ? 3 : 0
        for k in first...5 {
            let inA = k <= pa, inB = k <= pb
            if !inA || !inB { return inA == inB ? 0 : nil }
            if ca[k] != cb[k] { return ca[k] < cb[k] ? -1 : 1 }
        }
        return 0
    }

    // MARK: Arithmetic

    func adding(minutes: Int) -> TemporalValue {
        var v = self
        let total = ((TemporalValue.days(year: year, month: month, day: day) * 24 + hour) * 60 + minute) + minutes
        let dayCount = Int((Double(total) / 1440).rounded(.down))
        let minuteOfDay = total - dayCount * 1440
        (v.year, v.month, v.day) = TemporalValue.civil(days: dayCount)
        v.hour = minuteOfDay / 60
        v.minute = minuteOfDay % 60
        return v
    }

    /// Adds a calendar quantity (`7 days`, `1 'mo'` is refused) keeping the precision. Nil when the unit is not a duration.
    func adding(_ amount: Decimal, unit: String) -> TemporalValue? {
        var singular = unit
        if singular.hasSuffix("s") && singular.count > 2 { singular.removeLast() }
        // UCUM 'a' and 'mo' are not calendar durations and cannot be added to dates.
        let map = ["wk": "week", "d": "day", "h": "hour", "min": "minute", "s": "second", "ms": "millisecond"]
        let calendar = map[unit] ?? singular
        let whole = NSDecimalNumber(decimal: amount).intValue
        var v = self
        switch calendar {
        case "year":
            v.year += whole
            v.day = min(v.day, CivilCalendar.daysIn(month: v.month, year: v.year))
        case "month":
            let months = v.year * 12 + (v.month - 1) + whole
            v.year = months / 12
            v.month = months % 12 + 1
            v.day = min(v.day, CivilCalendar.daysIn(month: v.month, year: v.year))
        case "week", "day":
            let days = whole * (calendar == "week" ? 7 : 1)
            if isTime || precision < .day { return v }
            let (y, m, d) = TemporalValue.civil(days: TemporalValue.days(year: v.year, month: v.month, day: v.day) + days)
            (v.year, v.month, v.day) = (y, m, d)
        case "hour", "minute", "second", "millisecond":
            var ms: Int
            switch calendar {
            case "hour": ms = whole * 3_600_000
            case "minute": ms = whole * 60_000
            case "second": ms = whole * 1000
            default: ms = whole
            }
            if isTime {
                var total = ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.millisecond + ms
                total = ((total % 86_400_000) + 86_400_000) % 86_400_000
                v.millisecond = total % 1000; total /= 1000
                v.second = total % 60; total /= 60
                v.minute = total % 60; v.hour = total / 60
                return v
            }
            let baseMs = ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.millisecond
            let totalMs = baseMs + ms
            let dayShift = Int((Double(totalMs) / 86_400_000).rounded(.down))
            var rest = totalMs - dayShift * 86_400_000
            let (y, m, d) = TemporalValue.civil(days: TemporalValue.days(year: v.year, month: v.month, day: v.day) + dayShift)
            (v.year, v.month, v.day) = (y, m, d)
            v.millisecond = rest % 1000; rest /= 1000
            v.second = rest % 60; rest /= 60
            v.minute = rest % 60; v.hour = rest / 60
        default:
            return nil
        }
        return v
    }
}
