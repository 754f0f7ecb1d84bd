public import SupportModel

extension OfferIndex {
    /// The ids of the best `limit` eligible offers for a request, best first: exactly the ids
    /// and order of ``recommend(_:)``'s results, without building explanations.
    ///
    /// Change detection re-matches every saved profile after each import and needs only which
    /// offers are in a profile's top list; explanations (snippets above all) are most of the
    /// cost of a recommendation, so they are skipped here.
    public func rankedOfferIDs(_ request: RecommendationRequest, limit: Int) -> [OfferID] {
        let limit = max(0, limit)
        let ranked = QueryContext.with(index: self, request: request) { context in
            context.rankedEligible(capacity: min(limit, count) + programmes.redundant)
        }
        return programmes.firstOfEach(ranked, limit: limit).map { offers.id($0.doc) }
    }
}
