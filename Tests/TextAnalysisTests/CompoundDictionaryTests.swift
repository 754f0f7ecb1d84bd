import Testing
import TextAnalysis

@Suite("German decompounding")
struct CompoundDictionaryTests {
    /// The bundled catalogue's vocabulary, as `Matching` builds it.
    static let catalogue: CompoundDictionary = {
        let texts = (try? Fixtures.catalogueTexts()) ?? []
        return CompoundDictionary.build(fromTexts: texts, minFrequency: 2)
    }()

    @Test("The catalogue's vocabulary makes a real dictionary")
    func catalogueDictionary() {
        #expect(Self.catalogue.count > 500)
        #expect(Self.catalogue.contains("Zuschuss"))
        #expect(Self.catalogue.contains("digitalisierung"))
        #expect(!Self.catalogue.contains("und"), "stopwords are never dictionary words")
    }

    @Test("Compounds from offer titles split into the catalogue's words", arguments: [
        ("Digitalisierungszuschuss", ["digitalisierung", "zuschuss"]),
        ("Breitbandausbau", ["breitband", "ausbau"]),
        ("Gigabitausbaus", ["gigabit", "ausbau"]),
        ("Bürgschaftsbank", ["bürgschaft", "bank"]),
        ("Beteiligungsgesellschaft", ["beteiligung", "gesellschaft"]),
        ("Innovationsprämie", ["innovation", "prämie"]),
        ("Messeförderung", ["messe", "förderung"]),
        ("Technologieförderung", ["technologie", "förderung"]),
        ("Technologiegründerfonds", ["technologie", "gründerfonds", "gründer", "fonds"]),
        ("Gigabitförderung", ["gigabit", "förderung"]),
        ("Fachkräfteprogramm", ["fachkräfte", "programm"]),
    ])
    func catalogueCompounds(word: String, parts: [String]) {
        #expect(Self.catalogue.split(word) == parts)
    }

    @Test("Unknown modifiers still yield the known head", arguments: [
        ("Mikrodarlehen", "darlehen"),
        ("Ausfallbürgschaft", "bürgschaft"),
        ("Eingliederungszuschuss", "zuschuss"),
        ("Validierungsförderung", "förderung"),
        ("Wagniskapital", "kapital"),
        ("Existenzgründungsberatung", "beratung"),
    ])
    func heads(word: String, head: String) {
        #expect(Self.catalogue.split(word).last == head)
    }

    @Test("Plain words and prefixed derivations stay whole", arguments: [
        "Unternehmen", "Beratung", "Förderung", "Innovation", "Verein", "Gemeinde", "Verbesserung",
        "Gleichstellung", "Kofinanzierung", "Umwelt", "Sachsen",
    ])
    func notCompounds(word: String) {
        #expect(Self.catalogue.split(word).isEmpty, "\(word) → \(Self.catalogue.split(word))")
    }

    @Test("Linking elements -s-, -es-, -n-, -en- are dropped between parts")
    func linkingElements() {
        let dictionary = CompoundDictionary(words: ["digitalisierung", "zuschuss", "land", "programm", "sonne", "energie", "frau", "förderung"])
        #expect(dictionary.split("Digitalisierungszuschuss") == ["digitalisierung", "zuschuss"])
        #expect(dictionary.split("Landesprogramm") == ["land", "programm"])
        #expect(dictionary.split("Sonnenenergie") == ["sonne", "energie"])
        #expect(dictionary.split("Frauenförderung") == ["frau", "förderung"])
    }

    @Test("Long compounds split completely, verb stems found through their infinitive")
    func longCompounds() {
        let dictionary = CompoundDictionary(words: ["energie", "effizienz", "fördern", "programm", "existenz", "gründung", "beratung"])
        #expect(dictionary.split("Energieeffizienzförderprogramm") == ["energie", "effizienz", "fördern", "programm"])
        #expect(dictionary.split("Existenzgründungsberatung") == ["existenz", "gründung", "beratung"])
        #expect(dictionary.split("Förderprogramme") == ["fördern", "programm"])
    }

    @Test("Parts that are compounds themselves are split again")
    func nestedCompounds() {
        let dictionary = CompoundDictionary(words: ["breitband", "breit", "band", "förderung"])
        #expect(dictionary.split("Breitbandförderung") == ["breitband", "breit", "band", "förderung"])
    }

    @Test("Length limits: short words are never split, parts must be long enough")
    func limits() {
        let dictionary = CompoundDictionary(words: ["bau", "amt", "bauamt", "haus"])
        #expect(dictionary.split("Bauamt") == ["bau", "amt"], "a known compound is still split, for recall")
        #expect(dictionary.split("Haus").isEmpty)
        #expect(CompoundDictionary(words: ["existenz", "gründung"], maximumPartLength: 7).split("Existenzgründung").isEmpty)
        #expect(CompoundDictionary(words: ["bau", "amt"]).split("Bauamt") == ["bau", "amt"])
        #expect(CompoundDictionary(words: ["bau", "amt"], minimumPartLength: 4).split("Bauamt").isEmpty)
        #expect(CompoundDictionary(words: ["ab"]).count == 0)
    }

    @Test("Stopwords are no parts, so prefixed verbs and nouns stay whole")
    func stopwordsAreNoParts() {
        let dictionary = CompoundDictionary(words: ["unter", "nehmen", "über", "nahme"])
        #expect(dictionary.count == 2)
        #expect(dictionary.split("Unternehmen").isEmpty)
        #expect(dictionary.split("Übernahme").isEmpty)
    }

    @Test("Building from texts keeps words above the frequency threshold, not acronyms or name pieces")
    func buildFromTexts() {
        let texts = ["Zuschuss für Breitband", "Breitband und Zuschuss", "Gigabit", "EXIST EXIST", "Digi-Z und Digi-Z"]
        let dictionary = CompoundDictionary.build(fromTexts: texts, minFrequency: 2)
        #expect(dictionary.contains("zuschuss"))
        #expect(dictionary.contains("breitband"))
        #expect(!dictionary.contains("gigabit"))
        #expect(!dictionary.contains("exist"))
        #expect(!dictionary.contains("digi"))
        #expect(dictionary.count == 2)
        #expect(CompoundDictionary.build(fromTexts: texts, minFrequency: 1).contains("gigabit"))
    }
}
