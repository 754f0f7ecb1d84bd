public import Foundation
public import Matching
public import SupportModel

/// A recommendation run, in the two forms the server needs.
public struct RecommendationOutcome: Sendable {
    /// The body of `POST /v1/recommendations` and of the page's JSON download.
    public var json: Data
    /// What the advisor page shows.
    public var view: RecommendationView

    public init(json: Data, view: RecommendationView) {
        self.json = json
        self.view = view
    }
}

/// The results as the advisor page and the CSV download show them: plain strings and
/// numbers, independent of how the matcher models them internally.
public struct RecommendationView: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public var rank: Int
        public var offerID: String
        public var title: String
        public var provider: String
        public var instruments: [String]
        public var amountMin: Double?
        public var amountMax: Double?
        public var currency: String?
        public var rateMax: Double?
        public var nextDeadline: Day?
        public var status: String
        public var score: Double
        /// Criteria that passed, in words.
        public var reasons: [String]
        /// Topic codes of the profile the offer covers.
        public var matchedTopics: [String]
        /// Matched terms in context, as the matcher gives them (fragment plus highlighted ranges).
        public var snippet: Snippet?
        /// What the applicant still has to answer or clarify for this offer.
        public var unknowns: [String]
        public var url: String?
        /// Ids of the same programme in other sources (shown once, see `RecommendedOffer.alsoPublishedBy`).
        public var alsoPublishedBy: [String]

        public init(
            rank: Int, offerID: String, title: String, provider: String, instruments: [String] = [],
            amountMin: Double? = nil, amountMax: Double? = nil, currency: String? = nil, rateMax: Double? = nil,
            nextDeadline: Day? = nil, status: String, score: Double, reasons: [String] = [],
            matchedTopics: [String] = [], snippet: Snippet? = nil,
            unknowns: [String] = [], url: String? = nil, alsoPublishedBy: [String] = []
        ) {
            self.rank = rank
            self.offerID = offerID
            self.title = title
            self.provider = provider
            self.instruments = instruments
            self.amountMin = amountMin
            self.amountMax = amountMax
            self.currency = currency
            self.rateMax = rateMax
            self.nextDeadline = nextDeadline
            self.status = status
            self.score = score
            self.reasons = reasons
            self.matchedTopics = matchedTopics
            self.snippet = snippet
            self.unknowns = unknowns
            self.url = url
            self.alsoPublishedBy = alsoPublishedBy
        }
    }

    public struct NearMiss: Sendable, Equatable {
        public var offerID: String
        public var title: String
        public var provider: String
        /// The one criterion that fails, in words.
        public var failingCriterion: String
        public var url: String?

        public init(offerID: String, title: String, provider: String, failingCriterion: String, url: String? = nil) {
            self.offerID = offerID
            self.title = title
            self.provider = provider
            self.failingCriterion = failingCriterion
            self.url = url
        }
    }

    public struct NextQuestion: Sendable, Equatable {
        /// The questionnaire field to ask for (`employees`, `state`), as named in the form.
        public var field: String
        /// The question in words.
        public var text: String
        /// How many of the top candidates the answer would settle.
        public var settles: Int
        public var among: Int

        public init(field: String, text: String, settles: Int, among: Int) {
            self.field = field
            self.text = text
            self.settles = settles
            self.among = among
        }
    }

    public var results: [Result]
    public var nearMisses: [NearMiss]
    public var nextQuestion: NextQuestion?
    /// Eligible offers in total (the list may be cut by the limit).
    public var eligibleCount: Int

    public init(results: [Result], nearMisses: [NearMiss] = [], nextQuestion: NextQuestion? = nil, eligibleCount: Int? = nil) {
        self.results = results
        self.nearMisses = nearMisses
        self.nextQuestion = nextQuestion
        self.eligibleCount = eligibleCount ?? results.count
    }
}
