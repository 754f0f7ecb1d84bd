import Foundation
import Testing
import TextAnalysis

@Suite("Synonyms")
struct SynonymTableTests {
    let german = Analyzer(language: .german)
    let english = Analyzer(language: .english)

    private func bundled() throws -> SynonymTable {
        try SynonymTable(jsonData: Data(contentsOf: Fixtures.synonymsFile))
    }

    /// The alternatives of a query, each as a space-joined term sequence.
    private func alternatives(_ query: String, in table: SynonymTable, analyzer: Analyzer) -> [[String]] {
        table.expand(analyzer.terms(query), analyzer: analyzer)
    }

    private func phrase(_ text: String, _ analyzer: Analyzer) -> String {
        analyzer.phraseTerms(text).joined(separator: " ")
    }

    @Test("The bundled synonyms.json loads with at least 40 groups covering the domain")
    func bundledFile() throws {
        let table = try bundled()
        #expect(table.groups.count >= 40)
        let ids = Set(table.groups.map(\.id))
        for required in ["artificial-intelligence", "business-start", "broadband", "grant", "loan", "guarantee", "research", "export", "employees"] {
            #expect(ids.contains(required), "missing group \(required)")
        }
    }

    @Test("KI finds künstliche Intelligenz, AI and maschinelles Lernen")
    func kiExpands() throws {
        let table = try bundled()
        let expansion = alternatives("KI", in: table, analyzer: german)
        try #require(expansion.count == 1)
        #expect(expansion[0].first == "ki", "the query's own term comes first")
        for synonym in ["künstliche Intelligenz", "AI", "maschinelles Lernen", "artificial intelligence"] {
            #expect(expansion[0].contains(phrase(synonym, german)), "\(synonym) missing in \(expansion[0])")
        }
    }

    @Test("A multi-word synonym in the query collapses into one concept, whatever its inflection")
    func multiWordQuery() throws {
        let table = try bundled()
        let terms = german.terms("Förderung für Projekte mit künstlicher Intelligenz")
        let expansions = table.expansions(terms, analyzer: german)
        let ai = try #require(expansions.first { $0.groupIDs.contains("artificial-intelligence") })
        #expect(ai.range.count == 2)
        #expect(ai.alternatives.first == Array(terms[ai.range]))
        #expect(ai.alternatives.contains(["ki"]))
        // every query term is covered exactly once, in order
        #expect(expansions.flatMap { Array($0.range) } == Array(terms.indices))
    }

    @Test("Stopwords inside a phrase do not break it")
    func phraseWithStopword() throws {
        let table = try bundled()
        let expansion = alternatives("Energie zu sparen", in: table, analyzer: german)
        try #require(expansion.count == 1)
        #expect(expansion[0].contains(german.stem("Energieeffizienz")))
    }

    @Test("Hyphenated and joined spellings are one synonym", arguments: ["Start-up", "Startup", "Existenzgründung", "Gründerinnen"])
    func startUpSpellings(query: String) throws {
        let table = try bundled()
        let expansion = alternatives(query, in: table, analyzer: german)
        #expect(expansion.contains { $0.contains(german.stem("Gründung")) }, "\(query) → \(expansion)")
    }

    @Test("Domain groups the brief names expand both ways", arguments: [
        ("Glasfaser", "Breitband"), ("Breitband", "Gigabit"), ("Darlehen", "Kredit"), ("Zuwendung", "Zuschuss"),
        ("Garantie", "Bürgschaft"), ("FuE", "Forschung"), ("F&E", "Entwicklung"), ("Ehrenamt", "Verein"),
        ("Auslandsmarkt", "Export"), ("Fachkräfte", "Mitarbeiter"), ("Gemeinde", "Kommune"), ("Solar", "Photovoltaik"),
        ("Schulung", "Weiterbildung"), ("digital", "Digitalisierung"),
        // The energy words of session 15: a client's concrete word finds the programme's general one.
        ("Nahwärmenetz", "Wärmenetz"), ("Ladesäule", "Ladeinfrastruktur"), ("Batteriespeicher", "Energiespeicher"),
        ("Elektrolyseur", "Wasserstoff"),
    ])
    func domainPairs(query: String, synonym: String) throws {
        let table = try bundled()
        #expect(alternatives(query, in: table, analyzer: german).first?.contains(phrase(synonym, german)) == true)
        #expect(alternatives(synonym, in: table, analyzer: german).first?.contains(phrase(query, german)) == true)
    }

    @Test("English queries expand with the English analyzer")
    func englishQuery() throws {
        let table = try bundled()
        let expansion = alternatives("artificial intelligence for startups", in: table, analyzer: english)
        try #require(expansion.count == 2)
        #expect(expansion[0].contains("ai"))
        #expect(expansion[0].first == phrase("artificial intelligence", english))
        #expect(expansion[1].contains(phrase("founder", english)))
    }

    @Test("Terms without synonyms expand to themselves; the empty table changes nothing")
    func noSynonyms() throws {
        let table = try bundled()
        let terms = german.terms("Sachsen Leipzig")
        #expect(table.expand(terms, analyzer: german) == terms.map { [$0] })
        let many = german.terms("KI Breitband Darlehen")
        #expect(SynonymTable.empty.expand(many, analyzer: german) == many.map { [$0] })
        #expect(table.expand([], analyzer: german).isEmpty)
    }

    @Test("Groups given in code work like the file")
    func groupsInCode() {
        let table = SynonymTable(groups: [.init(id: "pv", terms: ["Photovoltaik", "Solarstrom vom Dach"])])
        let expansion = table.expansions(german.terms("Photovoltaik"), analyzer: german)
        #expect(expansion.map(\.groupIDs) == [["pv"]])
        #expect(expansion[0].alternatives == [[german.stem("Photovoltaik")], german.phraseTerms("Solarstrom vom Dach")])
        #expect(table.alternatives(of: "Solarstrom vom Dach", analyzer: german).count == 2)
    }

    @Test("A broken file names the place of the error", arguments: [
        (#"{"format":"other","version":1,"groups":[]}"#, "/format"),
        (#"{"format":"supportmatch-synonyms","version":2,"groups":[]}"#, "/version"),
        (#"{"format":"supportmatch-synonyms","version":1}"#, ""),
        (#"{"format":"supportmatch-synonyms","version":1,"groups":[{"id":"a","terms":["x","y"]},{"id":"b","terms":["x"]}]}"#, "/groups/1/terms"),
        (#"{"format":"supportmatch-synonyms","version":1,"groups":[{"id":"a","terms":["x","y"]},{"id":"a","terms":["z","w"]}]}"#, "/groups/1/id"),
        (#"{"format":"supportmatch-synonyms","version":1,"groups":[{"id":"a","terms":["x"," "]}]}"#, "/groups/0/terms/1"),
        (#"{"format":"supportmatch-synonyms","version":1,"groups":[{"id":"a","terms":["x",3]}]}"#, "/groups/0/terms/1"),
        (#"{"format":"supportmatch-synonyms","version":1,"groups":[{"terms":["x","y"]}]}"#, "/groups/0"),
        (#"{"format": "#, ""),
    ])
    func brokenFile(json: String, pointer: String) {
        #expect {
            _ = try SynonymTable(jsonData: Data(json.utf8))
        } throws: { error in
            guard let error = error as? SynonymTableError else { return false }
            return error.pointer == pointer && !error.message.isEmpty && error.description.contains("synonyms.json")
        }
    }
}
