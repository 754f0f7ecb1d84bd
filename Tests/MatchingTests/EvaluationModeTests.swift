import Foundation
import Matching
import SupportModel
import Testing

/// The three evaluation modes on the bundled catalogue and example profiles.
@Suite("Evaluation modes")
struct EvaluationModeTests {
    static let full = try! RankingEvaluator(index: Catalogue.index, mode: .full)
    static let eligibilityOnly = try! RankingEvaluator(index: Catalogue.index, mode: .eligibilityOnly)
    static let textOnly = try! RankingEvaluator(index: Catalogue.index, mode: .textOnly)

    @Test("full returns the whole eligible list in the recommender's order",
          arguments: ["saxon-software-sme-ai", "leipzig-founder", "saxon-municipality-broadband"])
    func fullIsTheRecommender(_ name: String) throws {
        let profile = try Catalogue.profile(name)
        let ranking = try Self.full.ranking(for: profile, today: Catalogue.today)
        let answer = try Catalogue.index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today))
        #expect(ranking.count == answer.counts.eligible)
        #expect(ranking.prefix(answer.results.count).map(\.id) == answer.results.map(\.id))
        #expect(ranking.allSatisfy { $0.explanation.failed.isEmpty })
    }

    @Test("eligibility-only returns the same offers as full, in id order",
          arguments: ["saxon-software-sme-ai", "saxon-sports-association", "saxon-sparse-answers"])
    func eligibilityOnlyIsCatalogueOrder(_ name: String) throws {
        let profile = try Catalogue.profile(name)
        let ids = try Self.eligibilityOnly.ranking(for: profile, today: Catalogue.today).map(\.id)
        #expect(ids == ids.sorted())
        #expect(try Set(ids) == Set(Self.full.ranking(for: profile, today: Catalogue.today).map(\.id)))
    }

    @Test("text-only ranks by text alone and ignores eligibility and schedules")
    func textOnlyIgnoresEligibility() throws {
        // A university research group: offers for companies only, and closed calls, are not
        // eligible, but the text baseline still returns the ones its words match.
        let profile = try Catalogue.profile("saxon-research-group")
        let ranking = try Self.textOnly.ranking(for: profile, today: Catalogue.today)
        #expect(!ranking.isEmpty)
        #expect(ranking.allSatisfy { $0.explanation.score.text > 0 })
        #expect(ranking.allSatisfy { $0.score == $0.explanation.score.text }, "no component but text counts")
        let scores = ranking.map(\.score)
        #expect(scores == scores.sorted(by: >))
        let eligible = Set(try Self.full.ranking(for: profile, today: Catalogue.today).map(\.id))
        #expect(ranking.contains { !eligible.contains($0.id) }, "some text matches are not eligible")
        #expect(ranking.contains { $0.closed }, "closed offers are kept")
    }

    @Test("text-only returns nothing for a profile without a description")
    func textOnlyNeedsText() throws {
        let profile = Profile(id: "no-text", applicantType: ApplicantType("company"), topics: [TopicCode("digitalisierung")])
        #expect(try Self.textOnly.ranking(for: profile, today: Catalogue.today).isEmpty)
    }
}
