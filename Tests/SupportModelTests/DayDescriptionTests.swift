import Foundation
import SupportModel
import Testing

/// ``Day/description`` writes the ten bytes of a four-digit year directly; it must read as the
/// zero-padded parts always did.
@Suite struct DayTests {
    /// Each part zero-padded to its width, as the description was first written.
    private func padded(_ day: Day) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(day.year, 4))-\(pad(day.month, 2))-\(pad(day.day, 2))"
    }

    @Test func descriptionIsZeroPaddedParts() throws {
        // Every day of years 1–130 and 1890–2210, and across both ends of the four-digit
        // range (year 0 and year 10000 are reached by counting days).
        var days: [Day] = []
        for year in Array(1...130) + Array(1890...2210) + [9998, 9999] {
            let first = try #require(Day(year: year, month: 1, day: 1))
            for offset in 0..<366 { days.append(first.adding(days: offset)) }
        }
        let start = try #require(Day(year: 1, month: 1, day: 1))
        for offset in 1...400 { days.append(start.adding(days: -offset)) }
        for day in days { #expect(day.description == padded(day), "\(day.year)-\(day.month)-\(day.day)") }
        #expect(Day(year: 2026, month: 3, day: 5)?.description == "2026-03-05")
        #expect(try #require(Day(year: 9999, month: 12, day: 31)).adding(days: 1).description == "10000-01-01")
        #expect(days.count > 100_000)
    }
}
