import BundledCatalog
import CatalogImport
import Foundation
@testable import Matching
import SupportModel
import Testing

/// Phrase words read over UTF-8 bytes (``PhraseText/latin1Lowercased(_:)``, ``PhraseSet/key(_:)``,
/// ``PhraseText/containsHyphen(_:)``) are the words the character walk and `String`'s own
/// lowercasing and prefix give: the derivation an index build runs on every offer must find
/// the same phrases, or the index file changes.
@Suite struct PhraseWordBytes {
    /// The word of `range` as phrase matching read it before the byte path: `lowercased()`,
    /// then leading hyphens dropped character by character.
    static func reference(_ text: String, _ range: Range<String.Index>) -> String {
        var word = text[range].lowercased()
        while word.hasPrefix("-") { word.removeFirst() }
        return word
    }

    /// Checks every word of `texts` read both ways; returns how many words there are and how
    /// many of them the single-scalar walk read.
    @discardableResult
    static func check(_ texts: [String]) -> (words: Int, single: Int) {
        var words = 0, single = 0
        for text in texts {
            let characters = PhraseText.characterWords(text)
            words += characters.count
            let expected = characters.map { reference(text, $0.range) }
            #expect(characters.map(\.word) == expected, "\(text)")
            for word in characters.map(\.word) {
                #expect(PhraseSet<Int>.key(word) == String(word.prefix(3)), "\(word)")
                #expect(PhraseText.containsHyphen(word) == word.contains("-"), "\(word)")
            }
            guard let fast = PhraseText.singleScalarWords(text) else { continue }
            single += fast.count
            #expect(fast.map(\.word) == expected, "\(text)")
            #expect(fast.map(\.range) == characters.map(\.range), "\(text)")
        }
        return (words, single)
    }

    /// Written for the edges: umlauts and `ß` in both cases, Latin-1 letters and numbers, hyphens
    /// leading, inner, trailing and doubled, digits, `&` and `*`, punctuation of every kind,
    /// letters beyond Latin-1 (`İ` lowercases to two scalars), combining marks and CR LF
    /// (character walk only).
    static let fixtures = [
        "ÄRZTE, Ärztinnen und Ärzte: ÖKO-Landbau, Übergangsförderung für KMU-Betriebe",
        "STRASSE Straße GROSSE große Maß MASS ẞ",
        "-Vorwort --doppelt - allein Forschungs- und Entwicklungsprojekte F&E FuE-Projekte* Kommune*",
        "2021-2027: 5.000 € bis 1,5 Mio. €; 3½ Jahre, Ø 40 %, ² ³ ¹ ¼ ª º µ ÿ Þ þ Ð ð × ÷",
        "„Gemeinde“ – (Stadt) [Kreis] {Land} «Bund» ‚x‘ ‹y› 'z' \"q\" / \\ | ! ? § $ # @ ~ ^ ` = + < >",
        "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
        "İstanbul ŁÓDŹ Œuvre ǅemal Ĳssel Ωmega Straße-Ŋ ſ",
        "Café und Cafe\u{301} Zeile\r\nzwei Ko\u{308}ln 🚀 Start-up",
        "a", "-", "--", "A-", "-Ä", "ÄÖÜ", "x-y-z", "", " \n\t ",
    ]

    @Test func fixturesReadAlike() {
        let read = Self.check(Self.fixtures)
        #expect(read.words > 60 && read.single > 40, "\(read)")
        // Every scalar below U+0100 as a word of its own and inside one.
        let latin1 = (0x20..<0x100).compactMap(Unicode.Scalar.init).map { "x\($0)y \($0) \($0)\($0)\($0)\($0)" }
        Self.check(latin1)
    }

    @Test func latin1LowercasingIsUnicodes() {
        for value in 0..<0x100 {
            let text = "X\(Character(Unicode.Scalar(UInt8(value))))Ä"
            #expect(PhraseText.latin1Lowercased(Substring(text)) == text.lowercased(), "U+\(String(value, radix: 16))")
            #expect(PhraseText.latin1Lowercased(Substring(text).dropFirst()) == Self.reference(text, text.index(after: text.startIndex)..<text.endIndex))
        }
        #expect(PhraseText.latin1Lowercased("Łódź") == nil && PhraseText.latin1Lowercased("İ") == nil)
        #expect(PhraseText.latin1Lowercased("--ÄRGER-") == "ärger-")
    }

    @Test func keysOfEdges() {
        for word in ["", "a", "ab", "abc", "abcd", "äöü", "äöüß", "a\u{301}bc", "abc\u{301}", "ab\r\n", "🚀ab", "İab", "x-y"] {
            #expect(PhraseSet<Int>.key(word) == String(word.prefix(3)), "\(word)")
        }
    }

    @Test func bundledCatalogueReadsAlike() {
        let texts = Catalogue.offers.flatMap { [$0.title, $0.summary, $0.description] }
        let read = Self.check(texts)
        #expect(read.words > 1000 && read.single * 2 > read.words, "\(read)")
    }

    /// Property check over real German programme texts: every title, summary, description
    /// and keyword of the 1,434 Förderdatenbank programmes.
    @Test(.enabled(if: FoerderdatenbankRecommendationTests.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func foerderdatenbankReadsAlike() throws {
        var texts: [String] = []
        try FoerderdatenbankReader().read(CatalogInput(url: FoerderdatenbankRecommendationTests.archive), context: ReadContext(taxonomies: Catalogue.taxonomies)) { record in
            if let offer = record.offer, record.isValid { texts += [offer.title, offer.summary, offer.description] + offer.keywords }
        }
        #expect(texts.count > 4000)
        let read = Self.check(texts)
        #expect(read.words > 30_000 && read.single * 10 > read.words * 9, "most of the archive's words are read over bytes: \(read)")
    }
}

/// The programme groups' title fold classes ASCII by range; elsewhere by Unicode properties.
@Suite struct ProgrammeTitleFold {
    @Test func asciiRangesAreTheProperties() {
        for value in 0..<0x80 {
            let scalar = Unicode.Scalar(UInt8(value))
            #expect(ProgrammeGroups.isWordScalar(scalar) == (scalar.properties.isAlphabetic || scalar.properties.numericType != nil),
                    "U+\(String(value, radix: 16))")
        }
        #expect(ProgrammeGroups.fold("  KMU-Förderung: „Digital“ – 2024/25 ½ Straße ") == "kmu förderung digital 2024 25 ½ straße")
    }
}

/// Start bits read over bytes (``PhraseStarts/bits(_:)``) are those of the `String`
/// dictionaries (``PhraseStarts/stringBits(_:)``), with the bundled derivation rules.
@Suite struct PhraseStartBytes {
    static func check(_ texts: [String]) -> (words: Int, starts: Int) {
        let starts = Derivation.rules.phraseStarts
        var words = 0, nonzero = 0
        for text in texts {
            for word in PhraseText.words(text).map(\.word) + text.split(separator: " ").map(String.init) {
                words += 1
                let bits = starts.bits(word)
                if bits != 0 { nonzero += 1 }
                #expect(bits == starts.stringBits(word), "\(word)")
            }
        }
        return (words, nonzero)
    }

    /// Every phrase of the rule file, so that every key is hit, and the fixtures.
    @Test func ruleWordsAndFixtures() throws {
        let url = BundledCatalog.analysisDirectory.appendingPathComponent(MatchingResources.derivationFile)
        var phrases: [String] = []
        func collect(_ value: Any) {
            if let text = value as? String { phrases.append(text) }
            if let list = value as? [Any] { list.forEach(collect) }
            if let object = value as? [String: Any] { object.values.forEach(collect) }
        }
        collect(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        let hyphenated = phrases.map { $0.replacingOccurrences(of: " ", with: "-") }
        let decomposed = phrases.map { $0.decomposedStringWithCanonicalMapping }
        let read = Self.check(phrases + hyphenated + decomposed + PhraseWordBytes.fixtures)
        #expect(read.words > 2000 && read.starts > 1000, "\(read)")
    }

    @Test func bundledCatalogue() {
        let read = Self.check(Catalogue.offers.flatMap { [$0.title, $0.summary, $0.description] })
        #expect(read.starts > 100, "\(read)")
    }

    @Test(.enabled(if: FoerderdatenbankRecommendationTests.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func foerderdatenbank() throws {
        var texts: [String] = []
        try FoerderdatenbankReader().read(CatalogInput(url: FoerderdatenbankRecommendationTests.archive), context: ReadContext(taxonomies: Catalogue.taxonomies)) { record in
            if let offer = record.offer, record.isValid { texts += [offer.title, offer.summary, offer.description] + offer.keywords }
        }
        let read = Self.check(texts)
        #expect(read.starts > 1000, "\(read)")
    }
}
