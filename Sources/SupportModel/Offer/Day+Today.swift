import Foundation

extension Day {
    /// Today's date in UTC: the day deadlines and statuses are judged on when no day is given.
    /// The only place SupportMatch reads the clock for a day; tests always pass a fixed one.
    ///
    /// Whole days since the epoch, not a `Calendar`: the server asks on every recommendation, and
    /// a Gregorian calendar in UTC with its `dateComponents` cost more than the rest of the
    /// request's answer parsing. UTC has no leap seconds in POSIX time, so the day is the
    /// quotient (``utcDay(secondsSince1970:)``; `DayTests` compares it with `Calendar`).
    public static func todayUTC() -> Day {
        utcDay(secondsSince1970: Date().timeIntervalSince1970)
    }

    /// The UTC day holding the instant `seconds` after 1970-01-01T00:00:00Z (proleptic Gregorian).
    public static func utcDay(secondsSince1970 seconds: Double) -> Day {
        Day(ordinal: Int((seconds / 86_400).rounded(.down)))
    }
}
