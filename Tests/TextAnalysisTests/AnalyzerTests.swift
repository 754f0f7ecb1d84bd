import Testing
import TextAnalysis

@Suite("Analyzer")
struct AnalyzerTests {
    let dictionary = CompoundDictionary(words: ["digitalisierung", "zuschuss", "breitband", "ausbau", "ende", "gehen"])

    @Test("A compound yields itself and its stemmed parts, flagged and at its position")
    func compoundTokens() {
        let analyzer = Analyzer(language: .german, compounds: dictionary)
        let tokens = analyzer.tokens("Der Digitalisierungszuschuss hilft")
        #expect(tokens.map(\.term) == ["Digitalisierungszuschuss", "Digitalisierung", "Zuschuss", "hilft"].map(analyzer.stem))
        #expect(tokens.map(\.isCompoundPart) == [false, true, true, false])
        #expect(tokens.map(\.position) == [1, 1, 1, 2])
        #expect(tokens.map(\.surface) == ["Digitalisierungszuschuss", "Digitalisierungszuschuss", "Digitalisierungszuschuss", "hilft"])
    }

    @Test("A query for a part finds the compound; without a dictionary it does not")
    func partsMatch() {
        let withParts = Analyzer(language: .german, compounds: dictionary)
        let document = Set(withParts.terms("Förderung durch den Digitalisierungszuschuss"))
        #expect(Set(withParts.terms("Zuschüsse")).isSubset(of: document))
        let plain = Analyzer(language: .german)
        #expect(!Set(plain.terms("Zuschüsse")).isSubset(of: Set(plain.terms("Digitalisierungszuschuss"))))
    }

    @Test("Hyphenated spellings meet the joined spelling and the parts")
    func hyphenated() {
        let analyzer = Analyzer(language: .german, compounds: dictionary)
        let tokens = analyzer.tokens("Breitband-Ausbau")
        #expect(tokens.first?.term == analyzer.terms("Breitbandausbau").first)
        #expect(tokens.filter(\.isCompoundPart).map(\.term) == [analyzer.stem("Breitband"), analyzer.stem("Ausbau")])
        #expect(tokens.filter(\.isCompoundPart).map(\.surface) == ["Breitband", "Ausbau"])
        #expect(Set(analyzer.terms("E-Commerce")).contains(analyzer.stem("ECommerce")))
        #expect(Set(analyzer.terms("E-Commerce")).contains(analyzer.stem("Commerce")))
    }

    @Test("A suspended word before a conjunction stands for the compound with the next word's head")
    func suspendedCompound() {
        let analyzer = Analyzer(language: .german, compounds: CompoundDictionary(words: [
            "energie", "ressourcen", "effizienz", "forschung", "entwicklung", "innovation", "vorhaben", "forst", "wirtschaft"]))
        let terms = analyzer.terms("Förderung der Energie- und Ressourceneffizienz")
        #expect(terms.contains(analyzer.stem("Energieeffizienz")))
        #expect(terms.contains(analyzer.stem("Ressourceneffizienz")))
        // A chain, a comma between the suspended words, an inflected head.
        let chain = analyzer.tokens("Forschungs-, Entwicklungs- oder Innovationsvorhaben")
        #expect(chain.map(\.term).contains(analyzer.stem("Forschungsvorhaben")))
        #expect(chain.map(\.term).contains(analyzer.stem("Entwicklungsvorhaben")))
        #expect(chain.first { $0.term == analyzer.stem("Forschungsvorhaben") }?.isCompoundPart == false)
        #expect(chain.first { $0.term == analyzer.stem("Forschungsvorhaben") }?.surface == "Forschungs")
        #expect(analyzer.terms("Land- und Forstwirtschaften").contains(analyzer.stem("Landwirtschaften")))
        // No conjunction, a joined hyphen, a dash between words, English: nothing is made up.
        #expect(!analyzer.terms("Energie- Ressourceneffizienz").contains(analyzer.stem("Energieeffizienz")))
        #expect(!analyzer.terms("Energie-Ressourceneffizienz").contains(analyzer.stem("Energieeffizienz")))
        #expect(!analyzer.terms("Energie - und Ressourceneffizienz").contains(analyzer.stem("Energieeffizienz")))
        let english = Analyzer(language: .english, compounds: CompoundDictionary(words: ["size", "medium"]))
        #expect(english.terms("small- and mediumsize firms") == english.terms("small and mediumsize firms"))
    }

    @Test("Lowercase words in a normally written German text are not decompounded")
    func onlyNounsSplit() {
        let analyzer = Analyzer(language: .german, compounds: dictionary)
        #expect(analyzer.tokens("Eine herausragende Idee").allSatisfy { !$0.isCompoundPart })
        #expect(analyzer.tokens("Breitbandausbau").contains { $0.isCompoundPart })
        // A query typed all in lowercase has no capitals to go by: every word may be a compound.
        #expect(analyzer.tokens("breitbandausbau").contains { $0.isCompoundPart })
    }

    @Test("Feminine and gender-star forms meet the masculine form")
    func feminineForms() {
        let analyzer = Analyzer(language: .german)
        let founder = analyzer.terms("Gründer")
        #expect(analyzer.terms("Gründerinnen") == founder)
        #expect(analyzer.terms("Gründerin") == founder)
        #expect(analyzer.terms("Gründer*innen") == founder)
        #expect(analyzer.terms("Gründer:innen") == founder)
    }

    @Test("Positions count stopwords, so neighbours stay neighbours")
    func positions() {
        let analyzer = Analyzer(language: .german)
        let tokens = analyzer.tokens("Energie zu sparen ist gut")
        #expect(tokens.map(\.position) == [0, 2, 4])
    }

    @Test("Single letters and symbols are dropped; KI, 5G and F&E are kept")
    func shortTokens() {
        let analyzer = Analyzer(language: .german)
        #expect(analyzer.terms("a) KI, 5G & F&E – x") == ["ki", "5g", "f&e"])
    }

    @Test("English analysis stems English", arguments: [("funding programmes", ["fund", "programm"]), ("start-ups", ["startup", "start", "up"])])
    func english(text: String, expected: [String]) {
        #expect(Analyzer(language: .english).terms(text) == expected)
    }

    @Test("Terms never contain ß or spaces")
    func termShape() throws {
        let analyzer = Analyzer(language: .german)
        for text in try Fixtures.catalogueTexts() {
            for term in analyzer.terms(text) {
                #expect(!term.contains("ß") && !term.contains(" ") && !term.isEmpty, "\(term)")
            }
        }
    }
}
