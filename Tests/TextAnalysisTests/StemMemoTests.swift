import Foundation
import Testing
import TextAnalysis

/// ``Analyzer/tokens(_:stems:)`` with a memo filled by earlier texts gives exactly what
/// ``Analyzer/tokens(_:)`` gives: the index build keeps one memo per thread across thousands of
/// documents, and a stem taken from the memo that differs from the stemmer's changes the index.
@Suite("Stem memo")
struct StemMemoTests {
    static func same(_ a: [AnalyzedToken], _ b: [AnalyzedToken]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.term.utf8.elementsEqual(y.term.utf8) && x.position == y.position && x.surface == y.surface
                && x.surface.startIndex == y.surface.startIndex && x.isCompoundPart == y.isCompoundPart
        }
    }

    /// Every text twice through one memo per analyzer (the second time every word is a hit),
    /// in both orders of canonically equivalent spellings.
    static func check(_ texts: [String], _ analyzers: [Analyzer]) {
        for analyzer in analyzers {
            var stems = Analyzer.Stems()
            for text in texts + texts.reversed() {
                #expect(same(analyzer.tokens(text, stems: &stems), analyzer.tokens(text)), "\(analyzer.language): \(text)")
            }
        }
    }

    static let analyzers = [
        Analyzer(language: .german, compounds: CompoundDictionary(words: ["digitalisierung", "zuschuss", "förderung", "köln"])),
        Analyzer(language: .german),
        Analyzer(language: .english),
    ]

    @Test("edges: case, umlauts and ß, NFC against NFD spellings, hyphens, digits, shouting text")
    func fixtures() {
        Self.check([
            "Förderung der Digitalisierungszuschüsse in Köln und Ko\u{308}ln, Fo\u{308}rderung",
            "Fo\u{308}rderung zuerst, dann Förderung; STRASSE Straße Maß MASS",
            "Research and development grants for researchers, researching universities",
            "E-Commerce Breitband-Ausbau 2021-2027 KMU-Förderung COVID-19 R&D",
            "ALLES IN GROSSBUCHSTABEN DIE DAS IT US", "Café Cafe\u{301} naïve nai\u{308}ve",
            "İstanbul ǅemal ﬁnanzierung ＡＢＣ",
        ], Self.analyzers)
    }

    @Test("the bundled catalogue's texts")
    func catalogue() throws {
        Self.check(try Fixtures.catalogueTexts(), Self.analyzers)
    }

    @Test("a memo that reaches its limit starts over and still gives the stemmer's terms")
    func limit() {
        let analyzer = Analyzer(language: .english)
        var stems = Analyzer.Stems()
        // More distinct alphabetic words than the memo holds, then the first ones again.
        func word(_ number: Int) -> String {
            var n = number, letters = ""
            repeat { letters.append(Character(Unicode.Scalar(UInt8(97 + n % 26)))); n /= 26 } while n > 0
            return "w" + letters + "ing"
        }
        let words = (0..<(Analyzer.Stems.limit + 1_000)).map(word)
        let text = words.joined(separator: " ")
        #expect(Self.same(analyzer.tokens(text, stems: &stems), analyzer.tokens(text)))
        let again = words.prefix(2_000).joined(separator: " ")
        #expect(Self.same(analyzer.tokens(again, stems: &stems), analyzer.tokens(again)))
    }
}
