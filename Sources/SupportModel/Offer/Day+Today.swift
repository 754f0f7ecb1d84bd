import Foundation

extension Day {
    /// Today's date in UTC: the day deadlines and statuses are judged on when no day is given.
    /// The only place SupportMatch reads the clock for a day; tests always pass a fixed one.
    public static func todayUTC() -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
