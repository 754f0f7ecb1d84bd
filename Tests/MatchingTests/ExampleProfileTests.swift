import Foundation
import Matching
import SupportModel
import Testing

/// The example profiles of `Catalog/profiles/` against the bundled catalogue.
@Suite struct ExampleProfiles {
    static let names = Catalogue.profileURLs().map { $0.deletingPathExtension().lastPathComponent }

    func recommend(_ name: String, limit: Int = 10, includeClosed: Bool = false) throws -> Recommendations {
        try Catalogue.index.recommend(RecommendationRequest(
            profile: try Catalogue.profile(name), today: Catalogue.today, limit: limit, includeClosed: includeClosed))
    }

    @Test func catalogueIsLoaded() {
        #expect(Catalogue.offers.count >= 80)
        #expect(Catalogue.index.count == Catalogue.offers.count)
    }

    @Test(arguments: names)
    func noIneligibleOfferIsReturnedAsEligible(name: String) throws {
        let profile = try Catalogue.profile(name)
        let answer = try recommend(name, limit: 1000)
        #expect(answer.results.count == answer.counts.eligible)
        for result in answer.results {
            let offer = try #require(try Catalogue.index.offer(result.id))
            let failures = IndependentCheck.certainFailures(offer, profile, today: Catalogue.today)
            #expect(failures.isEmpty, "\(name): \(result.id) returned as eligible but fails \(failures)")
            #expect(result.explanation.failed.isEmpty)
        }
        // And nothing eligible is missing: every offer the independent check passes is returned.
        let returned = Set(answer.results.map(\.id))
        for offer in Catalogue.offers where IndependentCheck.certainFailures(offer, profile, today: Catalogue.today).isEmpty {
            #expect(returned.contains(offer.id), "\(name): \(offer.id) is eligible but missing")
        }
    }

    /// A short result list keeps the near misses: they have their own limit, and the default
    /// list's near misses are the ones a one-result list shows.
    @Test(arguments: names)
    func nearMissesHaveTheirOwnLimit(name: String) throws {
        let profile = try Catalogue.profile(name)
        let full = try recommend(name)
        let short = try recommend(name, limit: 1)
        #expect(short.nearMisses.map(\.id) == full.nearMisses.map(\.id))
        let two = try Catalogue.index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today, limit: 1, nearMissLimit: 2))
        #expect(two.nearMisses.map(\.id) == Array(full.nearMisses.prefix(2)).map(\.id))
        let none = try Catalogue.index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today, nearMissLimit: 0))
        #expect(none.nearMisses.isEmpty)
    }

    @Test func someExampleProfileHasNearMisses() throws {
        #expect(try Self.names.contains { try !recommend($0, limit: 1).nearMisses.isEmpty })
    }

    @Test(arguments: names)
    func nearMissesFailExactlyOneNamedCriterion(name: String) throws {
        let profile = try Catalogue.profile(name)
        let answer = try recommend(name)
        for miss in answer.nearMisses {
            let offer = try #require(try Catalogue.index.offer(miss.id))
            let failures = IndependentCheck.certainFailures(offer, profile, today: Catalogue.today)
            #expect(failures.count == 1, "\(miss.id): \(failures)")
            #expect(miss.explanation.failed.map(\.criterion.rawValue) == failures)
        }
    }

    @Test(arguments: names)
    func rankingIsDeterministicAndExplained(name: String) throws {
        let first = try recommend(name)
        let second = try recommend(name)
        #expect(first == second)
        for (position, result) in first.results.enumerated() {
            #expect(result.rank == position + 1)
            let s = result.explanation.score
            #expect(abs(s.text + s.topics + s.instruments + s.amount + s.deadline + s.specificity - s.total) < 1e-9)
            #expect(abs(result.score - s.total) < 1e-12)
        }
        for (a, b) in zip(first.results, first.results.dropFirst()) {
            #expect(a.score > b.score || (a.score == b.score && a.id < b.id))
        }
    }
}

/// Offers a knowledgeable advisor would put first for each example profile (chosen from the
/// catalogue's texts and conditions, not from the ranking), and near misses whose failing
/// criterion is known.
@Suite struct ExampleProfileExpectations {
    static let expectedInTopFive: [(profile: String, offers: [String])] = [
        ("saxon-software-sme-ai", ["sab-digitalisierung-zuschuss-transformation", "kfw-erp-foerderkredit-digitalisierung", "zim-zentrales-innovationsprogramm-mittelstand"]),
        ("saxon-municipality-broadband", ["bmdv-gigabitfoerderung", "smwa-rl-dios-gigabit-kofinanzierung", "digitalagentur-sachsen-kommunalberatung"]),
        ("leipzig-founder", ["leipzig-mittelstandsfoerderung-gruendungsfoerderung", "leipzig-smile-gruendungsinitiative"]),
        ("saxon-sports-association", ["sab-sportstaettenfoerderung", "kdfs-kleinprojektefonds"]),
        ("saxon-research-group", ["smwk-eupronet-anschubfinanzierung", "exist-forschungstransfer"]),
        ("saxon-manufacturer-energy-efficiency", ["bafa-eew-querschnittstechnologien", "sab-frl-euk-2023-energie-und-klima", "bafa-energieberatung-nichtwohngebaeude"]),
        ("dresden-craft-business-loan", ["sab-sachsenkredit-universal", "kfw-erp-foerderkredit-kmu"]),
        ("saxon-exporter-trade-fairs", ["sab-messefoerderung", "gtai-aussenwirtschaftsinformationen"]),
        ("dresden-biotech-startup-english", ["tgfs-technologiegruenderfonds-sachsen-3", "htgf-high-tech-gruenderfonds"]),
    ]

    @Test(arguments: expectedInTopFive.map(\.profile))
    func rightOffersAreInTheTopFive(profile name: String) throws {
        let expected = Self.expectedInTopFive.first { $0.profile == name }!.offers
        let answer = try Catalogue.index.recommend(RecommendationRequest(profile: try Catalogue.profile(name), today: Catalogue.today, limit: 5))
        let top = answer.results.map(\.id.localID)
        for offer in expected {
            #expect(top.contains(offer), "\(name): \(offer) not in top 5 \(top)")
        }
    }

    @Test func nearMissesNameTheRightCriterion() throws {
        let cases: [(profile: String, offer: String, criterion: CriterionKind)] = [
            ("dresden-craft-business-loan", "sab-mikrodarlehen", .companyAge),
            ("saxon-software-sme-ai", "sab-digitalisierung-zuschuss-heranfuehrung", .companySize),
            ("leipzig-founder", "ihk-dresden-gruendungs-und-foerdermittelberatung", .region),
            ("saxon-municipality-broadband", "sab-digitalisierung-zuschuss-transformation", .applicantType),
        ]
        for item in cases {
            let answer = try Catalogue.index.recommend(RecommendationRequest(profile: try Catalogue.profile(item.profile), today: Catalogue.today))
            let miss = try #require(answer.nearMisses.first { $0.id.localID == item.offer }, "\(item.profile): \(item.offer) not a near miss")
            #expect(miss.explanation.failed.map(\.criterion) == [item.criterion])
        }
    }

    @Test func sparseAnswersAskWhoApplies() throws {
        let answer = try Catalogue.index.recommend(RecommendationRequest(profile: try Catalogue.profile("saxon-sparse-answers"), today: Catalogue.today))
        let question = try #require(answer.nextQuestion)
        #expect(question.field == .applicantType)
        #expect(question.settles > 10)
        #expect(answer.results.first?.id.localID == "sab-digitalisierung-zuschuss-transformation")
    }

    @Test func closedOffersAreKeptOnlyWhenAsked() throws {
        let profile = try Catalogue.profile("saxon-research-group")
        let normal = try Catalogue.index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today, limit: 100))
        #expect(!normal.results.contains { $0.id.localID == "sab-efre-validierungsfoerderung" })
        let all = try Catalogue.index.recommend(RecommendationRequest(profile: profile, today: Catalogue.today, limit: 100, includeClosed: true))
        let closed = try #require(all.results.first { $0.id.localID == "sab-efre-validierungsfoerderung" })
        #expect(closed.closed)
    }
}
