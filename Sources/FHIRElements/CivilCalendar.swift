/// Facts of the proleptic Gregorian calendar that FHIR dates use.
public enum CivilCalendar {
    /// The number of days in a month (1–12) of a year. O(1).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads exactly `count` ASCII digits at `index` and advances past them; nil when they are
    /// not all digits or the bytes run out. O(count).
    @inlinable
    public static func readDigits(_ bytes: [UInt8], _ index: inout Int, _ count: Int) -> Int? {
        bytes.withUnsafeBufferPointer { readDigits($0, &index, count) }
    }

    /// `readDigits` on bytes in place (no array copied from a String's UTF-8).
    @inlinable
    public static func readDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for k in index..<index + count {
            guard bytes[k] >= 0x30, bytes[k] <= 0x39 else { return nil }
            value = value * 10 + Int(bytes[k] - 0x30)
        }
        index += count
        return value
    }
}
