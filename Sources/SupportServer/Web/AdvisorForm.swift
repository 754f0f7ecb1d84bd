import Foundation
import SupportModel

/// The questionnaire as it travels in the URL: plain query parameters named after the
/// questions (``Questionnaire/formQuestions``), so a consultation result is a link that can be
/// bookmarked, mailed and opened again.
///
/// The form never reads or validates on its own: it hands the answers as typed to
/// ``ProfileDecoder`` (with the page's language), so the page, the CLI and
/// `POST /v1/recommendations` accept and reject exactly the same answers. Problems come back as
/// JSON pointers, which map onto the form's fields (``field(forPointer:)``).
struct AdvisorForm: Sendable {
    var values: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var language: PageLanguage = .de
    /// Offers per page of results. Every eligible offer stays reachable through `page`; the
    /// page size only bounds what one response renders.
    var limit = AdvisorForm.defaultLimit
    /// The page of results, from 1. Not a form field: a changed answer starts again at page 1.
    var page = 1

    static let defaultLimit = 20

    init(parameters: [(name: String, value: String)]) {
        for (name, value) in parameters {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "lang" {
                language = PageLanguage(query: trimmed)
            } else if name == "limit" {
                limit = Int(trimmed).map { min(max($0, 1), 50) } ?? Self.defaultLimit
            } else if name == "page" {
                page = Int(trimmed).map { min(max($0, 1), 100_000) } ?? 1
            } else if let question = Questionnaire.formQuestions.first(where: { $0.name == name }), !trimmed.isEmpty {
                if case .codes = question.kind {
                    lists[name, default: []].append(trimmed)
                } else {
                    values[name] = String(trimmed.prefix(question.control == .textarea ? 4000 : 200))
                }
            }
        }
    }

    /// The form showing a saved profile's answers (the inverse of ``profileObject()``).
    init(profile: Profile, language: PageLanguage) {
        self.language = language
        for question in Questionnaire.formQuestions {
            let typed = question.typed(in: profile)
            guard !typed.isEmpty else { continue }
            if case .codes = question.kind { lists[question.name] = typed } else { values[question.name] = typed[0] }
        }
    }

    /// Whether anything was answered; an empty form shows no results.
    var isAnswered: Bool { !values.isEmpty || !lists.isEmpty }

    /// The answers as the profile's JSON object, each value as typed (nested where the
    /// question's pointer is: `location.state`).
    func profileObject() -> [String: Any] {
        var object: [String: Any] = [:]
        for question in Questionnaire.formQuestions {
            let value: Any? = values[question.name] ?? lists[question.name]
            guard let value else { continue }
            if let parent = question.parents.first {
                var inner = object[parent] as? [String: Any] ?? [:]
                inner[question.name] = value
                object[parent] = inner
            } else {
                object[question.name] = value
            }
        }
        return object
    }

    /// The profile these answers make, read in the page's language. Throws ``ProfileError``.
    func profile(taxonomies: Taxonomies, today: Day) throws -> Profile {
        try ProfileDecoder(taxonomies: taxonomies, today: today, language: language.code).decode(profileObject())
    }

    /// The form field a profile pointer refers to: `/location/state` → `state`, `/topics/2` → `topics`.
    static func field(forPointer pointer: String) -> String {
        if let question = Questionnaire.question(at: pointer) { return question.name }
        return pointer.split(separator: "/").first.map(String.init) ?? ""
    }

    /// The answers as query parameters, for share, print and download links.
    /// `page` is left out unless asked for: share and download links are about the answers,
    /// paging links and the print form about one page of them.
    func queryParameters(language: PageLanguage? = nil, page: Int? = nil) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = [("lang", (language ?? self.language).rawValue)]
        for question in Questionnaire.formQuestions {
            if let value = values[question.name] { parameters.append((question.name, value)) }
            for value in lists[question.name] ?? [] { parameters.append((question.name, value)) }
        }
        if limit != Self.defaultLimit { parameters.append(("limit", String(limit))) }
        if let page, page > 1 { parameters.append(("page", String(page))) }
        return parameters
    }
}
