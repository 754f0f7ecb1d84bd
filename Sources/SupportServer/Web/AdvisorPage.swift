import Foundation
import SupportModel

/// Builds what the advisor templates render: the questionnaire with its answers and errors,
/// and the results. Every value is plain text; the templates escape it (`{{ }}`), and no
/// template uses unescaped output, so catalogue or user text can never become markup.
struct AdvisorPage {
    let form: AdvisorForm
    let taxonomies: Taxonomies
    let outcome: RecommendationOutcome?
    /// Problems with the answers, by form field.
    let issues: [(field: String, message: String)]
    let catalogueVersion: String
    let today: Day

    private var language: PageLanguage { form.language }

    func context(path: String) -> [String: Any] {
        var context: [String: Any] = [
            "lang": language.rawValue,
            "t": Dictionary(uniqueKeysWithValues: PageText.allCases.map { ($0.rawValue, language.text($0)) }),
            "switchHref": path + "?" + QueryString.encode(form.queryParameters(language: language.other)),
            "switchLang": language.other.rawValue,
            "fieldsets": fieldsets(),
            "answered": form.isAnswered,
            "catalogueVersion": catalogueVersion,
            "hasErrors": !issues.isEmpty,
            "errors": issues.map { issue -> [String: Any] in
                ["field": issue.field, "label": label(forField: issue.field), "message": issue.message]
            },
            "printDate": Formatting.day(today, language: language),
            "answers": answers(),
            "hiddenAnswers": form.queryParameters().map { ["name": $0.name, "value": $0.value] },
            "limit": String(form.limit),
        ]
        let query = QueryString.encode(form.queryParameters())
        context["shareHref"] = "/?" + query + "#results"
        context["printHref"] = "/print?" + query
        context["csvHref"] = "/results.csv?" + query
        context["jsonHref"] = "/results.json?" + query
        context["resetHref"] = "/?lang=" + language.rawValue
        if let view = outcome?.view {
            context["showResults"] = true
            context["results"] = view.results.map(result)
            context["hasResults"] = !view.results.isEmpty
            context["eligibleCount"] = String(view.eligibleCount)
            context["nearMisses"] = view.nearMisses.map { miss -> [String: Any] in
                ["title": miss.title, "provider": miss.provider, "failingCriterion": miss.failingCriterion,
                 "url": safeURL(miss.url) ?? "", "hasURL": safeURL(miss.url) != nil, "offerID": miss.offerID]
            }
            context["hasNearMisses"] = !view.nearMisses.isEmpty
            if let question = view.nextQuestion {
                context["nextQuestion"] = [
                    "text": question.text, "settles": String(question.settles), "among": String(question.among),
                    "anchor": "field-" + question.field,
                ]
            }
        }
        return context
    }

    // MARK: Results

    private func result(_ result: RecommendationView.Result) -> [String: Any] {
        let amount = Formatting.amount(
            min: result.amountMin, max: result.amountMax, rate: result.rateMax, currency: result.currency, language: language)
        let deadline = result.nextDeadline.map { Formatting.day($0, language: language) }
            ?? (result.status == "rolling" ? language.text(.rolling) : language.text(.noDeadline))
        return [
            "rank": String(result.rank), "offerID": result.offerID, "title": result.title, "provider": result.provider,
            "instruments": result.instruments.map { termLabel(taxonomies.instruments, $0) }.joined(separator: ", "),
            "amount": amount ?? "–", "deadline": deadline,
            "status": termLabel(taxonomies.statuses, result.status),
            "reasons": result.reasons, "hasReasons": !result.reasons.isEmpty,
            "matchedTopics": result.matchedTopics.map { termLabel(taxonomies.topics, $0) }.joined(separator: ", "),
            "hasMatchedTopics": !result.matchedTopics.isEmpty,
            "snippet": segments(result.snippet, highlights: result.highlights),
            "hasSnippet": result.snippet?.isEmpty == false,
            "unknowns": result.unknowns, "hasUnknowns": !result.unknowns.isEmpty,
            "url": safeURL(result.url) ?? "", "hasURL": safeURL(result.url) != nil,
            "alsoPublishedBy": result.alsoPublishedBy.joined(separator: ", "),
            "hasAlsoPublishedBy": !result.alsoPublishedBy.isEmpty,
        ]
    }

    /// The snippet cut into plain and highlighted pieces; the template wraps highlighted
    /// pieces in `<mark>`, escaping the text of each.
    private func segments(_ snippet: String?, highlights: [Range<Int>]) -> [[String: Any]] {
        guard let snippet, !snippet.isEmpty else { return [] }
        let characters = Array(snippet)
        var pieces: [[String: Any]] = []
        var position = 0
        for range in highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let lower = max(range.lowerBound, position), upper = min(range.upperBound, characters.count)
            guard lower < upper else { continue }
            if position < lower { pieces.append(["text": String(characters[position..<lower]), "mark": false]) }
            pieces.append(["text": String(characters[lower..<upper]), "mark": true])
            position = upper
        }
        if position < characters.count { pieces.append(["text": String(characters[position...]), "mark": false]) }
        return pieces
    }

    /// Only http(s) links become `href`s: a catalogue entry with `javascript:` gets no link.
    private func safeURL(_ url: String?) -> String? {
        guard let url, let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "https" || scheme == "http" else { return nil }
        return url
    }

    private func termLabel(_ taxonomy: Taxonomy, _ code: String) -> String {
        taxonomy.term(code)?.label(language.code) ?? code
    }

    // MARK: Questionnaire

    private func fieldsets() -> [[String: Any]] {
        [
            ["legend": language.text(.organisation), "controls": [
                select("applicantType", .applicantType, taxonomies.applicantTypes.terms),
                select("state", .state, states()),
                districtSelect(),
                number("employees", .employees, step: "1"),
                number("annualTurnover", .annualTurnover, hint: language.text(.eurosHint)),
                number("balanceSheetTotal", .balanceSheetTotal, hint: language.text(.eurosHint)),
                select("sizeClass", .sizeClass, taxonomies.sizeClasses.terms),
                number("yearFounded", .yearFounded, step: "1"),
                text("sector", .sector, hint: language.text(.sectorHint)),
            ]],
            ["legend": language.text(.project), "controls": [
                checkboxes("topics", .topics, taxonomies.topics.terms),
                textarea("projectDescription", .projectDescription, hint: language.text(.projectDescriptionHint)),
                number("amountNeeded", .amountNeeded, hint: language.text(.eurosHint)),
                checkboxes("preferredInstruments", .preferredInstruments, taxonomies.instruments.terms),
                control("plannedStart", .plannedStart, kind: "isDate"),
                select("projectStarted", .projectStarted, [
                    Term(code: "yes", de: "ja", en: "yes"), Term(code: "no", de: "nein", en: "no"),
                ]),
            ]],
        ]
    }

    private func states() -> [Term] {
        taxonomies.regions.terms.filter { $0.parent == "DE" }.sorted { $0.label(language.code) < $1.label(language.code) }
    }

    private func control(_ name: String, _ label: PageText, kind: String, hint: String? = nil) -> [String: Any] {
        let error = issues.first { $0.field == name }?.message
        var control: [String: Any] = [
            kind: true, "name": name, "id": "field-" + name, "label": language.text(label),
            "value": form.values[name] ?? "", "hasError": error != nil, "error": error ?? "",
        ]
        if let hint { control["hint"] = hint; control["hasHint"] = true }
        let describedBy = [hint != nil ? "hint-\(name)" : nil, error != nil ? "error-\(name)" : nil].compactMap { $0 }
        control["describedBy"] = describedBy.joined(separator: " ")
        control["hasDescribedBy"] = !describedBy.isEmpty
        return control
    }

    private func text(_ name: String, _ label: PageText, hint: String? = nil) -> [String: Any] {
        control(name, label, kind: "isText", hint: hint)
    }

    private func number(_ name: String, _ label: PageText, step: String = "any", hint: String? = nil) -> [String: Any] {
        // A text input with inputmode: lets "50.000" through to the decoder's located error
        // instead of the browser silently refusing the form.
        var control = control(name, label, kind: "isNumber", hint: hint)
        control["inputmode"] = step == "1" ? "numeric" : "decimal"
        return control
    }

    private func textarea(_ name: String, _ label: PageText, hint: String? = nil) -> [String: Any] {
        control(name, label, kind: "isTextarea", hint: hint)
    }

    private func select(_ name: String, _ label: PageText, _ terms: [Term]) -> [String: Any] {
        var control = control(name, label, kind: "isSelect")
        let selected = form.values[name]
        control["options"] = [["value": "", "label": language.text(.notAnswered), "selected": selected == nil]]
            + terms.map { ["value": $0.code, "label": $0.label(language.code), "selected": $0.code == selected] }
        return control
    }

    private func districtSelect() -> [String: Any] {
        var control = control("district", .district, kind: "isGroupedSelect")
        let selected = form.values["district"]
        let states = Set(states().map(\.code))
        let groups = Dictionary(grouping: taxonomies.regions.terms.filter { states.contains($0.parent ?? "") }, by: { $0.parent! })
        control["groups"] = groups.keys.sorted().map { state -> [String: Any] in
            [
                "label": taxonomies.regions.term(state)?.label(language.code) ?? state,
                "options": groups[state]!.sorted { $0.label(language.code) < $1.label(language.code) }
                    .map { ["value": $0.code, "label": $0.label(language.code), "selected": $0.code == selected] },
            ]
        }
        control["emptyLabel"] = language.text(.notAnswered)
        return control
    }

    private func checkboxes(_ name: String, _ label: PageText, _ terms: [Term]) -> [String: Any] {
        var control = control(name, label, kind: "isCheckboxes")
        let chosen = Set(form.lists[name] ?? [])
        control["options"] = terms.map {
            ["value": $0.code, "label": $0.label(language.code), "checked": chosen.contains($0.code), "id": "\(name)-\($0.code)"]
        }
        return control
    }

    // MARK: Answers for the print view

    private func label(forField field: String) -> String {
        let labels: [String: PageText] = [
            "applicantType": .applicantType, "state": .state, "district": .district, "employees": .employees,
            "annualTurnover": .annualTurnover, "balanceSheetTotal": .balanceSheetTotal, "sizeClass": .sizeClass,
            "yearFounded": .yearFounded, "sector": .sector, "topics": .topics, "projectDescription": .projectDescription,
            "amountNeeded": .amountNeeded, "preferredInstruments": .preferredInstruments, "plannedStart": .plannedStart,
            "projectStarted": .projectStarted,
        ]
        return labels[field].map(language.text) ?? field
    }

    private func answers() -> [[String: String]] {
        var rows: [[String: String]] = []
        for name in AdvisorForm.singleFields {
            guard let value = form.values[name] else { continue }
            let shown: String = switch name {
            case "applicantType": termLabel(taxonomies.applicantTypes, value)
            case "state", "district": termLabel(taxonomies.regions, value)
            case "sizeClass": termLabel(taxonomies.sizeClasses, value)
            case "projectStarted": value == "yes" ? language.text(.yes) : value == "no" ? language.text(.no) : value
            case "annualTurnover", "balanceSheetTotal", "amountNeeded":
                AdvisorForm.amount(value).map { Formatting.euros($0, language: language) } ?? value
            default: value
            }
            rows.append(["label": label(forField: name), "value": shown])
        }
        if let topics = form.lists["topics"] {
            rows.append(["label": label(forField: "topics"), "value": topics.map { termLabel(taxonomies.topics, $0) }.joined(separator: ", ")])
        }
        if let instruments = form.lists["preferredInstruments"] {
            rows.append(["label": label(forField: "preferredInstruments"), "value": instruments.map { termLabel(taxonomies.instruments, $0) }.joined(separator: ", ")])
        }
        return rows
    }
}
