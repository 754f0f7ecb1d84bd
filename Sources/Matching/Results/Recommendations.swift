public import SupportModel

/// What to recommend for: the answers, the day, and how many results.
public struct RecommendationRequest: Sendable {
    public var profile: Profile
    /// The day eligibility is decided on (deadlines). Passed in, never read from the clock here.
    public var today: Day
    /// Results returned at most; `nil` means ``RankingConfiguration/defaultLimit``.
    public var limit: Int?
    /// Keep closed offers and offers whose deadlines passed (marked `closed` in the result).
    public var includeClosed: Bool
    /// Questions the applicant chose not to answer; never proposed as the next question.
    public var declined: Set<ProfileField>
    /// Near misses returned at most; `nil` means ``RankingConfiguration/nearMissLimit``.
    /// Independent of `limit`: a short result list must not hide the near misses.
    public var nearMissLimit: Int?

    public init(profile: Profile, today: Day, limit: Int? = nil, includeClosed: Bool = false, declined: Set<ProfileField> = [],
                nearMissLimit: Int? = nil) {
        self.profile = profile
        self.today = today
        self.limit = limit
        self.includeClosed = includeClosed
        self.declined = declined
        self.nearMissLimit = nearMissLimit
    }
}

/// The answer to a recommendation request. The same JSON is printed by `recommend --json` and
/// served by the HTTP API.
public struct Recommendations: Hashable, Sendable, Codable {
    /// Eligible offers (nothing fails), best first; some may have unknown criteria.
    public var results: [RecommendedOffer]
    /// Offers that fail exactly one criterion but would otherwise be among the results.
    public var nearMisses: [RecommendedOffer]
    /// The unanswered question that would settle the most unknowns among the top candidates.
    public var nextQuestion: NextQuestion?
    public var counts: Counts
    /// The language the project description was analysed in (declared or detected).
    public var textLanguage: LanguageCode?
    public var today: Day

    public init(results: [RecommendedOffer], nearMisses: [RecommendedOffer], nextQuestion: NextQuestion?,
                counts: Counts, textLanguage: LanguageCode?, today: Day) {
        self.results = results
        self.nearMisses = nearMisses
        self.nextQuestion = nextQuestion
        self.counts = counts
        self.textLanguage = textLanguage
        self.today = today
    }

    public struct Counts: Hashable, Sendable, Codable {
        /// Offers in the index.
        public var offers: Int
        /// Offers that can be applied for today (all offers with `includeClosed`).
        public var considered: Int
        /// Programmes among the considered offers where no criterion fails (an offer that
        /// other sources also publish counts once).
        public var eligible: Int
        /// Eligible programmes with at least one unknown criterion.
        public var eligibleWithUnknowns: Int
        /// Programmes among the considered offers failing exactly one criterion.
        public var failingOneCriterion: Int

        public init(offers: Int, considered: Int, eligible: Int, eligibleWithUnknowns: Int, failingOneCriterion: Int) {
            self.offers = offers
            self.considered = considered
            self.eligible = eligible
            self.eligibleWithUnknowns = eligibleWithUnknowns
            self.failingOneCriterion = failingOneCriterion
        }
    }
}

/// One offer in a ranking, with everything needed to show and justify it.
public struct RecommendedOffer: Hashable, Sendable, Codable {
    public var id: OfferID
    public var rank: Int
    public var title: String
    public var provider: String
    public var providerLevel: ProviderLevel
    public var instruments: [Instrument]
    /// The information page, else the source page.
    public var url: String?
    public var score: Double
    /// True when the offer is closed or its deadlines passed (only with `includeClosed`).
    public var closed: Bool
    public var nextDeadline: Day?
    /// One line saying why this offer is here.
    public var reason: LocalizedText
    public var explanation: Explanation
    /// The same programme as published by other sources (same source page, or same title and
    /// provider; see `ProgrammeGroups`): shown here instead of as entries of their own, so a
    /// programme takes one place in a ranking whatever its number of sources.
    public var alsoPublishedBy: [Publication] = []
}

/// Another source's record of a programme that a ranking shows once.
public struct Publication: Hashable, Sendable, Codable {
    public var id: OfferID
    public var title: String
    public var provider: String
    /// The information page, else the source page.
    public var url: String?

    public init(_ offer: Offer) {
        id = offer.id
        title = offer.title
        provider = offer.provider.name
        url = offer.link(.information)?.url ?? offer.sourceURL
    }
}

/// Why an offer is where it is.
public struct Explanation: Hashable, Sendable, Codable {
    public var passed: [CriterionResult]
    public var unknown: [CriterionResult]
    /// Empty for results; the one failing criterion for a near miss (and the schedule for a
    /// closed offer kept with `includeClosed`).
    public var failed: [CriterionResult]
    public var matchedTopics: [MatchedTopic]
    public var matchedTerms: [MatchedTerm]
    /// A short passage of the offer with the matched words highlighted.
    public var snippet: Snippet?
    public var score: ScoreBreakdown
    /// Remarks that do not change eligibility, e.g. that the offer's conditions ask for the
    /// application before the project starts while the applicant said it has started.
    public var notes: [LocalizedText]
}

public struct MatchedTopic: Hashable, Sendable, Codable {
    public var code: TopicCode
    public var label: LocalizedText
}

/// A query word found in the offer, directly or through a synonym or compound part.
public struct MatchedTerm: Hashable, Sendable, Codable {
    /// The applicant's word(s) as typed; for a concept, the concept's id.
    public var queryWords: String
    /// The analysed term(s) found in the offer (a phrase is space-separated).
    public var matched: String
    public var via: Via

    public enum Via: String, Hashable, Sendable, Codable {
        case word, synonym, compoundPart
        /// A programme word the concept layer added for an intent of the description.
        case concept
    }
}

/// The score by component; every value is already multiplied by its weight, and they add up
/// to `total`.
public struct ScoreBreakdown: Hashable, Sendable, Codable {
    public var text: Double
    public var topics: Double
    public var instruments: Double
    public var amount: Double
    public var deadline: Double
    public var specificity: Double
    /// The derived signals of a thin record: applicant named or mentioned (+), likely not
    /// eligible (−), serves others (−), open to any topic (+), narrow call (−).
    public var derived: Double
    public var total: Double
}

/// The next most useful question.
public struct NextQuestion: Hashable, Sendable, Codable {
    public var field: ProfileField
    public var question: LocalizedText
    /// Unknown criteria among the top candidates that this answer bears on (0 when the question
    /// only sharpens the ranking).
    public var settles: Int
    /// How many top candidates were looked at.
    public var among: Int
    /// "Tell us your number of employees to settle 7 of your top 20."
    public var message: LocalizedText
}
