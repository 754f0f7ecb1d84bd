import Foundation
import SupportModel
import TextAnalysis

/// Eligibility sets and relevance accumulators of one request.
struct QueryContext {
    let facts: ProfileFacts
    let notOpen: Bitset
    let considered: Bitset
    let eligible: Bitset
    let nearMissPool: Bitset
    /// The near misses the near-miss pass visits: the whole pool, or, when a near miss must be
    /// relevant (``RankingConfiguration/nearMissNeedsRelevance``), only those with a text or
    /// topic hit. A pool offer outside it has a text and topic component of 0, so the pass would
    /// reject it anyway and never insert it; skipping it changes no list, and at 100,000 offers
    /// the pass was a quarter of a query (most of the pool has neither).
    let nearMissCandidates: Bitset
    let unknownAny: Bitset
    let hasText: Bool
    let scoring: Scoring
    let explainer: Explainer

    init(index: OfferIndex, request: RecommendationRequest) {
        let profile = request.profile
        let count = index.count
        facts = ProfileFacts(profile: profile, taxonomies: index.taxonomies, today: request.today)

        // Eligibility for the whole catalogue.
        notOpen = index.eligibility.notOpen(on: request.today)
        considered = request.includeClosed ? Bitset.all(count) : Bitset.all(count).subtracting(notOpen)
        var failures = FailureCounter(count: count)
        var unknownAny = Bitset(count: count)
        for criterion in CriterionKind.profileCriteria {
            let outcome = index.eligibility.outcome(criterion, facts, taxonomies: index.taxonomies)
            failures.add(outcome.fail)
            unknownAny.formUnion(outcome.unknown)
        }
        self.unknownAny = unknownAny
        eligible = considered.subtracting(failures.atLeastOne)
        nearMissPool = considered.intersection(failures.exactlyOne)

        // Relevance.
        let description = profile.projectDescription?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        hasText = !description.isEmpty
        let query = description.isEmpty ? TextQuery() : TextQuery(text: description, languages: index.languageSet, index: index)
        let rawText = query.score(index)
        let topics = Set(profile.topics ?? [])
        var topicHits = [Float](repeating: 0, count: topics.isEmpty ? 0 : count)
        topicHits.withUnsafeMutableBufferPointer { hits in
            for topic in topics {
                let offers = index.byTopic[topic] ?? []
                let weight = Float(index.configuration.topicInformativeness(offersWithTopic: offers.count, catalogue: count))
                for doc in offers { hits[Int(doc)] += weight }
            }
        }
        var preferred = Bitset(count: count)
        for instrument in Set(profile.preferredInstruments ?? []) {
            if let offers = index.byInstrument[instrument] { preferred.formUnion(offers) }
        }
        if index.configuration.nearMissNeedsRelevance {
            var relevant = query.isEmpty ? Bitset(count: count) : Bitset(positiveIn: rawText)
            for topic in topics { relevant.formUnion(members: index.byTopic[topic] ?? []) }
            nearMissCandidates = nearMissPool.intersection(relevant)
        } else {
            nearMissCandidates = nearMissPool
        }
        var bestText: Float = 0
        if !query.isEmpty { eligible.union(nearMissPool).forEach { bestText = max(bestText, rawText[$0]) } }
        scoring = Scoring(
            index: index, request: request, rawText: rawText, bestText: bestText, query: query,
            topicHits: topicHits, topicCount: topics.count, preferred: preferred,
            hasPreferred: !(profile.preferredInstruments ?? []).isEmpty,
            derived: index.derivedSignals.query(facts, rules: index.derivation,
                                                stated: profile.applicantType.flatMap { index.eligibility.byApplicantType[$0] }))
        explainer = Explainer(index: index, facts: facts, query: query, scoring: scoring, notOpen: notOpen)
    }
}

extension QueryContext {
    /// The best `capacity` eligible offers, best first, ties to the lower document number.
    /// Candidates whose score bound cannot enter the list are never fully scored. Both the
    /// recommendation and change detection rank through here, so their orders agree.
    func rankedEligible(capacity: Int) -> [(doc: Int, score: Double)] {
        var top = TopK(capacity: capacity)
        // Read through `self` in the closure, the scoring (about 4 KB with the index it holds)
        // was copied for every eligible offer: a sixth of a query at 100,000 offers.
        let scoring = scoring
        eligible.forEach { doc in
            if let estimate = scoring.estimate(doc, reaching: top.threshold), top.admits(estimate.bound) {
                top.insert(doc, scoring.breakdown(doc).total)
            }
        }
        return top.sorted
    }
}
