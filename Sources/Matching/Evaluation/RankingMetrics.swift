#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The measures `supportmatch evaluate` reports, defined as `trec_eval` and `ranx` define them,
/// so the numbers can be checked against those tools (`Benchmarks/matching/trec_check.py`).
///
/// For one query with ranking `d₁, d₂, …` and grades `g(d)` from the judgments:
/// - **nDCG@k** (linear gain, `trec_eval`'s `ndcg_cut`, ranx `ndcg`):
///   `DCG@k = Σ_{i ≤ k} g(dᵢ) / log₂(i + 1)`, divided by the DCG@k of the judged documents
///   sorted by grade; 0 when no document has a positive grade.
/// - **P@k**: relevant documents (grade ≥ 1) among the first k, divided by k (not by the
///   ranking's length: a short ranking is not rewarded).
/// - **MRR**: 1 / rank of the first relevant document; 0 when none is returned.
/// - **Recall of relevant** (reported as "eligible returned"): relevant documents anywhere in
///   the ranking, divided by the relevant documents judged; 0 when none is judged. In the judged
///   set every relevant offer is eligible by its stated criteria, so this is the share of the
///   offers an applicant could and should use that the mode returns at all.
public enum RankingMetrics {
    public static func ndcg(_ ranking: [String], grades: [String: Int], k: Int) -> Double {
        let ideal = dcg(grades.values.filter { $0 > 0 }.sorted(by: >), k: k)
        guard ideal > 0 else { return 0 }
        return dcg(ranking.map { max(0, grades[$0] ?? 0) }, k: k) / ideal
    }

    public static func precision(_ ranking: [String], grades: [String: Int], k: Int) -> Double {
        guard k > 0 else { return 0 }
        let hits = ranking.prefix(k).filter { (grades[$0] ?? 0) >= Judgments.relevanceThreshold }.count
        return Double(hits) / Double(k)
    }

    public static func reciprocalRank(_ ranking: [String], grades: [String: Int]) -> Double {
        guard let index = ranking.firstIndex(where: { (grades[$0] ?? 0) >= Judgments.relevanceThreshold }) else { return 0 }
        return 1 / Double(index + 1)
    }

    public static func recall(_ ranking: [String], grades: [String: Int]) -> Double {
        let relevant = grades.filter { $0.value >= Judgments.relevanceThreshold }.keys
        guard !relevant.isEmpty else { return 0 }
        let returned = Set(ranking)
        return Double(relevant.filter(returned.contains).count) / Double(relevant.count)
    }

    /// Discounted cumulative gain of the first `k` gains: `Σ gᵢ / log₂(i + 1)`, i from 1.
    static func dcg(_ gains: [Int], k: Int) -> Double {
        var sum = 0.0
        for (offset, gain) in gains.prefix(max(0, k)).enumerated() where gain > 0 {
            sum += Double(gain) / log2(Double(offset + 2))
        }
        return sum
    }
}
