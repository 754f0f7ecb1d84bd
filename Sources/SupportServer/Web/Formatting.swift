import Foundation
import SupportModel

/// Numbers and dates as a German or English reader expects them, without depending on the
/// machine's locale data.
enum Formatting {
    static func euros(_ value: Double, language: PageLanguage, currency: String = "EUR") -> String {
        let whole = Int(value.rounded())
        let digits = String(abs(whole))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(language == .de ? "." : ",") }
            grouped.append(character)
        }
        let number = (whole < 0 ? "-" : "") + String(grouped.reversed())
        let symbol = currency == "EUR" ? "€" : currency
        return language == .de ? "\(number) \(symbol)" : "\(symbol)\(number)"
    }

    static func amount(min: Double?, max: Double?, rate: Double?, currency: String?, language: PageLanguage) -> String? {
        let currency = currency ?? "EUR"
        var parts: [String] = []
        switch (min, max) {
        case let (low?, high?) where low > 0: parts.append("\(euros(low, language: language, currency: currency)) – \(euros(high, language: language, currency: currency))")
        case (_, let high?): parts.append("\(language.text(.upTo)) \(euros(high, language: language, currency: currency))")
        case (let low?, nil): parts.append("\(language.text(.from)) \(euros(low, language: language, currency: currency))")
        case (nil, nil): break
        }
        if let rate {
            let percent = rate == rate.rounded() ? String(Int(rate)) : String(rate)
            parts.append("\(language.text(.upTo)) \(percent) % \(language.text(.rateOfCosts))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The page's one date format per language: "3. Dezember 2026", "3 December 2026". Written
    /// out rather than numeric so nobody reads 03.12. as 12 March; form inputs keep ISO days
    /// (what `<input type=date>` takes), and the CSV keeps numbers a spreadsheet reads as dates.
    static func day(_ day: Day, language: PageLanguage) -> String {
        let month = (language == .de ? germanMonths : englishMonths)[day.month - 1]
        return language == .de ? "\(day.day). \(month) \(day.year)" : "\(day.day) \(month) \(day.year)"
    }

    /// The matcher's sentences name days as `YYYY-MM-DD` ("Antrag bis 2027-03-31"), the same
    /// for the CLI and the JSON; on the page each becomes the page's format, so a card never
    /// shows one deadline in two notations. Only valid days are rewritten.
    static func days(in text: String, language: PageLanguage, as format: ((Day) -> String)? = nil) -> String {
        guard text.contains("-") else { return text }
        return text.replacing(/\b(\d{4}-\d{2}-\d{2})\b/) { match in
            Day(iso: String(match.1)).map { format?($0) ?? day($0, language: language) } ?? String(match.0)
        }
    }

    /// The day an instant falls on in UTC, in the page's format (the catalogue's date).
    static func day(_ date: Date, language: PageLanguage) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let day = Day(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) else { return "" }
        return Self.day(day, language: language)
    }

    /// A number in a spreadsheet cell: no grouping, the language's decimal separator.
    static func decimal(_ value: Double, language: PageLanguage, fractionDigits: Int? = nil) -> String {
        let text = if let fractionDigits { String(format: "%.\(fractionDigits)f", value) }
            else if value == value.rounded(), abs(value) < 1e15 { String(Int64(value)) } else { String(value) }
        return language == .de ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    private static let germanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                                       "September", "Oktober", "November", "Dezember"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
}
