import BundledCatalog
import CatalogImport
import CatalogStore
import Consultations
import Foundation
import PostgresStore
import StoreTestSupport
import SupportModel
import Testing

/// `supportmatch migrate-store`'s copy: a SQLite store with history, consultations and events
/// moved into PostgreSQL reads back the same, and the PostgreSQL store carries on from there.
@Suite("Moving a SQLite store to PostgreSQL")
struct StoreMigrationTests {
    @Test("catalogue, history, import runs, consultations and events arrive unchanged; numbering continues")
    func sqliteToPostgres() throws {
        let workspace = try Workspace(.sqlite)
        defer { workspace.remove() }
        try workspace.importCatalogue([Catalogue.offer("a"), Catalogue.offer("b")])
        let saved = try workspace.consultations.create(ProfileDraft(
            label: "x", notes: "n", profile: try Catalogue.profile(ChangeDetectionTests.saxonCompany),
            shortlist: [ShortlistItem(offerId: id("a"), note: "gut")]), baseline: try workspace.baseline(today: day("2026-11-28")))
        let second = try workspace.importCatalogue([Catalogue.offer("b"), Catalogue.offer("c")])
        _ = try workspace.detect(after: second, today: day("2026-11-28"))

        let target = try CatalogStore.open(try postgresTestDatabase())
        let consultations = try ConsultationStore(catalogue: target)
        let copied = try StoreCopy.copy(from: workspace.store, to: target)
        #expect(copied.first { $0.table == "offer" }?.rows == 3)

        let source = workspace.store
        #expect(try target.offers(status: .all) == source.offers(status: .all))
        // Instants compared as shown (to the millisecond, as SQLite stored them).
        func runs(_ store: CatalogStore) throws -> [String] {
            try store.importRuns().map { "\($0.id) \($0.startedAt) \($0.finishedAt) \($0.counts) \($0.outcome) \($0.sources)" }
        }
        func history(_ store: CatalogStore) throws -> [String] {
            try #require(try store.offer(id("a"))).history.map { "\($0.runID) \($0.at) \($0.kind) \($0.changedFields) \(String(describing: $0.previous))" }
        }
        #expect(try runs(target) == runs(source))
        #expect(try history(target) == history(source), "history of the withdrawn offer")
        #expect(try history(target).count == 2)
        #expect(try consultations.export(saved.id) == workspace.consultations.export(saved.id))
        #expect(try consultations.events(of: saved.id).count >= 2)

        // Numbering continues after the copied rows.
        #expect(throws: (any Error).self, "a second copy into a non-empty store is refused") {
            try StoreCopy.copy(from: source, to: target)
        }
        let lastRun = try #require(try source.catalogueVersion())
        let file = workspace.folder.appendingPathComponent("d.json").path
        try Catalogue.write([Catalogue.offer("d")], to: file)
        let next = CatalogImporter(store: target, taxonomies: BundledCatalog.taxonomies).run(ImportRequest(paths: [file]))
        #expect(next.outcome == .succeeded)
        #expect((next.runID ?? 0) > lastRun)
    }
}
