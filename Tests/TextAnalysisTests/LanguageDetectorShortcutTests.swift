import Testing
@testable import TextAnalysis

/// The detector's word evidence walks a word's scalars and then the closing boundary instead of
/// building an array of them per word, and tests the German-only letters by value (session 8,
/// issue 16.3): the score must be the same number, summed in the same order.
@Suite("Language detection shortcuts")
struct LanguageDetectorShortcutTests {
    @Test("the score equals the plain computation on every summary and title of the bundled catalogue")
    func sameScores() throws {
        let summaries = try Fixtures.catalogueSummaries().map(\.summary)
        let titles = try Fixtures.catalogueTitles()
        try #require(summaries.count >= 50 && titles.count >= 50)
        let extra = [
            "", "a", "ab", "äöüß", "Straße", "x y z", "KI", "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
            "Energieeffizienzförderprogramm", "the and für und", "naïve café façade", "日本語 テキスト", "e\u{301}tude",
        ]
        for text in summaries + titles + extra {
            #expect(LanguageDetector.score(text) == Self.plainScore(text), "\(text)")
        }
    }

    /// The score as written before the shortcut (session 7's main).
    static func plainScore(_ text: String) -> Double {
        var score = 0.0
        for token in Tokenizer.tokenize(text).tokens where token.kind != .joined {
            let word = token.text
            let isGermanStopword = Stopwords.german.contains(word)
            let isEnglishStopword = Stopwords.english.contains(word)
            if isGermanStopword || isEnglishStopword {
                if isGermanStopword != isEnglishStopword {
                    score += isGermanStopword ? LanguageDetector.functionWordEvidence : -LanguageDetector.functionWordEvidence
                }
                continue
            }
            guard token.isAlphabetic, !token.isCapitalised else { continue }
            if word.unicodeScalars.contains(where: { "äöüß".unicodeScalars.contains($0) }) {
                score += 3
            } else if word.unicodeScalars.count >= LanguageDetector.longCompoundLength {
                score += LanguageDetector.maximumWordEvidence
            } else {
                score += plainWordEvidence(word)
            }
        }
        return score
    }

    static func plainWordEvidence(_ word: String) -> Double {
        var sum = 0.0
        var window: UInt64 = key(of: "_")
        var length = 1
        for scalar in word.unicodeScalars + ["_"] {
            window = (window << 21 | UInt64(scalar.value)) & (1 << 63 - 1)
            length += 1
            if length >= 3 { sum += ratios[window] ?? 0 }
        }
        return min(max(sum, -LanguageDetector.maximumWordEvidence), LanguageDetector.maximumWordEvidence)
    }

    static let ratios = Dictionary(uniqueKeysWithValues: LanguageDetector.trigramLogRatios.map { (key(of: $0.key), $0.value) })

    static func key(of trigram: some StringProtocol) -> UInt64 {
        trigram.unicodeScalars.reduce(UInt64(0)) { ($0 << 21 | UInt64($1.value)) & (1 << 63 - 1) }
    }
}
