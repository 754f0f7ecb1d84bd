import BundledCatalog
import CatalogImport
import Foundation
@testable import Matching
import SupportModel
import Testing

/// The recommendation's shortcuts against the plain computation on a real catalogue: the
/// Förderdatenbank archive (`../shared`, 1,434 programmes with real text) with the shipped
/// resources and weights, for the ten judged consultations of its dev set and variants of them
/// without topics or without instruments (which move the cuts).
@Suite("Pruned scoring equals exhaustive scoring on the Förderdatenbank archive")
struct PrunedScoringTests {
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")
    static let archive = shared.appendingPathComponent("catalogues/foerderdatenbank-2026-03/fdb-export.zip")
    static let profileDirectory = shared.appendingPathComponent("judgments/foerderdatenbank-dev/profiles")
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: archive.path) && FileManager.default.fileExists(atPath: profileDirectory.path)
    }
    static let today = Day(iso: "2026-03-15")!

    static let index: OfferIndex = {
        var offers: [Offer] = []
        try? FoerderdatenbankReader().read(CatalogInput(url: archive), context: ReadContext(taxonomies: Catalogue.taxonomies)) { record in
            if let offer = record.offer, record.isValid { offers.append(offer) }
        }
        let resources = (try? MatchingResources.load(from: BundledCatalog.analysisDirectory)) ?? MatchingResources()
        return OfferIndex(offers: offers, taxonomies: Catalogue.taxonomies, resources: resources)
    }()

    static var profiles: [Profile] {
        let files = (try? FileManager.default.contentsOfDirectory(at: profileDirectory, includingPropertiesForKeys: nil)) ?? []
        let judged = files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }.compactMap { file in
            (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(Profile.self, from: $0) }
        }
        return judged + judged.map { profile in
            var variant = profile
            variant.topics = nil
            return variant
        } + judged.map { profile in
            var variant = profile
            variant.preferredInstruments = nil
            variant.amountNeeded = 250_000
            return variant
        }
    }

    @Test("near-miss candidates leave out only offers the pass rejects", .enabled(if: isAvailable, "needs ../shared (Förderdatenbank archive and dev profiles)"))
    func nearMissCandidates() {
        let profiles = Self.profiles
        #expect(profiles.count == 30)
        ScoringShortcuts.checkNearMissCandidates(index: Self.index, profiles: profiles, today: Self.today, samples: 12)
    }

    @Test("the bound scan keeps every offer the estimate keeps", .enabled(if: isAvailable, "needs ../shared (Förderdatenbank archive and dev profiles)"))
    func boundScan() {
        ScoringShortcuts.checkBoundScan(index: Self.index, profiles: Self.profiles, today: Self.today, samples: 12)
    }

    @Test("the postings walk equals the per-document text score", .enabled(if: isAvailable, "needs ../shared (Förderdatenbank archive and dev profiles)"))
    func postingsWalk() {
        let descriptions = Self.profiles.prefix(10).compactMap(\.projectDescription)
        ScoringShortcuts.checkTextScores(index: Self.index, descriptions: descriptions + ScoringShortcuts.walkDescriptions)
    }

    /// Results and near misses of `recommend` equal those of scoring every eligible offer and
    /// every near miss in full (the ranking and the near-miss rule written out plainly).
    @Test("results and near misses equal the exhaustive ones", .enabled(if: isAvailable, "needs ../shared (Förderdatenbank archive and dev profiles)"))
    func resultsEqualExhaustive() throws {
        let index = Self.index
        #expect(index.count == 1434)
        var nearMissesSeen = 0
        for profile in Self.profiles {
            let request = RecommendationRequest(profile: profile, today: Self.today)
            let answer = try index.recommend(request)
            let context = QueryContext(index: index, request: request)
            let scoring = context.scoring
            func ranked(_ docs: Bitset) -> [(doc: Int, score: Double)] {
                docs.members.map { ($0, scoring.breakdown($0).total) }
                    .sorted { $0.score > $1.score || ($0.score == $1.score && $0.doc < $1.doc) }
            }
            // The ranking pass on its own, at several list lengths (its bounds follow the length).
            let exhaustive = ranked(context.eligible)
            for capacity in [1, 5, 20, 60] {
                let pruned = context.rankedEligible(capacity: capacity)
                #expect(pruned.map(\.doc) == exhaustive.prefix(capacity).map(\.doc), "\(profile.id ?? "?") capacity \(capacity)")
                #expect(pruned.map(\.score) == exhaustive.prefix(capacity).map(\.score), "\(profile.id ?? "?") capacity \(capacity)")
            }
            let configuration = index.configuration
            let limit = configuration.defaultLimit
            let shown = index.programmes.firstOfEach(ranked(context.eligible), limit: limit)
            #expect(answer.results.map(\.id) == shown.map { index.offers.id($0.doc) }, "\(profile.id ?? "?")")
            #expect(answer.results.map(\.score) == shown.map(\.score), "\(profile.id ?? "?")")

            let threshold = shown.count >= limit ? (shown.last?.score ?? 0) : -Double.infinity
            let relevant = ranked(context.nearMissPool).filter { entry in
                entry.score >= threshold && (!configuration.nearMissNeedsRelevance
                    || scoring.estimate(entry.doc, reaching: -.infinity)?.isRelevant == true)
            }
            let misses = index.programmes.firstOfEach(relevant, limit: configuration.nearMissLimit, excluding: shown)
            #expect(answer.nearMisses.map(\.id) == misses.map { index.offers.id($0.doc) }, "\(profile.id ?? "?")")
            nearMissesSeen += misses.count
        }
        #expect(nearMissesSeen > 0, "some consultation has near misses")
    }
}
