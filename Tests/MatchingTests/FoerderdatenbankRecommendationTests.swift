import BundledCatalog
import CatalogImport
import Foundation
import Matching
import SupportModel
import Testing

/// Recommendations over the real 1,434-programme Förderdatenbank archive (`../shared`): the
/// region rule must hold on a catalogue where most programmes belong to one Land.
@Suite("Recommendations over the Förderdatenbank archive")
struct FoerderdatenbankRecommendationTests {
    static let archive = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip")
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: archive.path) }

    @Test("a Saxon SME gets Saxon and federal programmes and none restricted to another Land",
          .enabled(if: isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func saxonSME() throws {
        let taxonomies = Catalogue.taxonomies
        var offers: [Offer] = []
        try FoerderdatenbankReader().read(CatalogInput(url: Self.archive), context: ReadContext(taxonomies: taxonomies)) { record in
            if let offer = record.offer, record.isValid { offers.append(offer) }
        }
        #expect(offers.count == 1434)
        let byID = Dictionary(uniqueKeysWithValues: offers.map { ($0.id, $0) })
        #expect(offers.contains { $0.eligibility.regions == ["DE-BY"] }, "the catalogue has programmes of other Länder to exclude")

        let profile = Profile(
            applicantType: .company, location: Profile.Location(country: "DE", state: "DE-SN"), employees: 20,
            projectDescription: "Wir wollen unsere Produktion digitalisieren und neue Mitarbeiter für die Entwicklung einstellen.",
            language: .german)
        let answer = try index(offers).recommend(RecommendationRequest(profile: profile, today: Day(iso: "2026-03-15")!, limit: offers.count))
        #expect(answer.counts.eligible > 0)
        let returned = answer.results.map { byID[$0.id] }
        #expect(!returned.contains { $0 == nil }, "every result is an offer of the archive")

        let saxony: RegionCode = "DE-SN"
        var regionsSeen: Set<RegionCode> = []
        for case let offer? in returned {
            guard let regions = offer.eligibility.regions else { continue }
            regionsSeen.formUnion(regions)
            let usable = regions.contains { taxonomies.region(saxony, isWithin: $0) || taxonomies.region($0, isWithin: saxony) }
            #expect(usable, "\(offer.id) is restricted to \(regions.map(\.rawValue)), not usable in Saxony")
        }
        #expect(regionsSeen.contains("DE-SN"), "Saxon programmes are recommended")
        #expect(regionsSeen.contains("DE"), "federal programmes are recommended")
        // The default page of results, as the CLI shows it, already mixes both levels.
        let firstPage = try index(offers).recommend(RecommendationRequest(profile: profile, today: Day(iso: "2026-03-15")!))
        let firstRegions = Set(firstPage.results.compactMap { byID[$0.id]?.eligibility.regions }.joined())
        #expect(firstRegions.isSubset(of: Set<RegionCode>(["DE", "DE-SN"])) && !firstRegions.isEmpty, "\(firstRegions)")
    }
}
