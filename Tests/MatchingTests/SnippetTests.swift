import Foundation
@testable import Matching
import SupportModel
import Testing

/// Snippets are a fragment plus highlighted ranges (issue 15): no mark inside the text.
@Suite struct SnippetRanges {
    /// Slices of `sentence` at each word given, as the index hands them to the explainer.
    private func hits(_ words: [String], in sentence: String) -> [Substring] {
        words.compactMap { word in sentence.range(of: word).map { sentence[$0] } }
    }

    @Test func guillemetsInTheOfferTextStayText() {
        let sentence = "Das Programm «Digital jetzt» fördert Software für kleine Unternehmen."
        let snippet = Explainer.highlight(hits(["Software", "Digital"], in: sentence))
        #expect(snippet.fragment == sentence)
        #expect(snippet.highlighted.map { [$0.start, $0.end] } == [[14, 21], [37, 45]])
        #expect(snippet.parts.filter(\.highlighted).map(\.text) == ["Digital", "Software"])
        #expect(snippet.marked(open: "[", close: "]") == "Das Programm «[Digital] jetzt» fördert [Software] für kleine Unternehmen.")
    }

    @Test func rangesCountUnicodeScalars() throws {
        let sentence = "Zuschüsse für Café-Betriebe und Cafe\u{301}s 🚀 mit Förderung."
        let snippet = Explainer.highlight(hits(["Förderung"], in: sentence))
        let scalars = Array(snippet.fragment.unicodeScalars)
        let range = try #require(snippet.highlighted.first)
        #expect(String(String.UnicodeScalarView(scalars[range.start..<range.end])) == "Förderung")
        // Scalars, not characters: the combining accent of "Cafe\u{301}" is one more.
        let characters = snippet.fragment.distance(from: snippet.fragment.startIndex, to: snippet.fragment.range(of: "Förderung")!.lowerBound)
        #expect(range.start == characters + 1)
    }

    @Test func longSentenceIsCutAroundTheFirstHighlightAndRangesFollowTheCut() throws {
        let sentence = String(repeating: "Vorrede ohne Treffer, ", count: 12) + "dann die Digitalisierung im Handwerk, " + String(repeating: "und noch mehr Text danach, ", count: 10)
        let snippet = Explainer.highlight(hits(["Digitalisierung"], in: sentence))
        #expect(snippet.fragment.hasPrefix("…") && snippet.fragment.hasSuffix("…"))
        let range = try #require(snippet.highlighted.first)
        let scalars = Array(snippet.fragment.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[range.start..<range.end])) == "Digitalisierung")
        // The window is the one counted when «» marked the text: 218 characters and two marks,
        // plus the two ellipses.
        #expect(snippet.fragment.count == Explainer.snippetLength)
    }

    @Test func overlappingHitsAreOneHighlight() {
        let sentence = "Hilfe für E-Commerce im Einzelhandel."
        let snippet = Explainer.highlight(hits(["E-Commerce", "Commerce"], in: sentence))
        #expect(snippet.parts.filter(\.highlighted).map(\.text) == ["E-Commerce"])
    }

    @Test func decodedRangesOutsideTheFragmentAreClamped() {
        let snippet = Snippet(fragment: "kurz", highlighted: [.init(start: 2, end: 99)])
        #expect(snippet.parts.map(\.text) == ["ku", "rz"])
        #expect(snippet.parts.map(\.highlighted) == [false, true])
    }
}
