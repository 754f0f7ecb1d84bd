import BundledCatalog
import CatalogImport
import Foundation
import Matching
import SupportModel
import Synchronization
import Testing

/// The index file (`OfferIndex.open(offers:taxonomies:resources:file:)`): an index mapped from
/// it answers exactly as one built from the offers, and a missing, stale, torn or corrupt file
/// is never used but rebuilt.
@Suite("Persisted index")
struct PersistedIndexTests {
    static let resources: MatchingResources = {
        do { return try MatchingResources.load(from: BundledCatalog.analysisDirectory) } catch {
            fatalError("bundled matching resources: \(error)")
        }
    }()

    static let archive = FoerderdatenbankRecommendationTests.archive

    /// A fresh folder for one test's index file.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("persisted-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every answer the API gives, with explanations, as JSON bytes: every example profile, with
    /// the default and a long list, closed offers included, and the per-offer evaluation of
    /// every returned offer.
    static func answers(_ index: OfferIndex, today: Day) throws -> [Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var answers: [Data] = []
        for url in Catalogue.profileURLs() {
            let profile = try ProfileDecoder(taxonomies: Catalogue.taxonomies, today: today)
                .decode(try Data(contentsOf: url), source: url.lastPathComponent)
            for request in [
                RecommendationRequest(profile: profile, today: today),
                RecommendationRequest(profile: profile, today: today, limit: 60, includeClosed: true, nearMissLimit: 10),
            ] {
                let answer = try index.recommend(request)
                answers.append(try encoder.encode(answer))
                for result in answer.results {
                    answers.append(try encoder.encode(index.evaluate(result.id, profile: profile, today: today)))
                }
            }
        }
        return answers
    }

    /// Builds, saves, reopens and compares: the first open builds (no file), the second maps.
    static func checkIdentical(_ offers: [Offer], today: Day) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("store.sqlite.index").path
        let built = OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources)
        let first = OfferIndex.open(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources, file: file)
        #expect(first.outcome == .rebuilt(reason: "no index file"))
        let opened = OfferIndex.open(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources, file: file)
        #expect(opened.outcome == .opened)
        let expected = try answers(built, today: today)
        #expect(expected.count > 20)
        #expect(try answers(first.index, today: today) == expected)
        let actual = try answers(opened.index, today: today)
        #expect(actual.count == expected.count)
        for (number, (mine, theirs)) in zip(actual, expected).enumerated() where mine != theirs {
            Issue.record("answer \(number) differs:\n\(String(decoding: mine, as: UTF8.self))\n\(String(decoding: theirs, as: UTF8.self))")
            break
        }

        // Opened with records read on demand (as a server opens a SQLite store's file): no
        // record is read to open it, only shown ones to answer, and the answers are the same.
        var latest: [OfferID: Offer] = [:]
        for offer in offers { latest[offer.id] = offer }
        let unique = latest
        let sorted = unique.values.sorted { $0.id < $1.id }
        let reads = Mutex<[OfferID]>([])
        let records = OfferRecords(ids: sorted.map(\.id), contentHashes: sorted.map { $0.provenance?.contentHash ?? $0.contentHash }) { ids, hashes in
            reads.withLock { $0 += ids }
            return zip(ids, hashes).map { id, hash in
                let offer = unique[id]!
                #expect((offer.provenance?.contentHash ?? offer.contentHash) == hash)
                return offer
            }
        }
        let lazy = try OfferIndex.open(records: records, taxonomies: Catalogue.taxonomies, resources: resources, file: file)
        #expect(lazy.outcome == .opened)
        #expect(reads.withLock { $0.isEmpty }, "opening reads no record")
        let lazyAnswers = try answers(lazy.index, today: today)
        #expect(lazyAnswers == expected)
        let read = reads.withLock { Set($0) }
        #expect(!read.isEmpty)
        // The bundled catalogue is small enough for the long requests to show all of it.
        if sorted.count > 1000 { #expect(read.count < sorted.count / 2, "only shown offers are read: \(read.count) of \(sorted.count)") }
    }

    @Test("an index opened from its file answers byte for byte as one built from the bundled catalogue")
    func bundledIdentical() throws {
        try Self.checkIdentical(Catalogue.offers, today: Catalogue.today)
    }

    @Test("an index opened from its file answers byte for byte as one built from the Förderdatenbank archive",
          .enabled(if: FoerderdatenbankRecommendationTests.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func foerderdatenbankIdentical() throws {
        var offers: [Offer] = []
        try FoerderdatenbankReader().read(CatalogInput(url: Self.archive), context: ReadContext(taxonomies: Catalogue.taxonomies)) { record in
            if let offer = record.offer, record.isValid { offers.append(offer) }
        }
        #expect(offers.count == 1434)
        try Self.checkIdentical(offers, today: Day(iso: "2026-03-15")!)
    }

    /// Opens `offers` through `file` and says what happened.
    static func open(_ offers: [Offer], _ file: String) -> OfferIndex.FileOutcome {
        OfferIndex.open(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources, file: file).outcome
    }

    static func reason(_ outcome: OfferIndex.FileOutcome) -> String {
        if case .rebuilt(let reason) = outcome { return reason }
        return "not rebuilt: \(outcome)"
    }

    @Test("a file of another catalogue, other analysis data or another format version is stale and rebuilt")
    func stale() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("store.sqlite.index").path
        var offers = Catalogue.offers
        #expect(Self.open(offers, file) == .rebuilt(reason: "no index file"))
        #expect(Self.open(offers, file) == .opened)

        // One offer's text changed: another catalogue.
        offers[0].summary += " Geändert."
        #expect(Self.reason(Self.open(offers, file)).hasPrefix("index file is stale"))
        #expect(Self.open(offers, file) == .opened)
        // One offer fewer.
        offers.removeLast()
        #expect(Self.reason(Self.open(offers, file)).hasPrefix("index file is stale"))
        #expect(Self.open(offers, file) == .opened)

        // Other analysis data.
        var resources = Self.resources
        resources.fingerprint = Array(repeating: 7, count: 32)
        let other = OfferIndex.open(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources, file: file).outcome
        #expect(Self.reason(other).hasPrefix("index file is stale"))
        #expect(Self.reason(Self.open(offers, file)).hasPrefix("index file is stale"), "the file now holds the other data's index")

        // Another format version (bytes 8..<12 of the header).
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: file))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data([99, 0, 0, 0]))
        try handle.close()
        #expect(Self.reason(Self.open(offers, file)) == "index file is stale (format version 99, this build reads 4)")
        #expect(Self.open(offers, file) == .opened)
        // A file of the previous format (3: no programmes by purpose) is rebuilt and says so.
        let previous = try FileHandle(forUpdating: URL(fileURLWithPath: file))
        try previous.seek(toOffset: 8)
        try previous.write(contentsOf: Data([3, 0, 0, 0]))
        try previous.close()
        #expect(Self.reason(Self.open(offers, file)) == "index file is stale (format version 3, this build reads 4)")
        #expect(Self.open(offers, file) == .opened)
    }

    @Test("a missing, torn or corrupt file is never used: the index is rebuilt and answers as one built from the offers")
    func tornAndCorrupt() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("store.sqlite.index").path
        let offers = Catalogue.offers
        #expect(Self.open(offers, file) == .rebuilt(reason: "no index file"))
        let good = try Data(contentsOf: URL(fileURLWithPath: file))
        let expected = try Self.answers(OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources),
                                        today: Catalogue.today)

        // Deleted.
        try FileManager.default.removeItem(atPath: file)
        #expect(Self.open(offers, file) == .rebuilt(reason: "no index file"))

        // Torn: cut short at several places (a crash of a writer that did not rename first).
        for length in [0, 10, 64, good.count / 2, good.count - 1] {
            try good.prefix(length).write(to: URL(fileURLWithPath: file))
            #expect(Self.reason(Self.open(offers, file)).hasPrefix("index file is torn"), "cut at \(length)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == good, "rebuilt in full")
        }
        // Grown: bytes appended after the footer.
        try (good + Data([0, 0, 0, 0, 0, 0, 0, 0])).write(to: URL(fileURLWithPath: file))
        #expect(Self.reason(Self.open(offers, file)).hasPrefix("index file is torn"))

        // Corrupt: one byte flipped in the postings, the table and the header's magic.
        for position in [good.count / 3, good.count / 2, good.count - IndexFileLayout.footerSize - 3, 0] {
            var damaged = good
            damaged[position] ^= 0x40
            try damaged.write(to: URL(fileURLWithPath: file))
            let outcome = OfferIndex.open(offers: offers, taxonomies: Catalogue.taxonomies, resources: Self.resources, file: file)
            #expect(Self.reason(outcome.outcome).hasPrefix("index file is corrupt"), "byte \(position)")
            #expect(try Self.answers(outcome.index, today: Catalogue.today) == expected, "byte \(position)")
        }
        #expect(Self.open(offers, file) == .opened)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["store.sqlite.index"])
    }

    @Test("a file that cannot be written leaves the index built and says so")
    func notSaved() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("missing-folder/store.sqlite.index").path
        let outcome = Self.open(Catalogue.offers, file)
        guard case .rebuiltNotSaved(let reason, let error) = outcome else {
            Issue.record("expected a build that could not be saved, got \(outcome)")
            return
        }
        #expect(reason == "no index file")
        #expect(error.contains("cannot create"))
        // The commands log this one as a warning, and the others not.
        #expect(outcome.isWarning)
        #expect(!OfferIndex.FileOutcome.opened.isWarning)
        #expect(!OfferIndex.FileOutcome.rebuilt(reason: reason).isWarning)
    }
}

/// The footer's size (`IndexFile.footerSize`), written here as the format documents it.
enum IndexFileLayout {
    static let footerSize = 40
}
