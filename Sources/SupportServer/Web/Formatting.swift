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

    static func day(_ day: Day, language: PageLanguage) -> String {
        let text = day.description  // YYYY-MM-DD
        guard language == .de else { return text }
        let parts = text.split(separator: "-")
        return parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : text
    }
}
