import Testing
@testable import TextAnalysis

/// The Swift Snowball stemmers, checked word for word against Snowball's own reference output
/// (`.ci/run` installs snowball-data, so in CI these never skip).
@Suite("Snowball stemmers")
struct SnowballStemmerTests {
    @Test(
        "German stemmer reproduces Snowball's reference on the whole test vocabulary",
        .enabled(if: SnowballReference.isAvailable("german"), "needs Debian snowball-data (/usr/share/snowball/data/german)")
    )
    func germanMatchesReference() throws {
        try expectReference(algorithm: "german", language: .german, minimumWords: 30_000)
    }

    @Test(
        "English stemmer reproduces Snowball's reference on the whole test vocabulary",
        .enabled(if: SnowballReference.isAvailable("english"), "needs Debian snowball-data (/usr/share/snowball/data/english)")
    )
    func englishMatchesReference() throws {
        try expectReference(algorithm: "english", language: .english, minimumWords: 25_000)
    }

    private func expectReference(algorithm: String, language: AnalysisLanguage, minimumWords: Int) throws {
        let pairs = try SnowballReference.pairs(for: algorithm)
        try #require(pairs.count >= minimumWords, "voc.txt and output.txt must have the same, full length")
        let stemmer = SnowballStemmer(language: language)
        let mismatches = pairs.filter { stemmer.stem($0.word) != $0.stem }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(pairs.count) differ; first: \(mismatches.prefix(10))")
    }

    @Test("German stems fold ß and umlauts, so spellings meet")
    func germanSpellingsMeet() {
        let analyzer = Analyzer(language: .german)
        #expect(analyzer.stem("Straße") == analyzer.stem("STRASSE"))
        #expect(analyzer.stem("Förderungen") == analyzer.stem("Förderung"))
        #expect(analyzer.stem("Förderung") == "forder")
        #expect(analyzer.stem("Unternehmens") == analyzer.stem("Unternehmen"))
    }

    @Test("English stems reduce inflection")
    func englishInflection() {
        let analyzer = Analyzer(language: .english)
        #expect(analyzer.stem("companies") == analyzer.stem("company"))
        #expect(analyzer.stem("Funding") == "fund")
    }

    @Test("Words with digits are left as they are")
    func digitsAreNotStemmed() {
        let analyzer = Analyzer(language: .german)
        #expect(analyzer.stem("5G") == "5g")
        #expect(analyzer.stem("2020er") == "2020er")
    }
}
