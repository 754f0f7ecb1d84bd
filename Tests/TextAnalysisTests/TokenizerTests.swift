import Testing
@testable import TextAnalysis

@Suite("Tokenizer")
struct TokenizerTests {
    private func texts(_ text: String) -> [String] {
        Tokenizer.tokenize(text).tokens.map(\.text)
    }

    @Test("Letters and digits make words; punctuation separates them")
    func words() {
        #expect(texts("KI, 5G und Cloud.") == ["ki", "5g", "und", "cloud"])
        #expect(texts("Förderung (bis 50 %)") == ["förderung", "bis", "50"])
    }

    @Test("Hyphenated words come joined and in parts, at one position")
    func hyphens() throws {
        let tokens = Tokenizer.tokenize("E-Commerce für Start-ups").tokens
        #expect(tokens.map(\.text) == ["ecommerce", "e", "commerce", "für", "startups", "start", "ups"])
        #expect(tokens.map(\.kind) == [.joined, .part, .part, .word, .joined, .part, .part])
        #expect(tokens.map(\.position) == [0, 0, 0, 1, 2, 2, 2])
        #expect(tokens[0].surface == "E-Commerce")
        #expect(tokens[2].surface == "Commerce")
    }

    @Test("A hyphen between digits is a range, not a compound")
    func numberRanges() {
        #expect(texts("2021-2027") == ["2021", "2027"])
        #expect(texts("2021–2027") == ["2021", "2027"])
        #expect(texts("Bund–Länder") == ["bundländer", "bund", "länder"])
    }

    @Test("F&E and R&D stay one word; number separators stay inside numbers")
    func glue() {
        #expect(texts("F&E-Projekte") == ["f&eprojekte", "f&e", "projekte"])
        #expect(texts("R&D and Forschung & Entwicklung") == ["r&d", "and", "forschung", "entwicklung"])
        #expect(texts("1.050 Euro, 2,5 Mio.") == ["1.050", "euro", "2,5", "mio"])
    }

    @Test("German gender forms lose the mark and the feminine suffix")
    func genderForms() {
        #expect(texts("Gründer*innen, Innovationsassistent:in, Lehrer_innen") == ["gründer", "innovationsassistent", "lehrer"])
        #expect(texts("Uhrzeit: in Berlin") == ["uhrzeit", "in", "berlin"])
    }

    @Test("Compatibility forms and invisible characters are folded")
    func normalisation() {
        #expect(texts("Ｋｉ") == ["ki"])                       // full-width
        #expect(texts("Eﬃzienz") == ["effizienz"])              // ligature
        #expect(texts("Digi\u{AD}talisierung") == ["digitalisierung"])  // soft hyphen
        #expect(texts("Fo\u{308}rderung") == ["förderung"])    // decomposed umlaut composed
        #expect(texts("Straße STRASSE") == ["straße", "strasse"])  // ß kept for the German stemmer
        #expect(texts("company’s") == ["company's"])
    }

    @Test("Capitals are noticed, and shouting texts are recognised")
    func capitals() {
        let tokens = Tokenizer.tokenize("IT-Sicherheit für KMU und Handwerk")
        #expect(!tokens.isMostlyUppercase)
        #expect(tokens.tokens.filter(\.isCapitalised).map(\.text) == ["it", "kmu"])
        #expect(Tokenizer.tokenize("FÖRDERUNG FÜR DAS HANDWERK").isMostlyUppercase)
    }

    @Test("Empty and symbol-only texts give no tokens")
    func empty() {
        #expect(texts("").isEmpty)
        #expect(texts(" – / % § ").isEmpty)
    }
}
