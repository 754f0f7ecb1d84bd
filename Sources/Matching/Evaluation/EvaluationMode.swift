public import SupportModel

/// What produces the ranking that is evaluated: the recommender, or one of the two baselines it
/// is compared against.
public enum EvaluationMode: String, CaseIterable, Hashable, Sendable, Codable {
    /// The recommender as `recommend` runs it: eligible offers only, best first by the full
    /// score (text, topics, instruments, amount, deadline, specificity).
    case full
    /// Text relevance alone: the BM25F component over the project description (same analysis,
    /// synonyms, query-term saturation and field weights as `full`), no eligibility filter, closed offers included,
    /// every other score component weighted 0. Only offers the text matches are returned.
    case textOnly = "text-only"
    /// Eligibility alone: every eligible offer, in catalogue order (offer id order, the order
    /// of the index), no relevance at all.
    case eligibilityOnly = "eligibility-only"
}

/// Rankings of one evaluation mode over one index.
///
/// Built on the public recommender API only: `full` and `eligibilityOnly` read the complete
/// eligible list of ``OfferIndex/recommend(_:)`` (limit = catalogue size); `textOnly` asks a
/// second index over the same offers, whose ``RankingConfiguration`` zeroes every component but
/// text, for a profile reduced to its description (so no criterion can fail), with closed
/// offers kept.
public struct RankingEvaluator: Sendable {
    public let mode: EvaluationMode
    let index: OfferIndex

    public init(index: OfferIndex, mode: EvaluationMode) throws(RecordUnavailable) {
        self.mode = mode
        switch mode {
        case .full, .eligibilityOnly:
            self.index = index
        case .textOnly:
            self.index = OfferIndex(offers: try index.offers.all(), taxonomies: index.taxonomies, synonyms: index.synonyms,
                                    configuration: Self.textOnly(index.configuration))
        }
    }

    /// `configuration` with every score component but text weighted 0. BM25F field weights and
    /// the text weight are kept, so the text order is the one `full` uses.
    static func textOnly(_ configuration: RankingConfiguration) -> RankingConfiguration {
        var result = configuration
        result.topicWeight = 0
        result.instrumentWeight = 0
        result.amountWeight = 0
        result.deadlineWeight = 0
        result.specificityWeight = 0
        return result
    }

    /// The ranking of the mode for `profile`, best first: the whole list, not cut at any k.
    public func ranking(for profile: Profile, today: Day) throws(RecordUnavailable) -> [RecommendedOffer] {
        switch mode {
        case .full:
            return try index.recommend(RecommendationRequest(profile: profile, today: today, limit: index.count)).results
        case .eligibilityOnly:
            return try index.recommend(RecommendationRequest(profile: profile, today: today, limit: index.count)).results
                .sorted { $0.id < $1.id }
        case .textOnly:
            let textProfile = Profile(id: profile.id, projectDescription: profile.projectDescription, language: profile.language)
            let request = RecommendationRequest(profile: textProfile, today: today, limit: index.count, includeClosed: true)
            return try index.recommend(request).results.filter { $0.explanation.score.text > 0 }
        }
    }
}
