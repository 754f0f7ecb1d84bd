import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import StoreTestSupport
import SupportModel
import Testing

@Suite("Reading the catalogue")
struct OfferQueryTests {
    /// Four offers that differ in exactly the criteria being filtered on.
    private func loaded(_ kind: StoreKind, _ body: (CatalogStore) throws -> Void) throws {
        try withStore(kind) { store, directory in
            let offers = [
                Fixture.offer("bund", regions: ["DE"], topics: ["digitalisierung"], instruments: [.loan]),
                Fixture.offer("sachsen", regions: ["DE-SN"], topics: ["beratung"]),
                Fixture.offer("leipzig", regions: ["DED51"], topics: ["beratung", "digitalisierung"]),
                Fixture.offer("bayern", regions: ["DE-BY"], topics: ["beratung"], instruments: [.grant, .loan]),
                Fixture.offer("ueberall", regions: nil, topics: ["arbeit"]),
            ]
            var other = Fixture.offer("fremd", source: "other", regions: ["DE-SN"])
            other.title = "Gründungszuschuss für Ärztinnen"
            // One file per source: an import writes only the sources its files declare.
            let file = try Fixture.write(offers, to: directory.path("catalogue.json"))
            let otherFile = try Fixture.write([other], source: "other", to: directory.path("other.json"))
            let report = Fixture.importer(store).run(ImportRequest(paths: [file, otherFile]))
            try #require(report.outcome == .succeeded, "\(report.problemGroups)")
            try body(store)
        }
    }

    private func ids(_ store: CatalogStore, _ query: OfferQuery, limit: Int? = nil) throws -> [String] {
        let selected = query.select(try store.offers(), offer: \.offer, taxonomies: BundledCatalog.taxonomies)
        return selected.prefix(limit ?? selected.count).map(\.id.localID)
    }

    @Test("Region filter follows the hierarchy both ways and includes unrestricted offers", arguments: StoreKind.allCases)
    func region(_ kind: StoreKind) throws {
        try loaded(kind) { store throws in
            #expect(try ids(store, OfferQuery(regions: ["DE-SN"])) == ["fremd", "bund", "leipzig", "sachsen", "ueberall"])
            #expect(try ids(store, OfferQuery(source: "test", regions: ["DED51"])) == ["bund", "leipzig", "sachsen", "ueberall"])
        }
    }

    @Test("Topic, instrument, source and text filters", arguments: StoreKind.allCases)
    func otherFilters(_ kind: StoreKind) throws {
        try loaded(kind) { store throws in
            #expect(try ids(store, OfferQuery(topics: ["digitalisierung"])) == ["bund", "leipzig"])
            #expect(try ids(store, OfferQuery(instruments: [.loan])) == ["bayern", "bund"])
            #expect(try ids(store, OfferQuery(source: "other")) == ["fremd"])
            // Every word, case- and accent-insensitive, title matches first.
            #expect(try ids(store, OfferQuery(text: "GRÜNDUNGSZUSCHUSS FÜR ÄRZT")) == ["fremd"])
            #expect(try ids(store, OfferQuery(text: "arzt gründung")) == ["fremd"])
            #expect(try ids(store, OfferQuery(text: "übergabe")).count == 6)
            #expect(try ids(store, OfferQuery(text: "ubergabe")).count == 6)
            // The spelling answers accept (SpellingFold): umlauts spelt out find them too.
            #expect(try ids(store, OfferQuery(text: "Gruendungszuschuss fuer Aerztinnen")) == ["fremd"])
            #expect(try ids(store, OfferQuery(text: "uebergabe")).count == 6)
            #expect(try ids(store, OfferQuery(topics: ["beratung"]), limit: 2) == ["fremd", "bayern"])
        }
    }

    @Test("Stored offers carry provenance from the store", arguments: StoreKind.allCases)
    func provenance(_ kind: StoreKind) throws {
        try loaded(kind) { store throws in
            let stored = try #require(try store.offer(OfferID(source: "test", localID: "sachsen")))
            let provenance = try #require(stored.offer.provenance)
            #expect(provenance.sourceFormat == "native-json")
            #expect(provenance.sourceFile.hasSuffix("catalogue.json"))
            #expect(provenance.contentHash == stored.offer.contentHash)
            #expect(provenance.importRun == stored.firstSeenRun)
        }
    }
}
