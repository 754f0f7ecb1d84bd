import BundledCatalog
import Foundation
@testable import Matching
import SupportModel
import Testing

/// The shortcuts the recommendation takes for speed give what the plain computation gives.
@Suite struct ScoringShortcuts {
    /// The bundled catalogue with the shipped resources (derivation rules, concepts, fitted
    /// weights), so the derived signals and the concept layer take part in the bounds.
    static let index: OfferIndex = {
        let resources = (try? MatchingResources.load(from: BundledCatalog.analysisDirectory)) ?? MatchingResources()
        return OfferIndex(offers: Catalogue.offers, taxonomies: Catalogue.taxonomies, resources: resources)
    }()

    /// The evaluator-agreement variants and every example profile with a project text that
    /// reaches many offers: the profiles both shortcut checks run over.
    static var profiles: [Profile] {
        IndexAgreesWithEvaluator.variants + ExampleProfiles.names.compactMap { name -> Profile? in
            guard var profile = try? Catalogue.profile(name) else { return nil }
            profile.projectDescription = "Wir wollen ein neues Produkt entwickeln und Fachkräfte einstellen."
            return profile
        }
    }

    /// The top 10 of the pruned ranking (score bounds skip most candidates) are the first 10
    /// of all eligible offers ranked by their full score (``OfferIndex/explain(_:_:)`` compares
    /// every eligible offer's full score).
    @Test func prunedRankingEqualsFullRanking() {
        let index = Self.index
        #expect(index.configuration.conceptWeight > 0, "the shipped weights use the concept layer")
        let profiles = Self.profiles
        for profile in profiles {
            let request = RecommendationRequest(profile: profile, today: Catalogue.today, limit: 10)
            let answer = index.recommend(request)
            var ranks: [Int: OfferID] = [:]
            for offer in index.offers {
                if let rank = index.explain(offer.id, request)?.rank, rank > 0 { ranks[rank] = offer.id }
            }
            let full = (1...10).compactMap { ranks[$0] }
            #expect(answer.results.map(\.id) == full, "\(profile.id ?? "variant")")
        }
    }

    /// The near-miss pass visits only the pool's offers that can pass it: every pool offer it
    /// skips for a threshold is one the pass would reject, as scoring below the threshold or,
    /// with the cut at 0, as not relevant; so the near misses are those of a pass over the
    /// whole pool. Thresholds from none to above every score, the pool offers' own bounds among
    /// them (the cut's edge).
    @Test func nearMissPassSkipsOnlyOffersItRejects() {
        Self.checkNearMissCandidates(index: Self.index, profiles: Self.profiles, today: Catalogue.today)
    }

    static func checkNearMissCandidates(index: OfferIndex, profiles: [Profile], today: Day, samples: Int = 40) {
        #expect(index.configuration.nearMissNeedsRelevance)
        var skipped = 0, visited = 0, skippedWithText = 0
        for profile in profiles {
            let context = QueryContext(index: index, request: RecommendationRequest(profile: profile, today: today))
            // One copy of the scoring (about 4 KB), not one per call in a debug build.
            let scoring = context.scoring
            var bounds: [Double] = []
            context.nearMissPool.forEach { doc in
                if let bound = scoring.estimate(doc, reaching: -.infinity)?.bound { bounds.append(bound) }
            }
            bounds.sort()
            let sampled = stride(from: 0, to: bounds.count, by: max(1, bounds.count / samples)).map { bounds[$0] }
            let thresholds = [-Double.infinity, 0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6] + sampled + sampled.map { $0.nextUp }
            for threshold in thresholds {
                let candidates = context.nearMissCandidates(reaching: threshold)
                #expect(candidates.subtracting(context.nearMissPool).isEmpty)
                context.nearMissPool.forEach { doc in
                    if candidates.contains(doc) {
                        visited += 1
                        return
                    }
                    skipped += 1
                    if scoring.rawText[doc] > 0 { skippedWithText += 1 }
                    if let estimate = scoring.estimate(doc, reaching: threshold), estimate.bound >= threshold {
                        #expect(!estimate.isRelevant, "\(profile.id ?? "variant") doc \(doc) threshold \(threshold)")
                    }
                }
            }
        }
        #expect(skipped > 0 && visited > 0 && skippedWithText > 0, "the cut skipped offers with a text score")
    }

    /// The sentence the snippet reads from its recorded span is the one splitting the text
    /// gives, bounds included, for every sentence of every offer of the bundled catalogue.
    @Test func recordedSentencesEqualSplitSentences() {
        let index = Self.index
        var sentences = 0
        for (doc, offer) in index.offers.enumerated() {
            var count = 0
            SnippetSentences.forEach(in: offer) { number, _, sentence in
                let recorded = SnippetSentences.sentence(number, of: offer, doc: doc, spans: index.text.sentences)
                #expect(recorded == sentence && recorded?.startIndex == sentence.startIndex
                        && recorded?.endIndex == sentence.endIndex, "\(offer.id) sentence \(number)")
                count += 1
                return true
            }
            #expect(SnippetSentences.sentence(count, of: offer, doc: doc, spans: index.text.sentences) == nil)
            sentences += count
        }
        #expect(sentences > 500)
    }

    /// The snippet's repeated words found by comparing bytes are those found by comparing
    /// characters, for every sentence of the bundled catalogue and each of its words.
    @Test func byteSearchForRepetitionsEqualsCharacterSearch() {
        var sentences = 0
        for offer in Catalogue.offers {
            SnippetSentences.forEach(in: offer) { _, _, sentence in
                let sentence = String(sentence)
                let words = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                guard let fast = Explainer.singleScalarRepetitions(of: words, in: sentence) else { return true }
                sentences += 1
                let slow = Explainer.characterRepetitions(of: words, in: sentence)
                func offsets(_ found: [Substring]) -> [Int] {
                    found.map { sentence.utf8.distance(from: sentence.startIndex, to: $0.startIndex) * 1000 + $0.utf8.count }.sorted()
                }
                #expect(offsets(fast) == offsets(slow), "\(sentence)")
                return true
            }
        }
        #expect(sentences > 100)
        // Outside the byte search's range it declines, and the character search answers.
        #expect(Explainer.singleScalarRepetitions(of: ["Cafe"], in: "Cafe\u{301} und Cafe") == nil)
        #expect(Explainer.repetitions(of: ["Cafe"], in: "Cafe\u{301} und Cafe").count == 1)
    }
}
