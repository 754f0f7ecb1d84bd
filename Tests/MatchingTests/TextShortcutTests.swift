import BundledCatalog
import Foundation
@testable import Matching
import SupportModel
import Testing

/// The byte walks that replace character walks over single-scalar text (``SingleScalarText``)
/// give what the character walks give.
@Suite struct TextShortcuts {
    /// Every single scalar is a character of its own next to any other single scalar.
    @Test func singleScalarsAreCharacters() {
        let scalars = SingleScalarText.allSingle
        // Each next to each of a few neighbours of every kind, and all in a row both ways.
        let neighbours: [Unicode.Scalar] = ["a", " ", "\n", "\u{00}", "-", "\u{2013}", "\u{201E}", "\u{20AC}", "\u{00AD}", "9", "ÿ"]
        for scalar in scalars {
            for neighbour in neighbours {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: [neighbour, scalar, neighbour])
                #expect(String(text).count == 3, "U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(String(String.UnicodeScalarView(scalars)).count == scalars.count)
        #expect(String(String.UnicodeScalarView(scalars.reversed())).count == scalars.count)
        for scalar in scalars {
            let character = Character(scalar)
            #expect(SingleScalarText.isLetterOrNumber(scalar.value) == (character.isLetter || character.isNumber))
        }
        #expect(!SingleScalarText.isSingle(0x0D) && !SingleScalarText.isSingle(0x301) && !SingleScalarText.isSingle(0x200D))
    }

    /// Texts of every offer of the bundled catalogue, and a few written for the edges.
    static var texts: [String] {
        Catalogue.offers.flatMap { [$0.title, $0.summary, $0.description] } + [
            "Wenn Sie als Kommune – „Gemeinde“ oder Stadt – investieren, … 5.000 € für FuE-Projekte*",
            "-Vorwort: Forschungs- und Entwicklungsprojekte & Co.; Ø 3½ Jahre, Straße",
            "Café und Cafe\u{301} – mit combining mark", "Zeile\r\nzwei", "🚀 Start-up", "",
        ]
    }

    /// The walk over a string's bytes in place gives the scalars, bounds and verdict of the
    /// walk over its UTF-8 view, on every text (the catalogue's, the edges, every single scalar
    /// at the start and end, and texts that stop at a scalar that is not single).
    @Test func byteWalkEqualsViewWalk() {
        let edges = SingleScalarText.allSingle.map { "\($0)x\($0)" } + ["x\u{301}", "ab\u{200D}c", "\u{10348}", "é\r\n"]
        for text in Self.texts + edges {
            var fast: [(UInt32, Int, Int)] = [], slow: [(UInt32, Int, Int)] = []
            let utf8 = text.utf8
            func offset(_ index: String.Index) -> Int { utf8.distance(from: utf8.startIndex, to: index) }
            let fastVerdict = SingleScalarText.forEachScalar(in: text) { fast.append(($0, offset($1), offset($2))) }
            let slowVerdict = SingleScalarText.forEachScalarOfView(in: text) { slow.append(($0, offset($1), offset($2))) }
            #expect(fastVerdict == slowVerdict, "\(text)")
            #expect(fast.map(\.0) == slow.map(\.0) && fast.map(\.1) == slow.map(\.1) && fast.map(\.2) == slow.map(\.2), "\(text)")
        }
    }

    /// Phrase words read over bytes are the words read over characters.
    @Test func phraseWordsOverBytesEqualCharacterWords() {
        var fast = 0
        for text in Self.texts {
            guard let words = PhraseText.singleScalarWords(text) else { continue }
            fast += 1
            let characters = PhraseText.characterWords(text)
            #expect(words.map(\.word) == characters.map(\.word), "\(text)")
            #expect(words.map(\.range) == characters.map(\.range), "\(text)")
        }
        #expect(fast > Self.texts.count / 2, "most catalogue text is single-scalar text")
        #expect(PhraseText.singleScalarWords("Cafe\u{301}") == nil && PhraseText.singleScalarWords("a\r\nb") == nil)
    }

    /// A snippet taken whole is the snippet the cut gives, for every sentence of the bundled
    /// catalogue with its first, its first two, and overlapping words marked.
    @Test func wholeSentenceSnippetEqualsCut() {
        var whole = 0
        for text in Self.texts {
            SnippetSentences.split(text) { sentence in
                let sentence = String(sentence)
                let words = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                var markings: [[Range<String.Index>]] = [[]]
                if let first = words.first {
                    markings.append([first.startIndex..<first.endIndex])
                    markings.append([first.startIndex..<first.startIndex])
                }
                if words.count > 2 { markings.append([words[0], words[2]].map { $0.startIndex..<$0.endIndex }) }
                for marked in markings {
                    guard let snippet = Explainer.wholeSentence(sentence, marked: marked) else { continue }
                    whole += 1
                    #expect(snippet == Explainer.cut(sentence, marked: marked), "\(sentence)")
                }
                return true
            }
        }
        #expect(whole > 100)
    }

    /// A long sentence of single scalars cut without its units is the snippet the cut gives,
    /// for every sentence of the bundled catalogue with words marked at its start, middle and
    /// end, adjacent, empty and overlapping the window's edges.
    @Test func singleScalarCutEqualsCut() {
        var cuts = 0
        for text in Self.texts + [String(repeating: "Wort – „Förderung“ ", count: 40)] {
            SnippetSentences.split(text) { sentence in
                let sentence = String(sentence)
                let words = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                var markings: [[Range<String.Index>]] = [[]]
                // Marks as the highlight passes them: ascending, not overlapping.
                if words.count >= 3, let first = words.first, let last = words.last {
                    let middle = words[words.count / 2]
                    markings.append([first.startIndex..<first.endIndex])
                    markings.append([middle.startIndex..<middle.endIndex])
                    markings.append([middle.startIndex..<middle.startIndex])
                    markings.append([middle.startIndex..<middle.endIndex, last.startIndex..<last.endIndex])
                    markings.append([first.startIndex..<middle.endIndex])
                    markings.append([first.startIndex..<first.endIndex, first.endIndex..<middle.endIndex])
                    markings.append([middle.startIndex..<sentence.endIndex])
                }
                for marked in markings {
                    guard let snippet = Explainer.singleScalarCut(sentence, marked: marked) else { continue }
                    if sentence.count > Explainer.snippetLength { cuts += 1 }
                    #expect(snippet == Explainer.cut(sentence, marked: marked), "\(sentence)")
                }
                return true
            }
        }
        #expect(cuts > 50)
        #expect(Explainer.singleScalarCut("Cafe\u{301}", marked: []) == nil)
    }

    /// The evaluator's list items (", " between them) are those of the generic split.
    @Test func listItemsEqualSplit() {
        let taxonomies = Catalogue.taxonomies
        let lists = [taxonomies.applicantTypes, taxonomies.regions, taxonomies.sectors].map { taxonomy in
            taxonomy.terms.map(\.en).joined(separator: ", ")
        }
        for text in lists + Self.texts + [", , ", ",, a,b , c,  d, ", "Company, Founder", "x,\u{301} y, z", ""] {
            #expect(EligibilityEvaluator.listItems(text) == text.split(separator: ", ", omittingEmptySubsequences: false), "\(text)")
        }
    }
}
