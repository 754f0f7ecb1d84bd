import Foundation
import SupportModel

/// The results as CSV for a spreadsheet: one row per offer, in the page's language.
///
/// Excel opens a double-clicked `.csv` with the machine's list separator and decimal mark and
/// reads it as UTF-8 only when it starts with a byte-order mark. So the German file uses `;`,
/// a decimal comma and `TT.MM.JJJJ` days (what German Excel reads as numbers and dates), and the
/// English one RFC 4180's `,`, a decimal point and ISO days (what English-locale Excel reads);
/// both start with the BOM and end lines with CRLF. The language is the page's, so an advisor
/// working in German gets the file their Excel opens.
enum ResultsCSV {
    static let byteOrderMark = "\u{FEFF}"

    static func render(_ view: RecommendationView, taxonomies: Taxonomies, language: PageLanguage) -> String {
        let separator = language == .de ? ";" : ","
        let header = language == .de
            ? ["Rang", "Kennung", "Titel", "Anbieter", "Förderart", "Betrag von", "Betrag bis", "Währung",
               "Förderquote bis (%)", "Nächste Frist", "Status", "Punktzahl", "Warum es passt", "Noch zu klären", "Link"]
            : ["rank", "id", "title", "provider", "instruments", "amount_min", "amount_max", "currency",
               "funding_rate_max", "next_deadline", "status", "score", "why_it_matches", "to_clarify", "url"]
        var lines = [header.map { field($0, separator: separator) }.joined(separator: separator)]
        for result in view.results {
            let row: [String] = [
                String(result.rank), result.offerID, result.title, result.provider,
                result.instruments.map { taxonomies.instruments.term($0)?.label(language.code) ?? $0 }.joined(separator: ", "),
                result.amountMin.map { Formatting.decimal($0, language: language) } ?? "",
                result.amountMax.map { Formatting.decimal($0, language: language) } ?? "",
                result.currency ?? "", result.rateMax.map { Formatting.decimal($0, language: language) } ?? "",
                result.nextDeadline.map { day($0, language: language) } ?? "",
                taxonomies.statuses.term(result.status)?.label(language.code) ?? result.status,
                Formatting.decimal(result.score, language: language, fractionDigits: 4),
                sentences(result.reasons, language: language), sentences(result.unknowns, language: language), result.url ?? "",
            ]
            lines.append(row.map { field($0, separator: separator) }.joined(separator: separator))
        }
        return byteOrderMark + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The matcher's sentences in one cell, their days written like the deadline column's.
    static func sentences(_ lines: [String], language: PageLanguage) -> String {
        lines.map { Formatting.days(in: $0, language: language) { day($0, language: language) } }.joined(separator: " | ")
    }

    /// Days as the spreadsheet of that language reads them as dates.
    static func day(_ day: Day, language: PageLanguage) -> String {
        language == .de ? String(format: "%02d.%02d.%04d", day.day, day.month, day.year) : day.description
    }

    /// Quotes when needed, and defuses spreadsheet formulas: a cell starting with `=`, `+`,
    /// `-` or `@` gets a leading apostrophe, so a crafted offer title cannot run in Excel.
    static func field(_ value: String, separator: String = ",") -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), Double(text.replacingOccurrences(of: ",", with: ".")) == nil {
            text = "'" + text
        }
        if text.contains(where: { String($0) == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
