import BundledCatalog
import Foundation
import Matching
import SupportModel
import TextAnalysis

/// The bundled catalogue and example profiles, loaded once for all tests.
enum Catalogue {
    /// The day the bundled catalogue was checked (`asOf`); tests never read the clock.
    static let today = Day(iso: "2026-11-28")!

    static let taxonomies = BundledCatalog.taxonomies

    /// The offers of `Catalog/offers/*.json`, decoded directly with `JSONDecoder` so these tests
    /// do not depend on the import pipeline.
    static let offers: [Offer] = {
        struct Document: Decodable { var source: String; var offers: [Offer] }
        struct Header: Decodable { var source: String }
        var offers: [Offer] = []
        for url in (try? BundledCatalog.offerFiles()) ?? [] where url.pathExtension == "json" {
            guard let data = try? Data(contentsOf: url),
                  let header = try? JSONDecoder().decode(Header.self, from: data) else { continue }
            let decoder = JSONDecoder()
            decoder.userInfo[.catalogueSource] = header.source
            if let document = try? decoder.decode(Document.self, from: data) { offers += document.offers }
        }
        return offers
    }()

    static let synonyms: SynonymTable = {
        let url = BundledCatalog.analysisDirectory.appendingPathComponent("synonyms.json")
        return (try? Data(contentsOf: url)).flatMap { try? SynonymTable(jsonData: $0) } ?? .empty
    }()

    static let index = OfferIndex(offers: offers, taxonomies: taxonomies, synonyms: synonyms)

    /// `Catalog/profiles/` in the source tree (profiles are documentation, not resources).
    static let profilesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Catalog/profiles")

    static func profileURLs() -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: profilesDirectory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func profile(_ name: String) throws -> Profile {
        let data = try Data(contentsOf: profilesDirectory.appendingPathComponent(name + ".json"))
        return try ProfileDecoder(taxonomies: taxonomies, today: today).decode(data, source: name)
    }

    static func offerID(_ localID: String) -> OfferID { OfferID(source: "supportmatch", localID: localID) }
}
