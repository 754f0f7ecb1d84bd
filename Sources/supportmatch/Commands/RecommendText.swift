import Foundation
import Matching
import SupportModel

/// Renders recommendations for the terminal: a ranked table with one reason per line, the
/// near misses with the criterion they fail, and the next question.
struct RecommendationText {
    var language: LanguageCode
    var taxonomies: Taxonomies
    /// Columns of the terminal, or nil for piped output (complete lines); see ``TextTable``.
    var width: Int? = Terminal.stdoutWidth
    /// Show each offer's id beside its title (always shown on terminals of 160 columns or more).
    var showIDs = false

    /// Titles tell a client what an offer is; ids are for the maintainer and for `--explain`.
    private var idColumn: Bool { showIDs || (width ?? 0) >= 160 }

    private func t(_ text: LocalizedText) -> String { text.text(language) }
    private func t(de: String, en: String) -> String { language == .german ? de : en }

    func render(_ answer: Recommendations, profile: Profile) -> String {
        var lines: [String] = []
        let counts = answer.counts
        let who = profile.name ?? profile.id ?? t(de: "Ihre Angaben", en: "your answers")
        let unknowns = counts.eligibleWithUnknowns
        lines.append(t(
            de: "Empfehlungen für \(who) (Stand \(answer.today)): \(counts.eligible) passende von \(counts.considered) offenen Angeboten, "
                + (unknowns == 0 ? "keines davon mit offenen Fragen" : unknowns == 1 ? "eines davon mit offenen Fragen" : "\(unknowns) davon mit offenen Fragen"),
            en: "Recommendations for \(who) (as of \(answer.today)): \(counts.eligible) eligible of \(counts.considered) open offers, "
                + (unknowns == 0 ? "none of them with open questions" : "\(unknowns) of them with open questions")))
        lines.append("")
        if answer.results.isEmpty {
            lines.append(t(de: "Keine passenden Angebote.", en: "No eligible offers."))
        } else {
            lines.append(table(answer.results))
        }
        if !answer.nearMisses.isEmpty {
            lines.append("")
            lines.append(t(de: "Knapp verfehlt (ein Kriterium nicht erfüllt):", en: "Near misses (one criterion not met):"))
            var misses = TextTable([.init(title: scoreTitle, alignment: .right), .init(title: t(de: "ANGEBOT", en: "OFFER"), maxWidth: 48)]
                + (idColumn ? [.init(title: "ID", maxWidth: 60)] : [])
                + [.init(title: t(de: "WARUM NICHT", en: "WHY NOT"), maxWidth: 90)])
            for miss in answer.nearMisses {
                let failing = miss.explanation.failed.first { $0.criterion != .schedule } ?? miss.explanation.failed.first
                misses.append([score(miss.score), miss.title] + (idColumn ? [miss.id.description] : []) + [failing.map { t($0.message) } ?? ""])
            }
            lines.append(misses.render(width: width))
        }
        if let question = answer.nextQuestion {
            lines.append("")
            lines.append(t(de: "Nächste Frage: ", en: "Next question: ") + t(question.message))
        }
        return lines.joined(separator: "\n")
    }

    func table(_ results: [RecommendedOffer]) -> String {
        var table = TextTable([
            .init(title: "#", alignment: .right), .init(title: scoreTitle, alignment: .right),
            .init(title: t(de: "ANGEBOT", en: "OFFER"), maxWidth: 48),
        ] + (idColumn ? [.init(title: "ID", maxWidth: 60)] : []) + [
            .init(title: t(de: "FÖRDERART", en: "TYPE"), maxWidth: 24),
            .init(title: t(de: "WARUM", en: "WHY"), maxWidth: 90),
        ])
        for result in results {
            let reason = (result.closed ? t(de: "[geschlossen] ", en: "[closed] ") : "") + t(result.reason)
            table.append([String(result.rank), score(result.score), result.title] + (idColumn ? [result.id.description] : [])
                + [result.instruments.map { taxonomies.instruments.term($0.rawValue)?.label(language) ?? $0.rawValue }.joined(separator: ", "), reason])
        }
        var lines = [table.render(width: width)]
        for result in results where !result.alsoPublishedBy.isEmpty {
            lines.append("#\(result.rank) \(result.title): " + t(de: "auch veröffentlicht als ", en: "also published by ")
                + result.alsoPublishedBy.map(\.id.description).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    func explanation(_ offer: RecommendedOffer) -> TerminalText {
        var lines: [String] = []
        lines.append("\(offer.id)  \(offer.title)")
        lines.append("  \(offer.provider)")
        if let url = offer.url { lines.append("  \(url)") }
        for other in offer.alsoPublishedBy {
            lines.append(t(de: "  auch veröffentlicht als ", en: "  also published as ") + "\(other.id)" + (other.url.map { "  \($0)" } ?? ""))
        }
        let status = offer.rank > 0
            ? t(de: "passend, Rang \(offer.rank)", en: "eligible, rank \(offer.rank)")
            : t(de: "nicht passend", en: "not eligible")
        lines.append("  \(status) · \(t(de: "Punkte", en: "score")) \(score(offer.score))\(offer.closed ? t(de: " · geschlossen", en: " · closed") : "")")
        lines.append("")
        let explanation = offer.explanation
        for (title, results) in [(t(de: "Erfüllt", en: "Passed"), explanation.passed), (t(de: "Offen", en: "Unknown"), explanation.unknown), (t(de: "Nicht erfüllt", en: "Failed"), explanation.failed)] where !results.isEmpty {
            lines.append("\(title):")
            for result in results { lines.append("  \(t(result.criterion.label)): \(t(result.message))") }
        }
        if !explanation.matchedTopics.isEmpty {
            lines.append(t(de: "Themen: ", en: "Topics: ") + explanation.matchedTopics.map { t($0.label) }.joined(separator: ", "))
        }
        if !explanation.matchedTerms.isEmpty {
            lines.append(t(de: "Wörter: ", en: "Words: ") + explanation.matchedTerms.map(matchedTerm).joined(separator: ", "))
        }
        // The snippet's highlights are styled here; every other line is made safe as it is printed.
        var snippetLine: (position: Int, text: TerminalText)?
        if let snippet = explanation.snippet {
            snippetLine = (lines.count, Terminal.snippet(snippet, indent: "  "))
            lines.append("")
        }
        for note in explanation.notes { lines.append(t(de: "Hinweis: ", en: "Note: ") + t(note)) }
        let s = explanation.score
        lines.append(t(de: "Punkte: ", en: "Score: ") + [
            (t(de: "Text", en: "text"), s.text), (t(de: "Themen", en: "topics"), s.topics),
            (t(de: "Förderart", en: "instruments"), s.instruments), (t(de: "Betrag", en: "amount"), s.amount),
            (t(de: "Frist", en: "deadline"), s.deadline), (t(de: "Genauigkeit", en: "specificity"), s.specificity),
            // The derived signals (notes above give their evidence); without them the sum did not add up.
            (t(de: "abgeleitet", en: "derived"), s.derived),
        ].map { "\($0.0) \(score($0.1))" }.joined(separator: " + ") + " = \(score(s.total))")
        return TerminalText(lines: lines.enumerated().map { position, line in
            position == snippetLine?.position ? .styled(snippetLine!.text) : .plain(line)
        })
    }

    /// "Punkte" rather than the English loan word, so that German output has no English header.
    private var scoreTitle: String { t(de: "PUNKTE", en: "SCORE") }

    /// How a query word was found: itself, through a part of a compound, or through a related
    /// word. `matched` is an analysed form (a stem such as "unternehm"), so it is shown as the
    /// beginning of a word ("unternehm…"), never as a word of its own.
    func matchedTerm(_ term: MatchedTerm) -> String {
        let stem = term.matched.split(separator: " ").map { "\($0)…" }.joined(separator: " ")
        return switch term.via {
        case .word: term.queryWords
        case .compoundPart: t(de: "\(term.queryWords) (über den Wortteil „\(stem)“)",
                              en: "\(term.queryWords) (through its part “\(stem)”)")
        case .synonym: t(de: "\(term.queryWords) (über das verwandte Wort „\(stem)“)",
                         en: "\(term.queryWords) (through the related word “\(stem)”)")
        case .concept: t(de: "\(term.queryWords) (über den Programmbegriff „\(stem)“)",
                         en: "\(term.queryWords) (through the programme term “\(stem)”)")
        }
    }

    func score(_ value: Double) -> String { String(format: "%.3f", value) }
}
