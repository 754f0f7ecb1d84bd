import Foundation
public import SupportModel
import TextAnalysis

extension OfferIndex {
    /// Ranks the catalogue for a profile: eligible offers best first, near misses, the next
    /// question, with an explanation for every offer returned.
    ///
    /// Cost: a few set operations over the catalogue for eligibility, the postings of the
    /// query's terms for text relevance, and one pass over the eligible offers' precomputed
    /// facts; explanations are built only for the offers returned.
    ///
    /// Throws when the record of an offer to show cannot be read (an index opened from its
    /// file reads them from the store, ``OfferRecords``).
    public func recommend(_ request: RecommendationRequest) throws(RecordUnavailable) -> Recommendations {
        try QueryContext.with(index: self, request: request) { context throws(RecordUnavailable) in
            try recommend(request, in: context)
        }
    }

    private func recommend(_ request: RecommendationRequest, in context: QueryContext) throws(RecordUnavailable) -> Recommendations {
        let limit = max(0, request.limit ?? configuration.defaultLimit)
        let scoring = context.scoring

        // The eligible offers first, then the near misses, which must score at least as well as
        // the last result shown. Most candidates cannot reach either list: the components read
        // from flat arrays bound the score from above, and only candidates whose bound reaches
        // a list's current threshold get the full breakdown.
        // A programme that several sources publish takes one place (``ProgrammeGroups``): the
        // lists ask for as many more candidates as there are such duplicates.
        // (`min` first: a limit near Int.max must not overflow.)
        // Near misses are held to the top `max(limit, defaultLimit)` results, so that a short
        // `limit` shortens the list without hiding them (they have their own limit).
        let missDepth = max(limit, configuration.defaultLimit)
        let missLimit = max(0, request.nearMissLimit ?? configuration.nearMissLimit)
        let ranked = context.rankedEligible(capacity: max(min(missDepth, count) + programmes.redundant, configuration.nextQuestionCandidates))
        let shown = programmes.firstOfEach(ranked, limit: limit)
        let reference = missDepth == limit ? shown : programmes.firstOfEach(ranked, limit: missDepth)
        let threshold = reference.count >= missDepth ? (reference.last?.score ?? 0) : -Double.infinity
        var misses = TopK(capacity: missLimit + programmes.redundant)
        QueryContext.forEachCandidate(in: context.nearMissCandidates(reaching: threshold), context.bounds,
                                      from: max(threshold, misses.threshold)) { doc in
            if let estimate = scoring.estimate(doc, reaching: max(threshold, misses.threshold)),
               estimate.bound >= threshold, misses.admits(estimate.bound),
               !configuration.nearMissNeedsRelevance || estimate.isRelevant {
                misses.insert(doc, scoring.breakdown(doc).total)
            }
            return max(threshold, misses.threshold)
        }
        // Keeping the best five and then those above the threshold is the same as the reverse.
        let nearMisses = programmes.firstOfEach(misses.sorted.filter { $0.score >= threshold },
                                                limit: missLimit, excluding: shown)

        let explainer = context.explainer
        // Every record the explanations read (the shown offers and the other sources of their
        // programmes), in one batch: one store query on a lazy index instead of one per offer.
        let others = (shown + nearMisses).map { programmes.others(of: $0.doc) }
        let wanted = (shown + nearMisses).map(\.doc) + others.joined()
        // The records stay in the array they were read into and are lent to the explainer by
        // position: a dictionary of them copied every record twice more (each copy retains
        // the record's strings and arrays, shared with every other request).
        let records = try offers.records(wanted)
        var position: [Int: Int] = [:]
        for (at, doc) in wanted.enumerated() where position[doc] == nil { position[doc] = at }
        let (results, missResults) = records.withUnsafeBufferPointer { records in
            // Through the buffer: the array's subscript copied the record for the call.
            func explained(_ entry: (doc: Int, score: Double), rank: Int, others: [Int]) -> RecommendedOffer {
                explainer.recommended(entry.doc, offer: records[position[entry.doc]!], rank: rank,
                                      others: others.map { records[position[$0]!] })
            }
            return (shown.enumerated().map { explained($1, rank: $0 + 1, others: others[$0]) },
                    nearMisses.enumerated().map { explained($1, rank: $0 + 1, others: others[shown.count + $0]) })
        }
        let candidatesForQuestion = ranked.prefix(configuration.nextQuestionCandidates).map(\.doc)
        // The shown results' explanations list their unknown criteria (the evaluator's, in order).
        var unknownCriteria: [Int: [CriterionResult]] = [:]
        for (entry, result) in zip(shown, results) { unknownCriteria[entry.doc] = result.explanation.unknown }

        return Recommendations(
            results: results,
            nearMisses: missResults,
            nextQuestion: try nextQuestion(among: candidatesForQuestion, withUnknowns: context.unknownAny,
                                       facts: context.facts, declined: request.declined, unknownCriteria: unknownCriteria),
            counts: Recommendations.Counts(
                offers: count, considered: context.considered.cardinality, eligible: programmes.programmeCount(in: context.eligible),
                eligibleWithUnknowns: programmes.programmeCount(in: context.eligible.intersection(context.unknownAny)),
                failingOneCriterion: programmes.programmeCount(in: context.nearMissPool)),
            textLanguage: context.hasText ? Self.textLanguage(of: request.profile) : nil,
            today: request.today)
    }

    /// The explanation of any one offer for a request, eligible or not (for `--explain`).
    /// `rank` is the offer's position among the eligible results, 0 when it is not eligible.
    public func explain(_ id: OfferID, _ request: RecommendationRequest) throws(RecordUnavailable) -> RecommendedOffer? {
        guard let doc = positions[id] else { return nil }
        return try QueryContext.with(index: self, request: request) { context throws(RecordUnavailable) in
            try explain(doc, request, in: context)
        }
    }

    private func explain(_ doc: Int, _ request: RecommendationRequest, in context: QueryContext) throws(RecordUnavailable) -> RecommendedOffer {
        var rank = 0
        if context.eligible.contains(doc) {
            let score = context.scoring.breakdown(doc).total
            var better = 0
            context.eligible.forEach { other in
                let otherScore = context.scoring.breakdown(other).total
                if otherScore > score || (otherScore == score && other < doc) { better += 1 }
            }
            rank = better + 1
        }
        let others = programmes.others(of: doc)
        let records = try offers.records([doc] + others)
        return context.explainer.recommended(doc, offer: records[0], rank: rank, others: Array(records.dropFirst()))
    }

    /// The declared language of the description, else the detected one, else German.
    static func textLanguage(of profile: Profile) -> LanguageCode {
        if let declared = profile.language { return declared }
        if let text = profile.projectDescription, let detected = LanguageDetector.detect(text) {
            return LanguageCode(detected.rawValue)
        }
        return .german
    }
}
