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
    /// The near-miss pool's offers with one of the profile's topics (see ``nearMissCandidates(reaching:)``).
    let nearMissByTopic: Bitset
    let unknownAny: Bitset
    let hasText: Bool
    let scoring: Scoring
    /// The scoring's bound for sixty-four candidates at a time, for both ranking passes.
    let bounds: BoundScan
    let explainer: Explainer

    /// `index` is borrowed (an initializer's arguments are owned by default, which made every
    /// caller copy the index); the request's scoring keeps the one copy.
    init(index: borrowing OfferIndex, request: RecommendationRequest) {
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
        let description = profile.projectDescription.map(AnswerParser.trimmed) ?? ""
        hasText = !description.isEmpty
        let query = description.isEmpty ? TextQuery() : TextQuery(text: description, languages: index.languageSet, index: index)
        let rawText = query.score(index)
        // Sorted, not a Set's order: the weights are added as `Float`, and a hashing order that
        // changes between processes would change the sum's last digits and with them a score.
        let topics = Set(profile.topics ?? []).sorted()
        var topicHits = topics.isEmpty ? [] : index.scratch.take(count: count)
        topicHits.withUnsafeMutableBufferPointer { hits in
            for topic in topics {
                let offers = index.byTopic[topic] ?? []
                let weight = Float(index.configuration.topicInformativeness(offersWithTopic: offers.count, catalogue: count))
                for doc in offers { hits[Int(doc)] += weight }
            }
        }
        var preferred = Bitset(count: count)
        var preferredFinancing: Bitset?
        for instrument in Set(profile.preferredInstruments ?? []) {
            guard let offers = index.byInstrument[instrument] else { continue }
            preferred.formUnion(offers)
            if index.derivation.financingInstruments.contains(instrument) {
                preferredFinancing = preferredFinancing.map { $0.union(offers) } ?? offers
            }
        }
        var byTopic = Bitset(count: count)
        for topic in topics { byTopic.formUnion(members: index.byTopic[topic] ?? []) }
        nearMissByTopic = nearMissPool.intersection(byTopic)
        let bestText = query.isEmpty ? 0 : eligible.union(nearMissPool).maximum(of: rawText)
        scoring = Scoring(
            index: copy index, request: request, rawText: rawText, bestText: bestText, query: query,
            topicHits: topicHits, topicCount: topics.count, preferred: preferred,
            hasPreferred: !(profile.preferredInstruments ?? []).isEmpty,
            derived: index.derivedSignals.query(facts, rules: index.derivation,
                                                stated: profile.applicantType.flatMap { index.eligibility.byApplicantType[$0] },
                                                preferredFinancing: preferredFinancing, concepts: query.concepts))
        bounds = BoundScan(scoring)
        explainer = Explainer(facts: facts, scoring: scoring, notOpen: notOpen)
    }
}

extension QueryContext {
    /// The context of `request`, given to `body`; its per-document arrays go back to the
    /// index's ``ScratchArrays`` afterwards. They are given back after the context and every
    /// copy `body` could have kept of it are gone, so the next query writes them in place.
    static func with<Result, Failure: Error>(index: OfferIndex, request: RecommendationRequest,
                                             _ body: (QueryContext) throws(Failure) -> Result) throws(Failure) -> Result {
        var arrays: [[Float]] = []
        defer { for array in arrays { index.scratch.give(array) } }
        func run() throws(Failure) -> Result {
            let context = QueryContext(index: index, request: request)
            arrays = [context.scoring.rawText, context.scoring.topicHits]
            return try body(context)
        }
        return try run()
    }

    /// The near misses the near-miss pass must visit to find every one that scores at least
    /// `threshold`: the pool's offers with a raw text score above ``Scoring/rawTextCut(reaching:topicHit:)``
    /// (a higher cut for those without one of the profile's topics), and, where that cut is 0
    /// and a near miss must be relevant (``RankingConfiguration/nearMissNeedsRelevance``), those
    /// with a text or topic hit.
    ///
    /// An offer outside is rejected by the pass anyway: at or below its cut its score bound
    /// misses `threshold` whatever its other components; with a cut of 0 and no text or topic
    /// hit it is not relevant. At 100,000 offers the pass visited about half the pool (the
    /// concept words give most offers some text score) and was a sixth of a query; an offer
    /// without a topic hit lacks the topic weight, so it needs a strong text match to reach the
    /// list, and few remain.
    func nearMissCandidates(reaching threshold: Double) -> Bitset {
        let needsRelevance = scoring.configuration.nearMissNeedsRelevance
        let withoutTopic = nearMissPool.subtracting(nearMissByTopic)
        var candidates: Bitset
        let cutWithout = hasText ? scoring.rawTextCut(reaching: threshold, topicHit: false) : 0
        if cutWithout > 0 || (hasText && needsRelevance) {
            candidates = Bitset(scoring.rawText, above: cutWithout, within: withoutTopic)
        } else {
            candidates = needsRelevance ? Bitset(count: nearMissPool.count) : withoutTopic
        }
        let cutWith = hasText ? scoring.rawTextCut(reaching: threshold, topicHit: true) : 0
        candidates.formUnion(cutWith > 0 ? Bitset(scoring.rawText, above: cutWith, within: nearMissByTopic) : nearMissByTopic)
        return candidates
    }

    /// The best `capacity` eligible offers, best first, ties to the lower document number.
    /// Candidates whose score bound cannot enter the list are never fully scored. Both the
    /// recommendation and change detection rank through here, so their orders agree.
    ///
    /// (Ranking the offers with the strongest text first, to learn a score the list reaches and
    /// then visit only the offers above the raw text cut for it, as the near-miss pass does, was
    /// measured slower at 100,000 offers: most eligible offers share a topic with the profile,
    /// and for them the cut is low, so the second pass visited nearly as many.)
    ///
    /// `scan` false: every eligible offer gets the scalar estimate (for tests comparing the two).
    func rankedEligible(capacity: Int, scan: Bool = true) -> [(doc: Int, score: Double)] {
        var top = TopK(capacity: capacity)
        // Read through `self` in the closure, the scoring (then a struct of about 4 KB with the
        // index it holds) was copied for every eligible offer: a sixth of a query at 100,000
        // offers. A class now; the local keeps the closure from reading it through `self`.
        let scoring = scoring
        Self.forEachCandidate(in: eligible, scan ? bounds : nil, from: top.threshold) { doc in
            if let estimate = scoring.estimate(doc, reaching: top.threshold), top.admits(estimate.bound) {
                top.insert(doc, scoring.breakdown(doc).total)
            }
            return top.threshold
        }
        return top.sorted
    }

    /// Calls `body` with the members of `set` in increasing order, except those that
    /// `bounds` shows, sixty-four at a time, cannot reach the threshold. `body` returns the
    /// threshold after its document (a list's threshold only rises), which the next word's
    /// scan uses; `threshold` is the first. The scan keeps a superset of the documents whose
    /// estimate reaches that threshold, so `body` still decides on every document that can
    /// enter: the passes' results are those of visiting every member.
    @inline(__always)
    static func forEachCandidate(in set: Bitset, _ bounds: BoundScan?, from threshold: Double, _ body: (Int) -> Double) {
        var threshold = threshold
        set.words.withUnsafeBufferPointer { words in
            for (wordIndex, word) in words.enumerated() where word != 0 {
                var remaining = word
                if let bounds { remaining = bounds.mayReach(word, at: wordIndex, threshold: threshold) }
                while remaining != 0 {
                    threshold = body(wordIndex << 6 | remaining.trailingZeroBitCount)
                    remaining &= remaining - 1
                }
            }
        }
    }
}
