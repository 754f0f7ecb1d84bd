import Foundation
import SupportModel

/// The questionnaire as it travels in the URL: plain query parameters, so a consultation
/// result is a link that can be bookmarked, mailed and opened again.
///
/// The form never validates on its own: it turns the answers into the profile's JSON form
/// and lets ``ProfileDecoder`` judge them, so the page and `POST /v1/recommendations` accept
/// and reject exactly the same answers. Problems come back as JSON pointers, which map onto
/// the form's fields (``field(forPointer:)``).
struct AdvisorForm: Sendable {
    /// Single-valued fields, in the order the form shows them.
    static let singleFields = [
        "applicantType", "state", "district", "employees", "annualTurnover", "balanceSheetTotal", "sizeClass",
        "yearFounded", "sector", "projectDescription", "amountNeeded", "plannedStart", "projectStarted",
    ]
    static let multiFields = ["topics", "preferredInstruments"]
    static let integerFields: Set<String> = ["employees", "yearFounded"]
    static let amountFields: Set<String> = ["annualTurnover", "balanceSheetTotal", "amountNeeded"]

    var values: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var language: PageLanguage = .de
    var limit = 10

    init(parameters: [(name: String, value: String)]) {
        for (name, value) in parameters {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "lang" {
                language = PageLanguage(query: trimmed)
            } else if name == "limit" {
                limit = Int(trimmed).map { min(max($0, 1), 50) } ?? 10
            } else if Self.multiFields.contains(name), !trimmed.isEmpty {
                lists[name, default: []].append(trimmed)
            } else if Self.singleFields.contains(name), !trimmed.isEmpty {
                values[name] = String(trimmed.prefix(name == "projectDescription" ? 4000 : 200))
            }
        }
    }

    /// Whether anything was answered; an empty form shows no results.
    var isAnswered: Bool { !values.isEmpty || !lists.isEmpty }

    /// The answers as the profile's JSON object. Numbers that do not parse stay strings, so
    /// the decoder reports them at their pointer instead of the form dropping them.
    func profileJSON() throws -> Data {
        var object: [String: Any] = [:]
        var location: [String: Any] = [:]
        for (name, value) in values {
            switch name {
            case "state", "district": location[name] = value
            case "projectStarted":
                object[name] = value == "yes" ? true : value == "no" ? false : value as Any
            case _ where Self.integerFields.contains(name):
                object[name] = Int(value.filter { $0 != " " }).map { $0 as Any } ?? value
            case _ where Self.amountFields.contains(name):
                object[name] = Self.amount(value).map { $0 as Any } ?? value
            default: object[name] = value
            }
        }
        if !location.isEmpty { object["location"] = location }
        for (name, list) in lists { object[name] = list }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Reads "50000", "50.000" (German grouping), "50,000" (English grouping) and "1234,5".
    static func amount(_ text: String) -> Double? {
        var digits = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: "EUR", with: "")
        if digits.range(of: #"^\d{1,3}([.,]\d{3})+$"#, options: .regularExpression) != nil {
            digits = digits.filter(\.isNumber)
        } else {
            digits = digits.replacingOccurrences(of: ",", with: ".")
        }
        return Double(digits)
    }

    /// The form field a profile pointer refers to: `/location/state` → `state`, `/topics/2` → `topics`.
    static func field(forPointer pointer: String) -> String {
        let parts = pointer.split(separator: "/").map(String.init)
        guard let first = parts.first else { return "" }
        if first == "location", parts.count > 1 { return parts[1] }
        return first
    }

    /// The answers as query parameters, for share, print and download links.
    func queryParameters(language: PageLanguage? = nil) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = [("lang", (language ?? self.language).rawValue)]
        for name in Self.singleFields { if let value = values[name] { parameters.append((name, value)) } }
        for name in Self.multiFields { for value in lists[name] ?? [] { parameters.append((name, value)) } }
        if limit != 10 { parameters.append(("limit", String(limit))) }
        return parameters
    }
}
