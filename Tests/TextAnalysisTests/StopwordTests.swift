import Testing
@testable import TextAnalysis

@Suite("Stopwords")
struct StopwordTests {
    @Test("The lists are substantial and lowercase")
    func listsAreSolid() {
        #expect(Stopwords.german.count >= 200)
        #expect(Stopwords.english.count >= 150)
        for word in Stopwords.german.union(Stopwords.english) {
            #expect(word == word.lowercased(), "\(word) must be lowercase: it is compared with folded words")
        }
    }

    @Test("German function words go, content words stay", arguments: [
        ("Die Förderung der Digitalisierung für kleine Unternehmen", ["Förderung", "Digitalisierung", "kleine", "Unternehmen"]),
        ("Zuschüsse werden insbesondere bzw. ausschließlich gewährt, dass heißt", ["Zuschüsse", "ausschließlich", "gewährt", "heißt"]),
    ])
    func german(text: String, contentWords: [String]) {
        let analyzer = Analyzer(language: .german)
        #expect(analyzer.terms(text) == contentWords.map(analyzer.stem))
    }

    @Test("English function words go, content words stay")
    func english() {
        let analyzer = Analyzer(language: .english)
        #expect(analyzer.terms("The funding of the digitalisation for small companies") == ["funding", "digitalisation", "small", "companies"].map(analyzer.stem))
    }

    @Test("A capitalised acronym is not a stopword, unless the whole text shouts")
    func acronyms() {
        let english = Analyzer(language: .english)
        #expect(english.terms("support for IT in the US") == ["support", "it", "us"])
        #expect(english.terms("SUPPORT FOR IT IN THE US") == ["support"])
        #expect(Analyzer(language: .german).terms("Förderung für DAS Handwerk") == ["forder", "das", "handwerk"])
    }

    @Test("Stopword check ignores case and old spellings")
    func lookup() {
        let german = Analyzer(language: .german)
        #expect(german.isStopword("Und"))
        #expect(german.isStopword("daß"))
        #expect(german.isStopword("dass"))
        #expect(!german.isStopword("Förderung"))
        #expect(!german.isStopword("the"))
        #expect(Analyzer(language: .english).isStopword("The"))
    }
}
