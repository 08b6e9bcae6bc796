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
}
