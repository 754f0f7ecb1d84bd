import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import StoreTestSupport
import SupportModel

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalogstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Small native-format catalogues written for the tests, read back by the real JSON reader.
enum Fixture {
    /// A valid offer; `number` varies the texts so offers differ.
    static func offer(_ localID: String, source: String = "test", regions: [RegionCode]? = ["DE-SN"],
                      topics: [TopicCode] = ["beratung"], instruments: [Instrument] = [.grant],
                      deadlines: [Day] = [Day(year: 2027, month: 3, day: 31)!]) -> Offer {
        Offer(
            id: OfferID(source: source, localID: localID),
            title: "Förderprogramm \(localID)",
            summary: "Zuschuss für kleine Unternehmen (\(localID)).",
            description: "Beschreibung von \(localID). Gefördert werden Beratungsleistungen.",
            provider: Provider(name: "Sächsische Aufbaubank", level: .state),
            links: [Link(kind: .information, url: "https://example.org/\(localID)")],
            instruments: instruments, topics: topics, keywords: ["Übergabe", localID],
            eligibility: Eligibility(applicantTypes: [.company], regions: regions),
            funding: Funding(amountMax: 50_000, rateMax: 50),
            schedule: Schedule(status: .open, deadlines: deadlines),
            sourceURL: "https://example.org/\(localID)", asOf: Day(year: 2026, month: 11, day: 1))
    }

    /// Writes a native JSON catalogue document; offers of other sources carry their own `source`.
    @discardableResult
    static func write(_ offers: [Offer], source: String = "test", to path: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.userInfo[.catalogueSource] = source
        let offersJSON = try offers.map { offer -> String in
            var text = String(decoding: try encoder.encode(offer), as: UTF8.self)
            if offer.id.source != source {
                // The document source is the default; an offer of another source says so.
                text = "{\"source\": \"\(offer.id.source)\"," + text.dropFirst()
            }
            return text
        }
        let document = """
            {"format": "supportmatch-catalogue", "version": 1, "source": "\(source)", "offers": [
            \(offersJSON.joined(separator: ",\n"))
            ]}
            """
        try Data(document.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func importer(_ store: CatalogStore) -> CatalogImporter {
        CatalogImporter(store: store, taxonomies: BundledCatalog.taxonomies)
    }

    /// Ids and content hashes of every stored offer with its status: the whole catalogue state
    /// in a comparable form.
    static func state(of store: CatalogStore) throws -> [String: String] {
        var state: [String: String] = [:]
        for stored in try store.offers(status: .all) {
            state[stored.id.description] = "\(stored.status.rawValue) \(stored.offer.provenance?.contentHash ?? "")"
        }
        return state
    }
}

/// A store of `kind` (a SQLite file in a temporary directory, or a fresh database on the
/// throwaway PostgreSQL cluster), with a temporary directory removed at the end of the test.
func withStore<T>(_ kind: StoreKind = .sqlite, _ body: (CatalogStore, TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try openTestStore(kind, in: directory.url)
    return try body(store, directory)
}
