import BundledCatalog
import CatalogImport
import Foundation
import SupportModel
import Testing

private enum CommonGrantsTestData {
    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/commongrants/\(name)")
    }

    static func context() -> ReadContext { ReadContext(taxonomies: BundledCatalog.taxonomies) }

    static func readAll(_ url: URL, displayName: String? = nil) throws -> [ReadRecord] {
        var records: [ReadRecord] = []
        try CommonGrantsReader().read(CatalogInput(url: url, displayName: displayName ?? url.lastPathComponent), context: context()) { records.append($0) }
        return records
    }

    static func temporaryFile(_ data: Data, name: String = "export.json") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cg-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }
}

/// A small deterministic generator (SplitMix64), so the round-trip test explores many shapes
/// of offers yet fails the same way every run.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func bool() -> Bool { next() & 1 == 1 }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    mutating func subset<T: Hashable>(_ values: [T], min: Int, max: Int) -> [T] {
        var pool = values
        var result: [T] = []
        for _ in 0..<int(min...Swift.min(max, values.count)) { result.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return result
    }
    mutating func day() -> Day { Day(ordinal: int(19_000...21_000)) }
    mutating func words(_ count: ClosedRange<Int>) -> String {
        let vocabulary = ["Förderung", "innovation", "Zuschuss", "grant", "\"quoted\"", "a/b", "ü–ß", "line\nbreak", "tab\there", "😀", "plain", "≥ 50 %"]
        return (0..<int(count)).map { _ in pick(vocabulary) }.joined(separator: " ")
    }
}

private enum OfferGenerator {
    static func offer(_ random: inout SplitMix64, index: Int) -> Offer {
        let taxonomies = BundledCatalog.taxonomies
        var eligibility = Eligibility()
        if random.bool() { eligibility.applicantTypes = random.subset(taxonomies.applicantTypes.codes, min: 1, max: 4).map(ApplicantType.init) }
        if random.bool() { eligibility.companySizes = random.subset(SizeClass.allCases, min: 1, max: 3).sorted() }
        if random.bool() { eligibility.regions = random.subset(taxonomies.regions.codes, min: 1, max: 3).map(RegionCode.init) }
        if random.bool() { eligibility.sectors = SectorRule(include: random.subset(["62", "J", "10.1", "62.01"], min: 1, max: 2).map(SectorCode.init), exclude: random.bool() ? ["K"] : []) }
        if random.bool() { eligibility.companyAge = AgeBounds(minYears: random.bool() ? random.int(0...3) : nil, maxYears: random.int(4...10)) }
        if random.bool() { eligibility.conditions = (0..<random.int(1...2)).map { _ in random.words(2...6) } }

        var funding: Funding?
        if random.bool() {
            let minimum = random.bool() ? Double(random.int(0...50_000)) + (random.bool() ? 0.5 : 0) : nil
            funding = Funding(
                currency: random.pick(["EUR", "USD"]), amountMin: minimum,
                amountMax: random.bool() ? Double(random.int(50_001...9_000_000)) : nil,
                rateMin: random.bool() ? Double(random.int(0...40)) : nil,
                rateMax: random.bool() ? Double(random.int(41...99)) + 0.25 : nil,
                totalBudget: random.bool() ? Double(random.int(1...900_000_000)) * 1000 : nil)
        }
        var contact: Contact?
        if random.bool() {
            contact = Contact(name: random.bool() ? random.words(1...3) : nil, email: random.bool() ? "office\(index)@example.org" : nil,
                              phone: random.bool() ? "+49 351 \(random.int(1000...9999))" : nil,
                              address: random.bool() ? random.words(2...4) : nil, url: random.bool() ? "https://example.org/contact/\(index)" : nil)
        }
        let links = (0..<random.int(0...3)).map { n in
            Link(kind: random.pick(LinkKind.allCases), url: "https://example.org/\(index)/\(n)?q=a&b=ü", title: random.bool() ? random.words(1...4) : nil)
        }
        var originalCodes: [String: [String]] = [:]
        if random.bool() { originalCodes["Foerderart"] = random.subset(["zuschuss", "darlehen", "sonstige"], min: 1, max: 3) }
        if random.bool() { originalCodes["EligibleApplicants"] = random.subset(["00", "07", "99"], min: 1, max: 2) }

        return Offer(
            id: OfferID(source: random.pick(["fdb", "grants.gov", "supportmatch", "commongrants"]), localID: "offer-\(index)/\(random.int(0...999))"),
            title: random.words(1...8), summary: random.bool() ? random.words(0...12) : "",
            description: (0..<random.int(0...3)).map { _ in random.words(3...20) }.joined(separator: "\n\n"),
            language: random.pick([.german, .english]),
            provider: Provider(name: random.words(1...4), level: random.pick(ProviderLevel.allCases), contact: contact),
            links: links,
            instruments: random.subset(taxonomies.instruments.codes, min: 1, max: 3).map(Instrument.init),
            topics: random.subset(taxonomies.topics.codes, min: 0, max: 3).map(TopicCode.init),
            keywords: (0..<random.int(0...3)).map { _ in random.words(1...2) },
            eligibility: eligibility, funding: funding,
            schedule: Schedule(status: random.pick(OfferStatus.allCases), opens: random.bool() ? random.day() : nil,
                               deadlines: (0..<random.int(0...3)).map { _ in random.day() }.sorted()),
            lastUpdated: random.bool() ? random.day() : nil,
            sourceURL: random.bool() ? "https://example.org/source/\(index)" : nil,
            asOf: random.bool() ? random.day() : nil,
            originalCodes: originalCodes)
    }
}

@Suite("CommonGrants reader and writer")
struct CommonGrantsReaderTests {
    @Test("a single opportunity maps funding, key dates, applicant types, status and provider")
    func single() throws {
        let records = try CommonGrantsTestData.readAll(CommonGrantsTestData.fixture("single.json"))
        #expect(records.count == 1)
        let record = records[0]
        #expect(record.isValid, "\(record.diagnostics)")
        let offer = try #require(record.offer)
        #expect(offer.id == OfferID(source: "commongrants", localID: "049b4b15-6a4a-4a0e-9b0c-5f1d2a6c7e11"))
        #expect(offer.title == "Small business innovation grant")
        #expect(offer.description == "Funding for small businesses that build new products.")
        #expect(offer.schedule == Schedule(status: .open, opens: Day(year: 2026, month: 1, day: 15), deadlines: [Day(year: 2026, month: 12, day: 31)!]))
        #expect(offer.funding == Funding(currency: "USD", amountMin: 10_000, amountMax: 50_000.5, totalBudget: 1_000_000))
        #expect(offer.eligibility.applicantTypes == [.company, .association])
        #expect(offer.provider.name == "Example Economic Development Agency")
        #expect(offer.instruments == [.grant])
        #expect(offer.language == .english)
        #expect(offer.sourceURL == "https://grants.example.gov/opportunities/small-business")
        #expect(offer.lastUpdated == Day(year: 2026, month: 2, day: 3))
        #expect(offer.originalCodes["acceptedApplicantTypes"] == ["for_profit_small_business", "non_profit_with_501c3"])
    }

    @Test("a list: forecasted, custom status, bad values located by JSON pointer")
    func list() throws {
        let records = try CommonGrantsTestData.readAll(CommonGrantsTestData.fixture("list.json"))
        #expect(records.count == 3)
        let forecast = try #require(records[0].offer)
        #expect(records[0].isValid, "\(records[0].diagnostics)")
        #expect(forecast.schedule.status == .forthcoming)
        #expect(forecast.eligibility.applicantTypes == nil, "unrestricted lifts the restriction")
        #expect(forecast.provider.name == "arts.example.org", "provider from the source host when no agency is given")

        let archived = records[1]
        #expect(!archived.isValid)
        let pointers = archived.diagnostics.map { $0.location.jsonPointer ?? "" }
        #expect(pointers.contains("/1/funding/maxAwardAmount/amount"), "\(archived.diagnostics)")
        #expect(pointers.contains("/1/keyDates/closeDate/date"))
        let unknown = try #require(archived.diagnostics.first { $0.message.contains("martians") })
        #expect(unknown.severity == .warning)
        #expect(unknown.location.jsonPointer == "/1/acceptedApplicantTypes/1")
        #expect(archived.diagnostics.contains { $0.location.jsonPointer == "/1/status/customValue" && $0.severity == .warning })
        #expect(archived.offer?.eligibility.applicantTypes == ["tribal-government"])
        #expect(archived.offer?.provider.name == "Example Tribal Office")

        let noID = records[2]
        #expect(noID.offer == nil)
        #expect(noID.diagnostics.first?.location.jsonPointer == "/2/id")
        #expect(noID.diagnostics.first?.location.description == "list.json#/2/id")
    }

    @Test("the paginated response envelope, with date-range events")
    func paginated() throws {
        let records = try CommonGrantsTestData.readAll(CommonGrantsTestData.fixture("paginated.json"))
        #expect(records.count == 1)
        let offer = try #require(records[0].offer)
        #expect(records[0].location.jsonPointer == "/items/0")
        #expect(offer.schedule == Schedule(status: .closed, opens: Day(year: 2025, month: 1, day: 1), deadlines: [Day(year: 2025, month: 3, day: 31)!]))
        #expect(offer.eligibility.applicantTypes == [.municipality])
        #expect(offer.funding?.amountMax == 250_000)
    }

    @Test("input that is not CommonGrants is a clear file-level error")
    func fileErrors() throws {
        let broken = try CommonGrantsTestData.temporaryFile(Data("{\"items\": [".utf8))
        let notJSON = try #require(throws: CatalogReadError.self) { _ = try CommonGrantsTestData.readAll(broken) }
        #expect(notJSON.message.contains("not valid JSON"))

        let scalar = try CommonGrantsTestData.temporaryFile(Data("42".utf8))
        let wrongShape = try #require(throws: CatalogReadError.self) { _ = try CommonGrantsTestData.readAll(scalar) }
        #expect(wrongShape.location.jsonPointer == "")

        let noPagination = try CommonGrantsTestData.temporaryFile(Data("{\"items\": []}".utf8))
        let envelope = try #require(throws: CatalogReadError.self) { _ = try CommonGrantsTestData.readAll(noPagination) }
        #expect(envelope.location.jsonPointer == "/paginationInfo")
    }

    @Test("detection claims CommonGrants JSON and not the native catalogue")
    func detection() throws {
        let reader = CommonGrantsReader()
        let url = URL(fileURLWithPath: "/tmp/x.json")
        #expect(reader.recognizes(head: try Data(contentsOf: CommonGrantsTestData.fixture("single.json")), url: url))
        #expect(reader.recognizes(head: try Data(contentsOf: CommonGrantsTestData.fixture("paginated.json")), url: url))
        #expect(!reader.recognizes(head: Data("{\"source\": \"supportmatch\", \"offers\": []}".utf8), url: url))
        #expect(!reader.recognizes(head: Data("<Grants/>".utf8), url: url))
    }

    @Test("round trip native → CommonGrants → native keeps every field, over 300 generated offers")
    func roundTrip() throws {
        var random = SplitMix64(state: 20_260_312)
        let offers = (0..<300).map { OfferGenerator.offer(&random, index: $0) }
        let writer = CommonGrantsWriter(exportedAt: Date(timeIntervalSince1970: 1_773_000_000))
        let url = try CommonGrantsTestData.temporaryFile(try writer.paginatedResponse(offers))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

        let head = try FileHandle(forReadingFrom: url).read(upToCount: 65536) ?? Data()
        #expect(CommonGrantsReader().recognizes(head: head, url: url))
        let records = try CommonGrantsTestData.readAll(url)
        #expect(records.count == offers.count)
        for (original, record) in zip(offers, records) {
            let read = try #require(record.offer, "\(original.id): \(record.diagnostics)")
            let changed = read.changedFields(comparedTo: original)
            #expect(changed.isEmpty, "\(original.id) changed \(changed)")
            #expect(read.id == original.id)
            #expect(read == original)
            #expect(!record.diagnostics.contains { $0.severity == .error }, "\(record.diagnostics)")
        }
    }

    @Test("an export of several sources declares them all, and each record is read for its own source; an undeclared one is not")
    func severalSources() throws {
        var random = SplitMix64(state: 20_261_203)
        var offers = (0..<12).map { OfferGenerator.offer(&random, index: $0) }
        for index in offers.indices where index % 3 != 0 {
            offers[index].id = OfferID(source: index % 3 == 1 ? "fdb" : "grants.gov", localID: offers[index].id.localID)
        }
        let data = try CommonGrantsWriter(exportedAt: Date(timeIntervalSince1970: 1_773_000_000))
            .paginatedResponse(offers, source: "grants.gov")
        let envelope = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(envelope["supportmatchSource"] as? String == "grants.gov")
        #expect(envelope["supportmatchSources"] as? [String] == Set(offers.map(\.id.source)).subtracting(["grants.gov"]).sorted())

        let url = try CommonGrantsTestData.temporaryFile(data)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let records = try CommonGrantsTestData.readAll(url)
        #expect(records.count == offers.count)
        for (original, record) in zip(offers, records) {
            #expect(record.declaredSource == original.id.source, "\(original.id)")
            #expect(record.foreignSource == nil)
        }

        // The same file without the list of other sources: their records name an undeclared source.
        var trimmed = envelope
        trimmed.removeValue(forKey: "supportmatchSources")
        let narrow = try CommonGrantsTestData.temporaryFile(try JSONSerialization.data(withJSONObject: trimmed))
        defer { try? FileManager.default.removeItem(at: narrow.deletingLastPathComponent()) }
        let narrowRecords = try CommonGrantsTestData.readAll(narrow)
        #expect(narrowRecords.filter { $0.foreignSource != nil }.count == offers.filter { $0.id.source != "grants.gov" }.count)
    }

    @Test("the writer emits CommonGrants' own fields, readable without the custom fields")
    func writerStandardFields() throws {
        let offer = Offer(
            id: OfferID(source: "fdb", localID: "Foerderprogramm/Bund/BA/eingliederungszuschuss-bund"),
            title: "Eingliederungszuschuss", description: "Zuschuss zum Arbeitsentgelt.",
            provider: Provider(name: "Bundesagentur für Arbeit", level: .federal),
            instruments: [.grant],
            eligibility: Eligibility(applicantTypes: [.company, .municipality]),
            funding: Funding(currency: "EUR", amountMax: 1_500_000.5),
            schedule: Schedule(status: .rolling, deadlines: [Day(year: 2026, month: 9, day: 30)!, Day(year: 2026, month: 12, day: 1)!]),
            lastUpdated: Day(year: 2024, month: 1, day: 31))
        let data = try CommonGrantsWriter().opportunityJSON(offer)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["status"] as? [String: Any])?["value"] as? String == "open")
        #expect((object["funding"] as? [String: Any]).flatMap { $0["maxAwardAmount"] as? [String: String] } == ["amount": "1500000.5", "currency": "EUR"])
        let dates = try #require(object["keyDates"] as? [String: Any])
        #expect((dates["closeDate"] as? [String: Any])?["date"] as? String == "2026-09-30")
        #expect(((dates["otherDates"] as? [String: Any])?["deadline2"] as? [String: Any])?["date"] as? String == "2026-12-01")
        let types = (object["acceptedApplicantTypes"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        #expect(types == ["for_profit_small_business", "for_profit_not_small_business", "government_municipal", "government_county"])
        #expect(object["lastModifiedAt"] as? String == "2024-01-31T00:00:00Z")
        let id = try #require(object["id"] as? String)
        #expect(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect(id == CommonGrantsWriter.stableID(for: offer.id), "the same offer always gets the same CommonGrants id")
    }
}
