import CatalogImport
import CatalogStore
import Foundation
import StoreTestSupport
import SupportModel
import Testing

/// `activeOfferVersions` and `offers(_:contentHashes:)`: what an index opened from its file
/// reads instead of the whole catalogue. An index answers from the versions it was built from,
/// also between an import's commit and the swap to the new index.
@Suite("Offer versions")
struct OfferVersionsTests {
    @Test("ids and hashes of the active offers in id order; each version read by its hash, a replaced one from the history",
          arguments: StoreKind.allCases)
    func versions(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...3).map { Fixture.offer("offer-\($0)") }
            let file = try Fixture.write(offers, to: directory.path("catalogue.json"))
            _ = Fixture.importer(store).run(ImportRequest(paths: [file]))
            let (ids, hashes) = try store.activeOfferVersions()
            #expect(ids.map(\.localID) == ["offer-1", "offer-2", "offer-3"])
            let before = try store.activeOffers()
            #expect(hashes == before.map { $0.provenance?.contentHash })

            offers[1].title = "Neuer Titel"
            try Fixture.write(Array(offers.prefix(2)), to: file)
            let report = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(report.outcome == .succeeded)
            let (newIDs, newHashes) = try store.activeOfferVersions()
            #expect(newIDs.map(\.localID) == ["offer-1", "offer-2"], "the withdrawn offer is not active")
            #expect(newHashes[1] != hashes[1])

            // The versions the old index was built from: unchanged, changed (from the
            // history) and withdrawn (kept in the store).
            let old = try store.offers(ids, contentHashes: hashes)
            #expect(old.map { $0?.title } == before.map(\.title))
            #expect(old.map { $0?.provenance?.contentHash } == hashes)
            #expect(old.map { $0?.canonicalContent() } == before.map { $0.canonicalContent() })
            let new = try store.offers(newIDs, contentHashes: newHashes)
            #expect(new[1]?.title == "Neuer Titel")
            #expect(try store.offers([ids[0]], contentHashes: [String(repeating: "0", count: 64)]) == [nil], "no such version")
            #expect(try store.offers([OfferID(source: "test", localID: "none")], contentHashes: [hashes[0]]) == [nil])

            // Many ids at once: one scan, the replaced version still from the history.
            let many = Array(repeating: ids, count: 30).flatMap { $0 }
            let manyHashes = Array(repeating: hashes, count: 30).flatMap { $0 }
            #expect(try store.offers(many, contentHashes: manyHashes).map { $0?.title } == Array(repeating: before.map(\.title), count: 30).flatMap { $0 })
        }
    }

    @Test("the active offers in batches: every active offer once, in id order, as one read gives them; a failing body stops the reading",
          arguments: StoreKind.allCases)
    func batches(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...23).map { Fixture.offer("offer-\(String(format: "%02d", $0))") }
            let file = try Fixture.write(offers, to: directory.path("catalogue.json"))
            _ = Fixture.importer(store).run(ImportRequest(paths: [file]))
            offers.removeLast(3)
            try Fixture.write(offers, to: file)
            #expect(Fixture.importer(store).run(ImportRequest(paths: [file])).outcome == .succeeded)
            let whole = try store.activeOffers()
            #expect(whole.count == 20)
            for size in [1, 3, 7, 20, 64] {
                var batches: [[Offer]] = []
                try store.activeOffers(batchSize: size) { batches.append($0) }
                #expect(batches.flatMap { $0 } == whole, "batch size \(size)")
                #expect(batches.dropLast().allSatisfy { $0.count == size })
            }
            struct Stop: Error {}
            var seen = 0
            #expect(throws: Stop.self) {
                try store.activeOffers(batchSize: 2) { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
            #expect(seen == 3)
        }
    }
}
