import BundledCatalog
import CatalogImport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Matching
import NIOCore
import SupportModel
import Testing

@testable import SupportServer

/// `JSONWriter` must write every recommendation exactly as `JSONEncoder` (sorted keys, unescaped
/// slashes) did before it replaced the encoder on the API: the same bytes, so no client, cache
/// or test sees a difference. Compared on real answers (bundled catalogue with every example
/// profile, the Förderdatenbank archive with the judged German profiles, the Grants.gov extract
/// with the US profiles) and on answers whose strings and numbers are made hostile.
@Suite("Recommendations JSON writer")
struct RecommendationsJSONTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static let fdbArchive = shared.appendingPathComponent("catalogues/foerderdatenbank-2026-03/fdb-export.zip")
    static let fdbProfiles = shared.appendingPathComponent("judgments/foerderdatenbank-dev/profiles")
    static let grantsGovExtract = shared.appendingPathComponent("catalogues/grants-gov/GrantsDBExtract-fpi.xml")
    static let today = Day(iso: "2026-11-28")!

    /// What the API wrote before: `JSONEncoder` as the server configured it.
    static let reference: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func expectSameBytes(_ recommendations: Recommendations, _ label: String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let expected = Array(try reference.encode(recommendations))
        let written = try JSONWriter.encode(recommendations)
        guard written != expected else { return }
        let first = zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(written.count, expected.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, first - 80)..<min(bytes.count, first + 80)], as: UTF8.self)
        }
        Issue.record("\(label): first difference at byte \(first) of \(expected.count)\n  JSONEncoder: …\(around(expected))…\n  JSONWriter:  …\(around(written))…",
                     sourceLocation: sourceLocation)
    }

    static func offers(_ reader: some CatalogReader, _ urls: [URL]) throws -> [Offer] {
        var offers: [Offer] = []
        for url in urls {
            try reader.read(CatalogInput(url: url), context: ReadContext(taxonomies: BundledCatalog.taxonomies)) { record in
                if record.isValid, let offer = record.offer { offers.append(offer) }
            }
        }
        return offers
    }

    static func index(_ offers: [Offer]) throws -> OfferIndex {
        OfferIndex(offers: offers, taxonomies: BundledCatalog.taxonomies,
                   resources: try MatchingResources.load(from: BundledCatalog.analysisDirectory))
    }

    static func profiles(in folder: URL) throws -> [(name: String, profile: Profile)] {
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: today)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { ($0.lastPathComponent, try decoder.decode(Data(contentsOf: $0), source: $0.lastPathComponent)) }
    }

    /// Each profile as given, in the other language, without answers but its text, and with
    /// limits from one result to every eligible offer.
    static func compareAll(_ index: OfferIndex, _ profiles: [(name: String, profile: Profile)], today: Day) throws -> Int {
        var compared = 0
        for (name, profile) in profiles {
            var english = profile
            english.language = .english
            var german = profile
            german.language = .german
            let textOnly = Profile(projectDescription: profile.projectDescription)
            for (variant, answers) in [("as given", profile), ("en", english), ("de", german), ("text only", textOnly)] {
                for limit in [1, 10, 200] {
                    for includeClosed in [false, true] {
                        let answer = try index.recommend(RecommendationRequest(profile: answers, today: today, limit: limit, includeClosed: includeClosed))
                        try expectSameBytes(answer, "\(name) \(variant) limit \(limit)\(includeClosed ? " with closed" : "")")
                        compared += 1
                    }
                }
            }
        }
        return compared
    }

    @Test("bundled catalogue, every example profile, both languages, several limits")
    func bundledCatalogue() throws {
        let index = try Self.index(try Self.offers(NativeJSONReader(), try BundledCatalog.offerFiles().filter { $0.pathExtension == "json" }))
        let profiles = try Self.profiles(in: Self.repository.appendingPathComponent("Catalog/profiles"))
        #expect(profiles.count >= 10)
        let compared = try Self.compareAll(index, profiles, today: Self.today)
        #expect(compared == profiles.count * 4 * 3 * 2)
        // The empty profile: every criterion unknown, a next question, no text.
        try Self.expectSameBytes(index.recommend(RecommendationRequest(profile: Profile(), today: Self.today, limit: 50)), "empty profile")
    }

    @Test("Förderdatenbank archive with the judged German profiles",
          .enabled(if: FileManager.default.fileExists(atPath: fdbArchive.path) && FileManager.default.fileExists(atPath: fdbProfiles.path),
                   "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip and ../shared/judgments/foerderdatenbank-dev/profiles"))
    func foerderdatenbank() throws {
        let offers = try Self.offers(FoerderdatenbankReader(), [Self.fdbArchive])
        #expect(offers.count > 1000)
        let index = try Self.index(offers)
        let profiles = try Self.profiles(in: Self.fdbProfiles)
        #expect(!profiles.isEmpty)
        _ = try Self.compareAll(index, profiles, today: Day(iso: "2026-03-15")!)
    }

    @Test("Grants.gov extract with the US profiles (English texts, closed opportunities)",
          .enabled(if: FileManager.default.fileExists(atPath: grantsGovExtract.path), "needs ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
    func grantsGov() throws {
        let offers = try Self.offers(GrantsGovReader(today: Self.today), [Self.grantsGovExtract])
        #expect(offers.count > 2000)
        let index = try Self.index(offers)
        let profiles = try Self.profiles(in: Self.repository.appendingPathComponent("Tests/Judgments/grants-gov/profiles"))
        #expect(!profiles.isEmpty)
        _ = try Self.compareAll(index, profiles, today: Self.today)
    }

    /// Every ASCII character (controls, quote, backslash, slash, DEL), the line and paragraph
    /// separators, a BOM, C1 controls, combining marks, emoji and characters outside the BMP,
    /// wherever the answer carries a string; numbers at the edges of `Double`'s formatting;
    /// parameters whose keys sort differently by bytes, case and digits; optionals left out.
    @Test("hostile strings, edge numbers, dictionary key order, absent optionals")
    func edgeCases() throws {
        let index = try Self.index(try Self.offers(NativeJSONReader(), try BundledCatalog.offerFiles().filter { $0.pathExtension == "json" }))
        let profile = try #require(Self.profiles(in: Self.repository.appendingPathComponent("Catalog/profiles")).first { $0.name == "saxon-software-sme-ai.json" }?.profile)
        var answer = try index.recommend(RecommendationRequest(profile: profile, today: Self.today, limit: 5))
        try #require(answer.results.count >= 3 && !answer.nearMisses.isEmpty)
        try #require(answer.results.contains { !$0.explanation.matchedTerms.isEmpty } && answer.results.contains { !$0.explanation.matchedTopics.isEmpty })

        let ascii = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let strings = [
            ascii, "", "\u{2028}\u{2029}", "\u{FEFF}BOM", "\u{85}\u{9F}C1", "e\u{301}\u{302}", "😀👩‍👩‍👧 𝄞", "a\"b\\c/d",
            "Förderung „KI“ – 50 % der Ausgaben ≤ 10.000 €", "</script><!--", "\u{0}", "tab\there\nnewline\r\u{C}\u{8}",
        ]
        let numbers: [Double] = [0, -0.0, 1, -1, 0.5, 12.5, 0.1 + 0.2, 1e-7, 1e16, 1e20, 1e21, 123_456_789_012, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, .leastNormalMagnitude, 2.0 / 3.0, 100, 1234.5678]
        for (position, text) in strings.enumerated() {
            var changed = answer
            changed.results[0].title = text
            changed.results[1].provider = text
            changed.results[1].url = text
            changed.results[2].reason = LocalizedText(de: text, en: text)
            changed.results[0].explanation.snippet = Snippet(fragment: text, highlighted: [.init(start: 0, end: 1), .init(start: 2, end: 40)])
            if var criterion = changed.results[0].explanation.passed.first {
                criterion.parameters = [text: text, "B": text, "a10": "1", "a9": "2", "_x": "", "aB": text, "ab": text, "Ä": "umlaut", "z": text]
                criterion.message = LocalizedText(de: text, en: text)
                criterion.code = text
                changed.results[0].explanation.passed[0] = criterion
            }
            changed.nearMisses[0].title = text
            for result in changed.results.indices {
                for term in changed.results[result].explanation.matchedTerms.indices {
                    changed.results[result].explanation.matchedTerms[term].queryWords = text
                    changed.results[result].explanation.matchedTerms[term].matched = text
                }
                for topic in changed.results[result].explanation.matchedTopics.indices {
                    changed.results[result].explanation.matchedTopics[topic].code = TopicCode(text)
                    changed.results[result].explanation.matchedTopics[topic].label = LocalizedText(de: text, en: text)
                }
            }
            changed.results[0].explanation.notes.append(LocalizedText(de: text, en: text))
            changed.results[0].id = OfferID(source: text, localID: text)
            try Self.expectSameBytes(changed, "string \(position)")
        }
        for number in numbers {
            var changed = answer
            changed.results[0].score = number
            changed.results[0].explanation.score.text = number
            changed.results[0].explanation.score.total = -number
            changed.results[1].rank = Int(number.magnitude.rounded(.down).clamped(to: 0...1e15))
            try Self.expectSameBytes(changed, "number \(number)")
        }
        // Optionals absent everywhere they can be.
        answer.nextQuestion = nil
        answer.textLanguage = nil
        for position in answer.results.indices {
            answer.results[position].url = nil
            answer.results[position].nextDeadline = nil
            answer.results[position].explanation.snippet = nil
            answer.results[position].alsoPublishedBy = []
            answer.results[position].instruments = []
        }
        try Self.expectSameBytes(answer, "optionals absent")
        answer.results = []
        answer.nearMisses = []
        try Self.expectSameBytes(answer, "no results")

        // JSONEncoder refuses NaN and infinities; so does the writer (a 500, not invalid JSON).
        for number in [Double.nan, .infinity, -.infinity] {
            var changed = try index.recommend(RecommendationRequest(profile: profile, today: Self.today, limit: 1))
            changed.results[0].score = number
            #expect(throws: (any Error).self) { try Self.reference.encode(changed) }
            #expect(throws: JSONWriter.InvalidNumber.self) { try JSONWriter.encode(changed) }
        }
    }

    /// The escaping scan reads eight bytes at a time and falls back to single bytes near one
    /// that needs escaping: every ASCII character and some multi-byte ones, at every offset in
    /// and around a word, alone, doubled and next to non-ASCII text, against `JSONEncoder`.
    @Test("strings: every ASCII character at every offset of the eight-byte scan")
    func escapingAtEveryOffset() throws {
        let specials = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) } + ["é", "€", "\u{2028}", "\u{FEFF}", "😀", "\u{85}", "\u{7F}"]
        var texts: [String] = []
        for special in specials {
            for offset in 0..<18 {
                for filler in ["a", "ü"] {
                    let before = String(repeating: filler, count: offset)
                    texts += [before + special, before + special + "xyzXYZ012", special + before + special, before + special + special + before]
                }
            }
        }
        var writer = JSONWriter()
        writer.strings(texts)
        let written = writer.bytes
        let expected = Array(try Self.reference.encode(texts))
        #expect(texts.count > 10_000)
        #expect(written == expected, "first difference at byte \(zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
    }

    @Test("the API answers exactly what JSONEncoder wrote for the same recommendation", arguments: Transport.allCases)
    func apiBody(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        let index = try server.service.requireSnapshot().index
        let body = #"{"applicantType": "company", "location": {"state": "DE-SN"}, "employees": 24, "topics": ["digitalisierung"], "projectDescription": "Wir wollen \"KI\" in der Qualitätsprüfung einsetzen \u2028 und unsere Software digitalisieren."}"#
        let profile = try ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Day(iso: TestServer.today)).decode(Data(body.utf8))
        let expected = try Self.reference.encode(index.recommend(RecommendationRequest(profile: profile, today: Day(iso: TestServer.today)!, limit: 7)))
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/recommendations?limit=7", method: .post, headers: [.contentType: "application/json"],
                                     body: bytes(body)) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == expected)
            }
        }
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
