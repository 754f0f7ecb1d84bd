public import SupportModel

/// Scores of one ranking, or their mean over profiles.
public struct EvaluationScores: Hashable, Sendable, Codable {
    /// nDCG at ``EvaluationReport/k`` (linear gain).
    public var ndcg: Double
    /// Precision at ``EvaluationReport/precisionK``.
    public var precision: Double
    /// Reciprocal rank of the first relevant offer (its mean is MRR).
    public var reciprocalRank: Double
    /// Share of the offers judged relevant (and so eligible) that the mode returns at all.
    public var eligibleReturned: Double

    public init(ndcg: Double, precision: Double, reciprocalRank: Double, eligibleReturned: Double) {
        self.ndcg = ndcg
        self.precision = precision
        self.reciprocalRank = reciprocalRank
        self.eligibleReturned = eligibleReturned
    }

    /// The arithmetic mean of each measure (0s when `scores` is empty).
    public static func mean(_ scores: [EvaluationScores]) -> EvaluationScores {
        guard !scores.isEmpty else { return EvaluationScores(ndcg: 0, precision: 0, reciprocalRank: 0, eligibleReturned: 0) }
        let n = Double(scores.count)
        return EvaluationScores(
            ndcg: scores.map(\.ndcg).reduce(0, +) / n,
            precision: scores.map(\.precision).reduce(0, +) / n,
            reciprocalRank: scores.map(\.reciprocalRank).reduce(0, +) / n,
            eligibleReturned: scores.map(\.eligibleReturned).reduce(0, +) / n)
    }
}

/// The result of evaluating one mode's rankings against judgments: per profile and the mean.
public struct EvaluationReport: Hashable, Sendable, Codable {
    public struct ProfileScores: Hashable, Sendable, Codable {
        public var profile: String
        /// Offers judged for this profile, and how many of them with grade ≥ 1.
        public var judged: Int
        public var relevant: Int
        /// Offers the mode returned (the whole ranking).
        public var returned: Int
        public var scores: EvaluationScores
        /// The first offers of the ranking (up to `k`), for reading the report.
        public var top: [String]
    }

    public var mode: EvaluationMode
    /// Cut-off of nDCG.
    public var k: Int
    /// Cut-off of precision.
    public var precisionK: Int
    public var today: Day
    public var profiles: [ProfileScores]
    /// Mean over ``profiles`` (every profile counts once).
    public var mean: EvaluationScores

    /// Scores `run` against `judgments` for `queries` (a query missing from the run is scored as
    /// an empty ranking).
    public init(mode: EvaluationMode, run: Run, judgments: Judgments, queries: [String], k: Int, precisionK: Int, today: Day) {
        self.mode = mode
        self.k = k
        self.precisionK = precisionK
        self.today = today
        profiles = queries.map { query in
            let ranking = run.rankings[query] ?? []
            let grades = judgments.grades[query] ?? [:]
            return ProfileScores(
                profile: query, judged: grades.count, relevant: judgments.relevant(for: query).count, returned: ranking.count,
                scores: EvaluationScores(
                    ndcg: RankingMetrics.ndcg(ranking, grades: grades, k: k),
                    precision: RankingMetrics.precision(ranking, grades: grades, k: precisionK),
                    reciprocalRank: RankingMetrics.reciprocalRank(ranking, grades: grades),
                    eligibleReturned: RankingMetrics.recall(ranking, grades: grades)),
                top: Array(ranking.prefix(k)))
        }
        mean = EvaluationScores.mean(profiles.map(\.scores))
    }
}
