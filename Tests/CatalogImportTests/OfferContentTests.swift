import BundledCatalog
import CatalogImport
import Foundation
import SupportModel
import Testing

/// The canonical content of an offer is hashed for change detection and stored: a store made
/// before ``Offer/canonicalContentBytes()`` wrote it directly holds `JSONEncoder`'s bytes, so
/// the two must agree on every offer, or a re-import would report unchanged offers as changed.
@Suite("Canonical offer content")
struct OfferContentTests {
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/catalogues")
    static let fdbArchive = shared.appendingPathComponent("foerderdatenbank-2026-03/fdb-export.zip")
    static let grantsGov = shared.appendingPathComponent("grants-gov/GrantsDBExtract-fpi.xml")

    /// The definition the stored hashes were made with.
    static func encoderContent(_ offer: Offer) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.omitProvenance] = true
        return Array((try? encoder.encode(offer)) ?? Data())
    }

    static func expectSame(_ offers: [Offer], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var different = 0
        for offer in offers where offer.canonicalContentBytes() != encoderContent(offer) {
            different += 1
            if different <= 3 {
                Issue.record("\(offer.id): \(String(decoding: offer.canonicalContentBytes(), as: UTF8.self))\n  JSONEncoder: \(String(decoding: encoderContent(offer), as: UTF8.self))",
                             sourceLocation: sourceLocation)
            }
        }
        #expect(different == 0, "\(different) of \(offers.count) offers differ", sourceLocation: sourceLocation)
    }

    static func read(_ reader: some CatalogReader, _ urls: [URL]) throws -> [Offer] {
        var offers: [Offer] = []
        for url in urls {
            try reader.read(CatalogInput(url: url), context: ReadContext(taxonomies: BundledCatalog.taxonomies)) { record in
                if let offer = record.offer { offers.append(offer) }
            }
        }
        return offers
    }

    @Test("every offer of the bundled catalogue")
    func bundled() throws {
        let offers = try Self.read(NativeJSONReader(), try BundledCatalog.offerFiles().filter { $0.pathExtension == "json" })
        #expect(offers.count >= 90)
        Self.expectSame(offers)
    }

    @Test("every programme of the Förderdatenbank archive",
          .enabled(if: FileManager.default.fileExists(atPath: fdbArchive.path), "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func foerderdatenbank() throws {
        let offers = try Self.read(FoerderdatenbankReader(), [Self.fdbArchive])
        #expect(offers.count > 1000)
        Self.expectSame(offers)
    }

    @Test("every record of the Grants.gov extract",
          .enabled(if: FileManager.default.fileExists(atPath: grantsGov.path), "needs ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
    func grantsGovExtract() throws {
        let offers = try Self.read(GrantsGovReader(today: Day(iso: "2026-11-28")), [Self.grantsGov])
        #expect(offers.count > 2000)
        Self.expectSame(offers)
    }

    /// Every optional present and absent, every ASCII character and the separators U+2028/2029
    /// in texts, amounts at the edges of `Double`'s formatting, original-code keys whose
    /// byte order differs from a case-insensitive or numeric one.
    @Test("hostile texts, edge numbers, every optional both ways")
    func edgeCases() {
        let ascii = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        let texts = [ascii, "", "\u{2028}\u{2029}\u{FEFF}\u{85}", "e\u{301} 😀👩‍👩‍👧 𝄞", "Zuschuss „bis 50 %“ ≤ 10.000 €", "a\"b\\c/d</script>"]
        let amounts: [Double?] = [nil, 0, -0.0, 1, 0.5, 0.1 + 0.2, 1e-7, 1e16, 1e20, 1e21, 123_456_789_012, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var offers: [Offer] = []
        for (position, text) in texts.enumerated() {
            let amount = amounts[position % amounts.count]
            offers.append(Offer(
                id: OfferID(source: "s" + text, localID: text), title: text, summary: text, description: text, language: .english,
                provider: Provider(name: text, level: .federal, contact: position.isMultiple(of: 2) ? Contact(email: text, url: text) : Contact(name: text, phone: text, address: text)),
                links: [Link(kind: .information, url: text, title: position.isMultiple(of: 2) ? text : nil), Link(kind: .application, url: text)],
                instruments: [.grant, Instrument(text)], topics: position == 0 ? [] : [TopicCode(text)], keywords: position == 1 ? [] : [text, text],
                eligibility: position == 2 ? Eligibility() : Eligibility(
                    applicantTypes: [.company, ApplicantType(text)], companySizes: [.small, .micro], regions: position == 3 ? nil : [RegionCode(text)],
                    sectors: SectorRule(include: position == 4 ? [] : [SectorCode(text)], exclude: [SectorCode("J")]),
                    companyAge: AgeBounds(minYears: position == 5 ? nil : 1, maxYears: 5), conditions: [text]),
                funding: position == 1 ? nil : Funding(currency: text, amountMin: amount, amountMax: amounts[(position + 5) % amounts.count],
                                                       rateMin: amount, rateMax: 100, totalBudget: amounts[(position + 9) % amounts.count]),
                schedule: Schedule(status: .open, opens: position == 0 ? nil : Day(iso: "2026-01-31"),
                                   deadlines: position == 2 ? [] : [Day(iso: "2026-03-01")!, Day(iso: "2027-12-31")!]),
                lastUpdated: position == 3 ? nil : Day(iso: "2025-12-01"), sourceURL: position == 4 ? nil : text,
                asOf: position == 5 ? nil : Day(iso: "2026-11-28"),
                originalCodes: position == 0 ? [:] : [text: [text], "B": ["1"], "a10": [], "a9": ["x", "y"], "_x": [text], "Ä": ["ä"], "aB": [""], "ab": [text]],
                provenance: Provenance(sourceFormat: "native-json", sourceFile: text, sourceRecord: text, contentHash: text, importRun: 3)))
        }
        for amount in amounts {
            offers.append(Offer(id: OfferID(source: "x", localID: "amount"), title: "t", provider: Provider(name: "p", level: .eu),
                                funding: Funding(amountMin: amount, amountMax: amount, rateMin: amount, rateMax: amount, totalBudget: amount)))
        }
        Self.expectSame(offers)
        // A non-finite amount: `JSONEncoder` failed and the content was empty; still so.
        let infinite = Offer(id: OfferID(source: "x", localID: "inf"), title: "t", provider: Provider(name: "p", level: .eu),
                             funding: Funding(amountMax: .infinity))
        #expect(Self.encoderContent(infinite).isEmpty)
        #expect(infinite.canonicalContentBytes().isEmpty)
    }
}
