import SupportModel

/// The advisor page's two languages. German is the default: the page is used in Saxon
/// consultations; English is one click away for international teams.
enum PageLanguage: String, Sendable, CaseIterable {
    case de, en

    init(query value: String?) {
        self = value == "en" ? .en : .de
    }

    var code: LanguageCode { self == .en ? .english : .german }
    var other: PageLanguage { self == .en ? .de : .en }

    /// The page's fixed texts. Labels of codes come from the taxonomies, and the questions' labels
    /// and hints from `Questionnaire`, not from here.
    func text(_ key: PageText) -> String {
        switch self {
        case .de: key.german
        case .en: key.english
        }
    }
}

/// Every fixed text of the page, in both languages side by side so a missing translation is
/// visible in one place.
enum PageText: String, CaseIterable {
    case pageTitle, intro, switchLanguage, formTitle, organisation, project, yes, no, notAnswered, submit, reset, results, resultsCount, noResults, rank, provider
    case instrument, amount, deadline, whyItMatches, matchedTopics, unknowns, nearMisses, failingCriterion
    case nextQuestion, downloads, printView, csv, json, shareLink, errorsTitle
    case printTitle, printDate, clientAnswers, selectedOffers, link, notKnown, upTo, from, rate, rolling
    case backToAdvisor, printNow, rateOfCosts, noDeadline, status, catalogueAsOf, skipToResults
    case includeInPrint, alsoPublishedBy, moreResults, previousResults, resultsShown, of, answersUpdating

    var german: String {
        switch self {
        case .pageTitle: "Fördermittel-Beratung"
        case .intro: "Beantworten Sie, was Sie wissen: jede Angabe ist freiwillig. Fehlende Angaben werden als offene Fragen gezeigt, nie als erfüllt gewertet."
        case .switchLanguage: "English"
        case .formTitle: "Fragebogen"
        case .organisation: "Organisation"
        case .project: "Vorhaben"
        case .yes: "ja"
        case .no: "nein"
        case .notAnswered: "keine Angabe"
        case .submit: "Passende Angebote finden"
        case .reset: "Neu beginnen"
        case .results: "Ergebnisse"
        case .resultsCount: "passende Angebote"
        case .noResults: "Keine passenden Angebote gefunden. Prüfen Sie die Angaben oder lassen Sie einschränkende Angaben weg."
        case .rank: "Rang"
        case .provider: "Anbieter"
        case .instrument: "Förderart"
        case .amount: "Betrag"
        case .deadline: "Frist"
        case .whyItMatches: "Warum es passt"
        case .matchedTopics: "Passende Themen"
        case .unknowns: "Noch zu klären"
        case .nearMisses: "Knapp verfehlt"
        case .failingCriterion: "Scheitert an"
        case .nextQuestion: "Nächste Frage"
        case .downloads: "Weitergeben"
        case .printView: "Druckansicht"
        case .csv: "CSV herunterladen"
        case .json: "JSON herunterladen"
        case .shareLink: "Link zu diesem Ergebnis"
        case .errorsTitle: "Bitte prüfen Sie diese Angaben"
        case .printTitle: "Fördermöglichkeiten – Beratungsergebnis"
        case .printDate: "Stand"
        case .clientAnswers: "Ihre Angaben"
        case .selectedOffers: "Empfohlene Angebote"
        case .link: "Link"
        case .notKnown: "nicht angegeben"
        case .upTo: "bis"
        case .from: "ab"
        case .rate: "Förderquote"
        case .rolling: "laufend"
        case .backToAdvisor: "Zurück zur Beratung"
        case .printNow: "Drucken"
        case .rateOfCosts: "der Kosten"
        case .noDeadline: "keine Frist"
        case .status: "Status"
        case .catalogueAsOf: "Katalogstand"
        case .skipToResults: "Zu den Ergebnissen"
        case .includeInPrint: "In die Druckansicht aufnehmen"
        case .alsoPublishedBy: "Auch veröffentlicht als"
        case .moreResults: "Weitere Ergebnisse"
        case .previousResults: "Vorherige Ergebnisse"
        case .resultsShown: "Angezeigt"
        case .of: "von"
        case .answersUpdating: "Ergebnisse werden aktualisiert …"
        }
    }

    var english: String {
        switch self {
        case .pageTitle: "Funding advisor"
        case .intro: "Answer what you know: every answer is optional. Missing answers are shown as open questions, never counted as met."
        case .switchLanguage: "Deutsch"
        case .formTitle: "Questionnaire"
        case .organisation: "Organisation"
        case .project: "Project"
        case .yes: "yes"
        case .no: "no"
        case .notAnswered: "not answered"
        case .submit: "Find matching offers"
        case .reset: "Start over"
        case .results: "Results"
        case .resultsCount: "matching offers"
        case .noResults: "No matching offers found. Check the answers or leave out restrictive ones."
        case .rank: "Rank"
        case .provider: "Provider"
        case .instrument: "Instrument"
        case .amount: "Amount"
        case .deadline: "Deadline"
        case .whyItMatches: "Why it matches"
        case .matchedTopics: "Matched topics"
        case .unknowns: "To clarify"
        case .nearMisses: "Near misses"
        case .failingCriterion: "Fails on"
        case .nextQuestion: "Next question"
        case .downloads: "Share"
        case .printView: "Print view"
        case .csv: "Download CSV"
        case .json: "Download JSON"
        case .shareLink: "Link to this result"
        case .errorsTitle: "Please check these answers"
        case .printTitle: "Funding options – consultation result"
        case .printDate: "As of"
        case .clientAnswers: "Your answers"
        case .selectedOffers: "Recommended offers"
        case .link: "Link"
        case .notKnown: "not given"
        case .upTo: "up to"
        case .from: "from"
        case .rate: "funding rate"
        case .rolling: "rolling"
        case .backToAdvisor: "Back to the advisor"
        case .printNow: "Print"
        case .rateOfCosts: "of costs"
        case .noDeadline: "no deadline"
        case .status: "Status"
        case .catalogueAsOf: "Catalogue as of"
        case .skipToResults: "Skip to results"
        case .includeInPrint: "Include in the print view"
        case .alsoPublishedBy: "Also published as"
        case .moreResults: "More results"
        case .previousResults: "Previous results"
        case .resultsShown: "Showing"
        case .of: "of"
        case .answersUpdating: "Updating results …"
        }
    }
}
