import Foundation
import SupportModel

/// The results as CSV (RFC 4180) for a spreadsheet: one row per offer.
enum ResultsCSV {
    static func render(_ view: RecommendationView, taxonomies: Taxonomies, language: PageLanguage) -> String {
        let header = ["rank", "id", "title", "provider", "instruments", "amount_min", "amount_max", "currency",
                      "funding_rate_max", "next_deadline", "status", "score", "why_it_matches", "to_clarify", "url"]
        var lines = [header.map(field).joined(separator: ",")]
        for result in view.results {
            let row: [String] = [
                String(result.rank), result.offerID, result.title, result.provider,
                result.instruments.map { taxonomies.instruments.term($0)?.label(language.code) ?? $0 }.joined(separator: "; "),
                result.amountMin.map { String(Int($0)) } ?? "", result.amountMax.map { String(Int($0)) } ?? "",
                result.currency ?? "", result.rateMax.map { String($0) } ?? "",
                result.nextDeadline?.description ?? "", result.status, String(format: "%.4f", result.score),
                result.reasons.joined(separator: "; "), result.unknowns.joined(separator: "; "), result.url ?? "",
            ]
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes when needed, and defuses spreadsheet formulas: a cell starting with `=`, `+`,
    /// `-` or `@` gets a leading apostrophe, so a crafted offer title cannot run in Excel.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
