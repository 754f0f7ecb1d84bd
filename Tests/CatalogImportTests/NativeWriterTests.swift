import BundledCatalog
import CatalogImport
import Foundation
import SupportModel
import Testing

@Suite("Native writers")
struct NativeWriterTests {
    /// Offers that use every field, odd characters and both sources.
    static let offers: [Offer] = [
        Offer(
            id: OfferID(source: "test", localID: "full"), title: "Prämie <für> \"Gründer\" & Co", summary: "Kurz: 50 % Zuschuss.",
            description: "Zeile 1\r\nZeile 2\n\n\tEingerückt  mit  Leerzeichen ",
            language: .german,
            provider: Provider(name: "Bank", level: .state, contact: Contact(name: "Team", email: "a@example.org", phone: "+49 1", address: "Weg 1\n01067 Dresden", url: "https://example.org")),
            links: [Link(kind: .information, url: "https://example.org/a?x=1&y=2", title: "A"), Link(kind: .legalBasis, url: "https://example.org/b")],
            instruments: [.grant, .loan], topics: ["digitalisierung", "beratung"], keywords: ["KI", "Künstliche Intelligenz", "Ökologie"],
            eligibility: Eligibility(applicantTypes: [.company, .founder], companySizes: [.micro, .small], regions: ["DE-SN", "DED51"],
                                     sectors: SectorRule(include: ["C", "62.01"], exclude: ["A"]), companyAge: AgeBounds(minYears: 0, maxYears: 5),
                                     conditions: ["Nicht vor Antrag beginnen."]),
            funding: Funding(currency: "EUR", amountMin: 1000, amountMax: 2500.75, rateMin: 0.5, rateMax: 50, totalBudget: 1e12),
            schedule: Schedule(status: .open, opens: Day(year: 2026, month: 1, day: 1), deadlines: [Day(year: 2026, month: 6, day: 30)!, Day(year: 2026, month: 12, day: 31)!]),
            lastUpdated: Day(year: 2026, month: 3, day: 12), sourceURL: "https://example.org/source", asOf: Day(year: 2026, month: 11, day: 28),
            originalCodes: ["foerderart": ["Zuschuss", "Darlehen"], "foerdergebiet": ["Sachsen"]]),
        Offer(
            id: OfferID(source: "fdb", localID: "minimal"), title: "Minimal", summary: "S", description: "D", language: .english,
            provider: Provider(name: "P", level: .federal), links: [Link(kind: .other, url: "http://example.org")],
            instruments: [.advice], topics: ["beratung"], schedule: Schedule(status: .rolling),
            sourceURL: "https://example.org", asOf: Day(year: 2026, month: 1, day: 31)),
    ]

    @Test("offers → JSON → reader gives identical offers")
    func jsonRoundTrip() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(try NativeJSONWriter.data(source: "test", offers: Self.offers), to: "out.json")

        let records = try Reading.records(NativeJSONReader(), file)

        #expect(records.allSatisfy { $0.isValid }, "\(records.flatMap(\.diagnostics))")
        #expect(records.compactMap(\.offer) == Self.offers)
    }

    @Test("offers → XML → reader gives identical offers, and the XML is valid against the XSD")
    func xmlRoundTrip() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(try NativeXMLWriter.data(source: "test", offers: Self.offers), to: "out.xml")

        let records = try Reading.records(NativeXMLReader(schema: try SchemaFiles.xsd()), file)

        #expect(records.allSatisfy { $0.isValid }, "\(records.flatMap(\.diagnostics))")
        #expect(records.compactMap(\.offer) == Self.offers)
    }

    @Test("the bundled catalogue survives JSON → XML → JSON byte for byte")
    func bundledCatalogueRoundTrip() throws {
        let folder = try TemporaryFolder()
        for url in try BundledCatalog.offerFiles() where url.pathExtension == "json" {
            let original = try Reading.records(NativeJSONReader(), url)
            let offers = original.compactMap(\.offer)
            #expect(offers.count == original.count)

            let xml = try folder.write(try NativeXMLWriter.data(source: "supportmatch", offers: offers), to: url.lastPathComponent + ".xml")
            let fromXML = try Reading.records(NativeXMLReader(schema: try SchemaFiles.xsd()), xml)
            #expect(fromXML.allSatisfy { $0.isValid }, "\(fromXML.flatMap(\.diagnostics).prefix(5))")
            #expect(fromXML.compactMap(\.offer) == offers)

            let json = try NativeJSONWriter.data(source: "supportmatch", offers: fromXML.compactMap(\.offer))
            #expect(json == (try NativeJSONWriter.data(source: "supportmatch", offers: offers)))
        }
    }

    @Test("output is deterministic and the JSON encoding is plain, readable JSON")
    func deterministic() throws {
        let first = try NativeJSONWriter.data(source: "test", offers: Self.offers)
        let second = try NativeJSONWriter.data(source: "test", offers: Self.offers)
        #expect(first == second)
        #expect(try NativeXMLWriter.data(source: "test", offers: Self.offers) == (try NativeXMLWriter.data(source: "test", offers: Self.offers)))

        let text = String(decoding: first, as: UTF8.self)
        // `sources` declares the other source of the offers (issue 14), so an import may write it.
        #expect(text.hasPrefix("{\n  \"format\": \"supportmatch-catalogue\",\n  \"version\": 1,\n  \"source\": \"test\",\n  \"sources\": [\"fdb\"],\n  \"offers\": [\n"))
        #expect(text.contains("\"amountMax\": 2500.75"))
        #expect(text.contains("\"totalBudget\": 1000000000000\n"))
        #expect(text.contains("\"source\": \"fdb\""))
        #expect(!text.contains("provenance"))
        let parsed = try JSONSerialization.jsonObject(with: first) as? [String: Any]
        #expect((parsed?["offers"] as? [Any])?.count == 2)
    }

    @Test("an empty catalogue is a valid document in both encodings")
    func emptyCatalogue() throws {
        let folder = try TemporaryFolder()
        let json = try folder.write(try NativeJSONWriter.data(source: "test", offers: []), to: "empty.json")
        let xml = try folder.write(try NativeXMLWriter.data(source: "test", offers: []), to: "empty.xml")
        #expect(try Reading.records(NativeJSONReader(), json).isEmpty)
        #expect(try Reading.records(NativeXMLReader(schema: try SchemaFiles.xsd()), xml).isEmpty)
    }

    @Test("text XML cannot carry is refused by the XML writer, and the JSON reader rejects it too")
    func controlCharacters() throws {
        var offer = Self.offers[1]
        offer.title = "Bell\u{07}"
        #expect(throws: NativeWriterError.self) { try NativeXMLWriter.data(source: "fdb", offers: [offer]) }

        let folder = try TemporaryFolder()
        let file = try folder.write(try NativeJSONWriter.data(source: "fdb", offers: [offer]), to: "bell.json")
        let record = try #require(try Reading.records(NativeJSONReader(), file).first)
        #expect(!record.isValid)
        #expect(record.diagnostics.contains { $0.field == "title" && $0.message.contains("control characters") })
    }

    @Test("the writer streams to a file handle")
    func streamsToFileHandle() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("stream.xml")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        let writer = NativeXMLWriter(source: "test", to: handle)
        for index in 0..<500 {
            var offer = Self.offers[0]
            offer.id.localID = "offer-\(index)"
            try writer.write(offer)
        }
        try writer.finish()
        try handle.close()

        let records = try Reading.records(NativeXMLReader(), url)
        #expect(records.count == 500)
        #expect(records.allSatisfy { $0.isValid })
        #expect(records.last?.offer?.id.localID == "offer-499")
    }
}

/// Issue 14: the native format carries every offer the store can hold, from any source, and a
/// multi-source document declares its sources so an import may write exactly those.
@Suite("Native format carries imported offers")
struct NativeImportedOfferTests {
    /// Offers shaped as the Förderdatenbank and Grants.gov importers store them: the source's
    /// own ids, no summary or an overlong one, no description, links, topics, sourceURL or asOf.
    static let offers: [Offer] = [
        Offer(id: OfferID(source: "fdb", localID: "Foerderprogramm/Bund/BMG/Themenoffene_Foerderung"), title: "Themenoffen",
              summary: String(repeating: "Lang. ", count: 80), description: "", language: .german,
              provider: Provider(name: "Bund", level: .federal), instruments: [.grant], topics: [], schedule: Schedule(status: .rolling)),
        Offer(id: OfferID(source: "grants.gov", localID: "HHS-2026-ACF-0001"), title: "Grant", summary: "", description: "Text",
              language: .english, provider: Provider(name: "HHS", level: .federal),
              links: [Link(kind: .information, url: "https://www.grants.gov/x")], instruments: [.grant], topics: ["gesundheit_soziales"],
              schedule: Schedule(status: .open), lastUpdated: Day(year: 2026, month: 2, day: 1)),
        Offer(id: OfferID(source: "supportmatch", localID: "sab-bonus"), title: "Bonus", summary: "Kurz.", description: "Lang.",
              provider: Provider(name: "SAB", level: .state), links: [Link(kind: .information, url: "https://example.org")],
              instruments: [.grant], topics: ["beratung"], schedule: Schedule(status: .rolling),
              sourceURL: "https://example.org", asOf: Day(year: 2026, month: 1, day: 31)),
    ]

    static func read(_ data: Data, xml: Bool) throws -> [ReadRecord] {
        let folder = try TemporaryFolder()
        let file = try folder.write(data, to: xml ? "mixed.xml" : "mixed.json")
        return xml ? try Reading.records(NativeXMLReader(schema: try SchemaFiles.xsd()), file)
                   : try Reading.records(NativeJSONReader(), file)
    }

    @Test("imported offers of three sources round-trip exactly, with warnings only, each declared", arguments: [false, true])
    func roundTrip(xml: Bool) throws {
        let data = xml ? try NativeXMLWriter.data(source: "supportmatch", offers: Self.offers)
                       : try NativeJSONWriter.data(source: "supportmatch", offers: Self.offers)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(xml ? #"source="supportmatch" sources="fdb grants.gov">"# : #""sources": ["fdb", "grants.gov"],"#))

        let records = try Self.read(data, xml: xml)
        #expect(records.allSatisfy { $0.isValid }, "\(records.flatMap(\.diagnostics).filter { $0.severity == .error })")
        #expect(records.compactMap(\.offer) == Self.offers)
        #expect(records.map(\.declaredSource) == ["fdb", "grants.gov", "supportmatch"])
        #expect(records.allSatisfy { $0.foreignSource == nil })
        // The editorial rules of hand-written catalogues are warnings, at their fields.
        let fields = Set(records[0].diagnostics.compactMap(\.field))
        #expect(fields.isSuperset(of: ["id", "summary", "description", "links", "topics", "sourceURL", "asOf"]), "\(fields)")
        #expect(records[0].diagnostics.allSatisfy { $0.severity == .warning })
        #expect(records[2].diagnostics.isEmpty, "\(records[2].diagnostics)")
    }

    @Test("an offer naming a source its document does not declare is refused for that source", arguments: [false, true])
    func undeclaredSource(xml: Bool) throws {
        // Written as one-source documents, then the declaration removed by hand.
        var text = String(decoding: xml ? try NativeXMLWriter.data(source: "supportmatch", offers: Self.offers)
                                        : try NativeJSONWriter.data(source: "supportmatch", offers: Self.offers), as: UTF8.self)
        text = text.replacingOccurrences(of: xml ? #" sources="fdb grants.gov""# : #""sources": ["fdb", "grants.gov"],"#,
                                         with: xml ? #" sources="grants.gov""# : #""sources": ["grants.gov"],"#)
        let records = try Self.read(Data(text.utf8), xml: xml)
        #expect(records.map(\.foreignSource) == ["fdb", nil, nil])
        #expect(records.map(\.declaredSource) == ["supportmatch", "grants.gov", "supportmatch"])
    }

    @Test("a writer refuses an offer of a source it was not told to declare")
    func writerRefusesUndeclared() throws {
        var sink = Data()
        let json = NativeJSONWriter(source: "supportmatch") { sink.append($0) }
        #expect(throws: NativeWriterError.self) { try json.write(Self.offers[0]) }
        let xml = NativeXMLWriter(source: "supportmatch", otherSources: ["grants.gov"]) { sink.append($0) }
        #expect(throws: NativeWriterError.self) { try xml.write(Self.offers[0]) }
        try xml.write(Self.offers[1])
    }

    @Test("located errors stay errors: a blank id, a malformed asOf, an unreadable links list")
    func stillErrors() throws {
        var text = String(decoding: try NativeJSONWriter.data(source: "supportmatch", offers: [Self.offers[2]]), as: UTF8.self)
        text = text.replacingOccurrences(of: #""id": "sab-bonus""#, with: #""id": "  ""#)
            .replacingOccurrences(of: #""asOf": "2026-01-31""#, with: #""asOf": "2026-02-31""#)
            .replacingOccurrences(of: #""links": ["#, with: #""links": [7, "#)
        let records = try Self.read(Data(text.utf8), xml: false)
        let errors = records.flatMap(\.diagnostics).filter { $0.severity == .error }
        #expect(Set(errors.compactMap(\.field)).isSuperset(of: ["id", "asOf", "links[0]"]), "\(errors)")
        #expect(errors.allSatisfy { $0.location.line != nil })
        #expect(records.allSatisfy { !$0.isValid })
    }
}
