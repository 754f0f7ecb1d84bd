import Foundation
import Matching
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
    /// When the served catalogue was imported: the footer's "Katalogstand", in words a client
    /// reads (the store's run number means nothing to them).
    let catalogueDate: Date
    let today: Day
    /// Whether the matcher has offers beyond the ones in `outcome` (see ``paged(_:form:)``).
    var hasMore = false

    private var language: PageLanguage { form.language }

    func context(path: String) -> [String: Any] {
        var context: [String: Any] = [
            "lang": language.rawValue,
            "t": Dictionary(uniqueKeysWithValues: PageText.allCases.map { ($0.rawValue, language.text($0)) }),
            "switchHref": path + "?" + QueryString.encode(form.queryParameters(language: language.other)),
            "switchLang": language.other.rawValue,
            "fieldsets": fieldsets(),
            "answered": form.isAnswered,
            "catalogueAsOf": language.text(.catalogueAsOf) + " " + Formatting.day(catalogueDate, language: language),
            "isPrint": path == "/print",
            "hasErrors": !issues.isEmpty,
            "errors": issues.map { issue -> [String: Any] in
                ["field": issue.field, "label": label(forField: issue.field), "message": issue.message]
            },
            "printDate": Formatting.day(today, language: language),
            "answers": answers(),
            "hiddenAnswers": form.queryParameters(page: form.page).map { ["name": $0.name, "value": $0.value] },
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
            if let first = view.results.first?.rank, let last = view.results.last?.rank, hasMore || form.page > 1 {
                context["rangeText"] = "\(language.text(.resultsShown)) \(first)–\(last) \(language.text(.of)) \(view.eligibleCount)"
            }
            if hasMore {
                context["moreHref"] = path + "?" + QueryString.encode(form.queryParameters(page: form.page + 1)) + "#results"
            }
            if form.page > 1 {
                // Past the last page (an old link after an import), "previous" leads to the last one.
                let last = max(1, (view.eligibleCount + form.limit - 1) / form.limit)
                let previous = view.results.isEmpty ? min(form.page - 1, last) : form.page - 1
                context["previousHref"] = path + "?" + QueryString.encode(form.queryParameters(page: previous)) + "#results"
            }
            context["nearMisses"] = view.nearMisses.map { miss -> [String: Any] in
                ["title": miss.title, "provider": miss.provider, "failingCriterion": words(miss.failingCriterion),
                 "url": safeURL(miss.url) ?? "", "hasURL": safeURL(miss.url) != nil, "offerID": miss.offerID]
            }
            // Near misses belong to the first page: further pages rank deeper, and the list
            // would change under the advisor's eyes.
            context["hasNearMisses"] = !view.nearMisses.isEmpty && form.page == 1
            if let question = view.nextQuestion {
                // Said once: the matcher's sentence already says what the answer settles, so
                // the box is that sentence as a link to the field, and nothing else.
                context["nextQuestion"] = ["text": words(question.text), "anchor": "field-" + question.field]
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
            // The first reason is the matcher's one-line summary, shown on the card; the
            // criteria that passed are folded under "why it matches".
            "reason": result.reasons.first.map(words) ?? "", "hasReason": !result.reasons.isEmpty,
            "reasons": result.reasons.dropFirst().map(words), "hasReasons": result.reasons.count > 1,
            "matchedTopics": result.matchedTopics.map { termLabel(taxonomies.topics, $0) }.joined(separator: ", "),
            "hasMatchedTopics": !result.matchedTopics.isEmpty,
            "hasWhy": result.reasons.count > 1 || !result.matchedTopics.isEmpty,
            "snippet": segments(result.snippet),
            "hasSnippet": result.snippet?.fragment.isEmpty == false,
            "unknowns": result.unknowns.map(words).joined(separator: " · "), "hasUnknowns": !result.unknowns.isEmpty,
            "url": safeURL(result.url) ?? "", "hasURL": safeURL(result.url) != nil,
            "alsoPublishedBy": result.alsoPublishedBy.joined(separator: ", "),
            "hasAlsoPublishedBy": !result.alsoPublishedBy.isEmpty,
        ]
    }

    /// A sentence of the matcher with its days in the page's format.
    private func words(_ text: String) -> String { Formatting.days(in: text, language: language) }

    /// One page of an outcome ranked down to `form.page × form.limit`, and whether the
    /// matcher has more. "More" needs both a full page and more eligible offers: the eligible
    /// count is of offers, and the results show one offer per programme.
    static func paged(_ outcome: RecommendationOutcome, form: AdvisorForm) -> (RecommendationOutcome, hasMore: Bool) {
        var page = outcome
        let ranked = outcome.view.results.count
        page.view.results = Array(outcome.view.results.dropFirst((form.page - 1) * form.limit).prefix(form.limit))
        let hasMore = ranked >= form.page * form.limit && form.page * form.limit < outcome.view.eligibleCount
        return (page, hasMore)
    }

    /// The snippet cut into plain and highlighted pieces (``Snippet/parts``, as the CLI reads
    /// it too); the template wraps highlighted pieces in `<mark>`, escaping the text of each.
    /// This is where the page reads the matcher's snippets: nothing is parsed out of the text.
    private func segments(_ snippet: Snippet?) -> [[String: Any]] {
        guard let snippet else { return [] }
        return snippet.parts.map { ["text": String($0.text), "mark": $0.highlighted] }
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

    /// The form's controls, from the questionnaire: one fieldset per section, one control per
    /// question with a ``FormControl``.
    private func fieldsets() -> [[String: Any]] {
        let sections: [(Question.Section, PageText)] = [(.organisation, .organisation), (.project, .project)]
        return sections.map { section, legend in
            ["legend": language.text(legend),
             "controls": Questionnaire.formQuestions.filter { $0.section == section }.map(control)]
        }
    }

    private func control(_ question: Question) -> [String: Any] {
        switch question.control {
        case .select: select(question, choices(question))
        case .groupedSelect: districtSelect(question)
        case .checkboxes: checkboxes(question, choices(question))
        case .number:
            // A text input with inputmode, so "1,5 Mio" reaches the parser (and its located
            // error) instead of the browser silently refusing the form.
            control(question, kind: "isNumber", extra: ["inputmode": question.kind == .amount ? "decimal" : "numeric"])
        case .textarea: control(question, kind: "isTextarea")
        case .date: control(question, kind: "isDate")
        case .text, nil: control(question, kind: "isText")
        }
    }

    /// The terms a select or checkbox list offers.
    private func choices(_ question: Question) -> [Term] {
        switch question.kind {
        case .code(let vocabulary), .codes(let vocabulary): terms(vocabulary)
        case .region(.state): states()
        case .yesNo: [Term(code: "yes", de: "ja", en: "yes"), Term(code: "no", de: "nein", en: "no")]
        default: []
        }
    }

    private func terms(_ vocabulary: Vocabulary) -> [Term] {
        switch vocabulary {
        case .applicantTypes: taxonomies.applicantTypes.terms
        case .sizeClasses: taxonomies.sizeClasses.terms
        case .topics: taxonomies.topics.terms
        case .instruments: taxonomies.instruments.terms
        case .languages: [Term(code: "de", de: "Deutsch", en: "German"), Term(code: "en", de: "Englisch", en: "English")]
        }
    }

    private func states() -> [Term] {
        taxonomies.regions.terms.filter { $0.parent == "DE" }.sorted { $0.label(language.code) < $1.label(language.code) }
    }

    private func control(_ question: Question, kind: String, extra: [String: Any] = [:]) -> [String: Any] {
        let name = question.name
        let error = issues.first { $0.field == name }?.message
        // Hints say how to type an answer; a list to choose from needs none.
        let hint = [.select, .groupedSelect, .checkboxes].contains(question.control) ? nil : question.help?.text(language.code)
        var control: [String: Any] = [
            kind: true, "name": name, "id": "field-" + name, "label": question.label.text(language.code),
            "pointer": question.pointer, "kind": Self.kindName(question.kind),
            "value": form.values[name] ?? "", "hasError": error != nil, "error": error ?? "",
        ]
        if let hint { control["hint"] = hint; control["hasHint"] = true }
        let describedBy = [hint != nil ? "hint-\(name)" : nil, error != nil ? "error-\(name)" : nil].compactMap { $0 }
        control["describedBy"] = describedBy.joined(separator: " ")
        control["hasDescribedBy"] = !describedBy.isEmpty
        control.merge(extra) { _, new in new }
        return control
    }

    private func select(_ question: Question, _ terms: [Term]) -> [String: Any] {
        var control = control(question, kind: "isSelect")
        let selected = form.values[question.name]
        control["options"] = [["value": "", "label": language.text(.notAnswered), "selected": selected == nil]]
            + terms.map { ["value": $0.code, "label": $0.label(language.code), "selected": $0.code == selected] }
        return control
    }

    private func districtSelect(_ question: Question) -> [String: Any] {
        var control = control(question, kind: "isGroupedSelect")
        let selected = form.values[question.name]
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

    private func checkboxes(_ question: Question, _ terms: [Term]) -> [String: Any] {
        var control = control(question, kind: "isCheckboxes")
        let chosen = Set(form.lists[question.name] ?? [])
        control["options"] = terms.map {
            ["value": $0.code, "label": $0.label(language.code), "checked": chosen.contains($0.code), "id": "\(question.name)-\($0.code)"]
        }
        return control
    }

    /// The answer kind as the controls' `data-kind` says it, for the browser test to fill
    /// each question of the definition with a value of its kind.
    static func kindName(_ kind: AnswerKind) -> String {
        switch kind {
        case .code: "code"
        case .codes: "codes"
        case .region(let level): "region-\(level)"
        case .count: "count"
        case .year: "year"
        case .amount: "amount"
        case .sector: "sector"
        case .text: "text"
        case .day: "day"
        case .yesNo: "yesNo"
        }
    }

    // MARK: Answers for the print view

    private func label(forField field: String) -> String {
        Questionnaire.question(named: field)?.label.text(language.code) ?? field
    }

    /// The answers as given, each shown as its question reads it (labels for codes, amounts
    /// in the page's notation); an answer that cannot be read is shown as typed.
    private func answers() -> [[String: String]] {
        let parser = AnswerParser(taxonomies: taxonomies, today: today, language: language.code)
        return Questionnaire.formQuestions.compactMap { question in
            let typed = form.values[question.name] ?? form.lists[question.name]?.joined(separator: ", ")
            guard let typed else { return nil }
            let shown: String = switch parser.read(typed, for: question) {
            case .success(.amount(let value)): Formatting.euros(value, language: language)
            case .success(.bool(let value)): language.text(value ? .yes : .no)
            case .success(.day(let day)): Formatting.day(day, language: language)
            case .success(.code(let code)): label(of: code, for: question.kind)
            case .success(.codes(let codes)): codes.map { label(of: $0, for: question.kind) }.joined(separator: ", ")
            default: typed
            }
            return ["label": question.label.text(language.code), "value": shown]
        }
    }

    private func label(of code: String, for kind: AnswerKind) -> String {
        switch kind {
        case .code(let vocabulary), .codes(let vocabulary): terms(vocabulary).first { $0.code == code }?.label(language.code) ?? code
        case .region: termLabel(taxonomies.regions, code)
        default: code
        }
    }
}
