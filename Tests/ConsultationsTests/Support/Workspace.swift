import BundledCatalog
import CatalogImport
import CatalogStore
import Consultations
import Foundation
import Matching
import StoreTestSupport
import SupportModel
import Testing

/// A real catalogue database in a temporary folder, with catalogue files written for the test
/// and imported through the real importer.
struct Workspace {
    let folder: URL
    let store: CatalogStore
    let consultations: ConsultationStore

    /// A SQLite file in a temporary folder, or a fresh database on the throwaway PostgreSQL cluster.
    init(_ kind: StoreKind = .sqlite) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("consultations-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try openTestStore(kind, in: folder)
        consultations = try ConsultationStore(catalogue: store)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Writes `offers` as a native JSON catalogue of source `test` and imports it as the source's snapshot.
    @discardableResult
    func importCatalogue(_ offers: [Offer], name: String = "catalogue.json") throws -> ImportReport {
        let path = folder.appendingPathComponent(name).path
        try Catalogue.write(offers, to: path)
        let report = CatalogImporter(store: store, taxonomies: BundledCatalog.taxonomies).run(ImportRequest(paths: [path]))
        try #require(report.outcome == .succeeded, "fixture imports: \(report.problemGroups)")
        return report
    }

    /// The matching index over the store's active offers.
    func index() throws -> OfferIndex {
        OfferIndex(offers: try store.activeOffers(), taxonomies: BundledCatalog.taxonomies)
    }

    func baseline(today: Day) throws -> Baseline {
        Baseline(index: try index(), today: today)
    }

    /// Runs the change detection for an import, as `supportmatch import` does after it.
    func detect(after report: ImportReport, today: Day) throws -> ChangeSummary {
        let runID = try #require(report.runID)
        return try ChangeDetector(baseline: try baseline(today: today)).run(store: consultations, runID: runID)
    }
}

/// Small offers for the purpose, and native JSON documents of them.
enum Catalogue {
    static func offer(
        _ localID: String, title: String? = nil, applicants: [ApplicantType] = [.company], regions: [RegionCode]? = ["DE-SN"],
        topics: [TopicCode] = ["digitalisierung"], deadline: Day? = Day(year: 2027, month: 6, day: 30),
        description: String? = nil, amountMax: Double = 50_000, status: OfferStatus = .open
    ) -> Offer {
        Offer(
            id: OfferID(source: "test", localID: localID),
            title: title ?? "Programm \(localID)",
            summary: "Zuschuss für \(localID).",
            description: description ?? "Gefördert werden Vorhaben im Programm \(localID).",
            provider: Provider(name: "Testbank", level: .state),
            links: [Link(kind: .information, url: "https://example.org/\(localID)")],
            instruments: [.grant], topics: topics,
            eligibility: Eligibility(applicantTypes: applicants, regions: regions),
            funding: Funding(amountMax: amountMax, rateMax: 50),
            schedule: Schedule(status: status, deadlines: deadline.map { [$0] } ?? []),
            sourceURL: "https://example.org/\(localID)", asOf: Day(year: 2026, month: 11, day: 1))
    }

    static func write(_ offers: [Offer], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.userInfo[.catalogueSource] = "test"
        let body = try offers.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: ",\n")
        let document = """
            {"format": "supportmatch-catalogue", "version": 1, "source": "test", "offers": [
            \(body)
            ]}
            """
        try Data(document.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A profile from its JSON answers, through the same decoder as the CLI and the API.
    static func profile(_ json: String) throws -> Profile {
        try ProfileDecoder(taxonomies: BundledCatalog.taxonomies).decode(Data(json.utf8))
    }
}

func day(_ text: String) -> Day { Day(iso: text)! }
func id(_ local: String) -> OfferID { OfferID(source: "test", localID: local) }
