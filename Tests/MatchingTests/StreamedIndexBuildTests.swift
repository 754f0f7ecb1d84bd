import BundledCatalog
import CatalogImport
import Foundation
@testable import Matching
import SupportModel
import Synchronization
import Testing

/// The streamed, memory-bounded build of the index file (`StreamedIndexBuild`) writes the very
/// bytes the in-memory build writes, however many runs it spills and whatever its stream gives.
@Suite("Streamed index build")
struct StreamedIndexBuildTests {
    static let resources = PersistedIndexTests.resources

    /// Lazy records over `offers` (sorted, unique), as a store's are, counting the records read
    /// one by one.
    final class Reads: Sendable {
        let count = Mutex(0)
    }

    static func records(_ sorted: [Offer], reads: Reads) -> OfferRecords {
        let byID = Dictionary(uniqueKeysWithValues: sorted.map { ($0.id, $0) })
        return OfferRecords(ids: sorted.map(\.id), contentHashes: sorted.map { $0.provenance?.contentHash ?? $0.contentHash }) { ids, _ in
            reads.count.withLock { $0 += ids.count }
            return ids.map { byID[$0]! }
        }
    }

    /// `offers` in batches of `size`, as `CatalogStore.activeOffers(batchSize:_:)` gives them.
    static func stream(_ offers: [Offer], batch size: Int) -> OfferStream {
        { body in
            var start = 0
            while start < offers.count {
                try body(Array(offers[start..<min(start + size, offers.count)]))
                start += size
            }
        }
    }

    /// Writes the file both ways and compares the bytes; `budget` small enough for many runs.
    static func checkSameFile(_ offers: [Offer], budget: Int, stream: (([Offer]) -> OfferStream)? = nil,
                              expectedReads: Int = 0) throws {
        let folder = try PersistedIndexTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sorted = OfferIndex.sortedUnique(offers)
        let built = OfferIndex(sorted: sorted, taxonomies: Catalogue.taxonomies, synonyms: resources.synonyms,
                               derivation: resources.derivation, concepts: resources.concepts,
                               configuration: resources.configuration)
        // Several runs, or the merge is not exercised.
        #expect(built.text.docs.count > 4 * (budget / PostingBuffer.recordSize), "\(built.text.docs.count) postings")
        let reads = Reads()
        let records = records(sorted, reads: reads)
        let key = PersistedIndex.key(records, resources: resources.fingerprint)
        let inMemory = folder.appendingPathComponent("memory.index").path
        let streamed = folder.appendingPathComponent("streamed.index").path
        try PersistedIndex.write(built, key: key, to: inMemory)
        var build = StreamedIndexBuild(records: records, stream: (stream ?? { Self.stream($0, batch: 7) })(sorted),
                                       taxonomies: Catalogue.taxonomies, resources: resources)
        build.budget = budget
        // Many chunks, so that both threads of pass 2 analyse some.
        build.analysisChunk = 5
        try build.write(key: key, to: streamed)
        let expected = try Data(contentsOf: URL(fileURLWithPath: inMemory))
        let actual = try Data(contentsOf: URL(fileURLWithPath: streamed))
        #expect(actual.count == expected.count)
        if actual != expected {
            let first = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            Issue.record("the streamed file differs from the in-memory one, first at byte \(first.map(String.init) ?? "end")")
        }
        #expect(reads.count.withLock { $0 } == expectedReads, "records read one by one")
        // No spill file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["memory.index", "streamed.index"])
    }

    @Test("the bundled catalogue: the streamed build writes the in-memory build's bytes, with many runs")
    func bundled() throws {
        try Self.checkSameFile(Catalogue.offers, budget: 4096)
    }

    @Test("the Förderdatenbank archive: the streamed build writes the in-memory build's bytes, with many runs",
          .enabled(if: FoerderdatenbankRecommendationTests.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func foerderdatenbank() throws {
        var offers: [Offer] = []
        try FoerderdatenbankReader().read(CatalogInput(url: PersistedIndexTests.archive), context: ReadContext(taxonomies: Catalogue.taxonomies)) { record in
            if let offer = record.offer, record.isValid { offers.append(offer) }
        }
        #expect(offers.count == 1434)
        try Self.checkSameFile(offers, budget: 64 << 10)
    }

    @Test("offers the stream gives in another version, lacks, or holds besides the index's are read one by one")
    func streamDiffersFromIndex() throws {
        let offers = OfferIndex.sortedUnique(Catalogue.offers)
        try Self.checkSameFile(offers, budget: 4096, stream: { sorted in
            var given = sorted
            // Another version of the third offer (an import committed during the build).
            given[2].title += " (changed)"
            given[2].provenance = nil
            // The tenth offer missing, an offer the index does not hold in its place.
            var stranger = given[9]
            stranger.id = OfferID(source: stranger.id.source, localID: stranger.id.localID + "-new")
            given[9] = stranger
            given.sort { $0.id < $1.id }
            return Self.stream(given, batch: 5)
        }, expectedReads: 2) // two offers, once: pass 2 analyses the texts pass 1 kept
    }

    @Test("spill files a killed build left are removed by the next build; a running build's are kept")
    func abandonedSpillFiles() throws {
        let folder = try PersistedIndexTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("store.sqlite.index").path
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let abandoned = "store.sqlite.index.build-\(ended.processIdentifier)-AbCdEf"
        let running = "store.sqlite.index.build-1-AbCdEf"  // pid 1 runs as long as the machine
        for name in [abandoned, running] {
            try FileManager.default.createDirectory(atPath: folder.appendingPathComponent(name).path, withIntermediateDirectories: false)
            try Data("run".utf8).write(to: folder.appendingPathComponent(name).appendingPathComponent("run-0"))
        }
        let sorted = OfferIndex.sortedUnique(Catalogue.offers)
        let outcome = try OfferIndex.saveFile(records: Self.records(sorted, reads: Reads()), taxonomies: Catalogue.taxonomies,
                                          resources: Self.resources, file: file, stream: Self.stream(sorted, batch: 64))
        #expect(outcome == OfferIndex.FileOutcome.rebuilt(reason: "no index file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["store.sqlite.index", running])
        // A current file is left as it is.
        #expect(try OfferIndex.saveFile(records: Self.records(sorted, reads: Reads()), taxonomies: Catalogue.taxonomies,
                                    resources: Self.resources, file: file, stream: Self.stream(sorted, batch: 64)) == .opened)
    }

    @Test("an index rebuilt through a stream is opened from the file it wrote and answers as a built one")
    func openThroughStream() throws {
        let folder = try PersistedIndexTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("store.sqlite.index").path
        let sorted = OfferIndex.sortedUnique(Catalogue.offers)
        let reads = Reads()
        let opened = try OfferIndex.open(records: Self.records(sorted, reads: reads), taxonomies: Catalogue.taxonomies,
                                     resources: Self.resources, file: file, stream: Self.stream(sorted, batch: 64))
        #expect(opened.outcome == OfferIndex.FileOutcome.rebuilt(reason: "no index file"))
        #expect(reads.count.withLock { $0 } == 0, "every record came from the stream")
        let built = OfferIndex(offers: sorted, taxonomies: Catalogue.taxonomies, resources: Self.resources)
        #expect(try PersistedIndexTests.answers(opened.index, today: Catalogue.today)
                == PersistedIndexTests.answers(built, today: Catalogue.today))
    }
}
