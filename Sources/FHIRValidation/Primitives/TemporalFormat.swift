import FHIRElements
/// Checks the FHIR date, dateTime, instant and time forms, including real calendar dates.
enum TemporalFormat {
    enum Allowed { case date, dateTime, instant }

    /// True when the value is a valid lexical form. O(length).
    static func check(_ value: String, allowed: Allowed) -> Bool {
        value.withUTF8Bytes { check($0, allowed: allowed) }  // read in place: every date of every resource comes here
    }

    static func check(_ b: UnsafeBufferPointer<UInt8>, allowed: Allowed) -> Bool {
        var i = 0
        guard let year = CivilCalendar.readDigits(b, &i, 4), year >= 1 else { return false }
        if i == b.count { return allowed != .instant }
        guard b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let month = CivilCalendar.readDigits(b, &i, 2), (1...12).contains(month) else { return false }
        if i == b.count { return allowed != .instant }
        guard b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let day = CivilCalendar.readDigits(b, &i, 2), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year) else { return false }
        if i == b.count { return allowed != .instant }
        guard allowed != .date, b[i] == UInt8(ascii: "T") else { return false }
        i += 1
        let timeStart = i
        // The time part runs until the zone.
        while i < b.count, b[i] != UInt8(ascii: "Z"), b[i] != UInt8(ascii: "+"), b[i] != UInt8(ascii: "-") { i += 1 }
        guard isTime(UnsafeBufferPointer(rebasing: b[timeStart..<i])) else { return false }
        if allowed == .instant, i - timeStart < 8 { return false }
        guard i < b.count else { return false }  // a time requires a zone
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        i += 1
        guard let hh = CivilCalendar.readDigits(b, &i, 2), hh <= 14, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let mm = CivilCalendar.readDigits(b, &i, 2), mm <= 59 else { return false }
        return i == b.count
    }

    /// hh:mm:ss with optional fraction; 24:00:00 is not allowed. O(length).
    static func isTime(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { isTime($0) } }

    private static func isTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        guard let h = CivilCalendar.readDigits(b, &i, 2), h <= 23, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let m = CivilCalendar.readDigits(b, &i, 2), m <= 59, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let s = CivilCalendar.readDigits(b, &i, 2), s <= 60 else { return false }
        if i == b.count { return true }
        guard b[i] == UInt8(ascii: "."), i + 1 < b.count else { return false }
        i += 1
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        return i == b.count
    }

}
