import Foundation
import Matching
import SupportModel
import Testing

/// The measures on an example small enough to compute by hand, then against trec_eval (through
/// python3 with ir-measures, which `.ci/run` provides) on a generated run.
@Suite("Evaluation metrics")
struct EvaluationMetricsTests {
    // Judgments for one query: d1 = 3, d2 = 2, d3 = 1, d4 = 0, d5 = 2 (d5 is never returned).
    // Relevant (grade ≥ 1): d1, d2, d3, d5.
    static let grades = ["d1": 3, "d2": 2, "d3": 1, "d4": 0, "d5": 2]
    // The ranking: d4 (grade 0), d2 (2), d6 (not judged = 0), d1 (3), d3 (1).
    static let ranking = ["d4", "d2", "d6", "d1", "d3"]

    @Test("nDCG@k with linear gain and log2(rank + 1) discount, computed by hand")
    func ndcgByHand() {
        // DCG@3  = 0/log2(2) + 2/log2(3) + 0/log2(4)                 = 2/1.5849625 = 1.2618595
        // IDCG@3 = grades sorted 3, 2, 2, 1: 3/1 + 2/log2(3) + 2/log2(4) = 3 + 1.2618595 + 1 = 5.2618595
        // nDCG@3 = 1.2618595 / 5.2618595 = 0.2398125
        #expect(abs(RankingMetrics.ndcg(Self.ranking, grades: Self.grades, k: 3) - 0.2398125) < 1e-6)
        // DCG@5  = 1.2618595 + 3/log2(5) + 1/log2(6) = 1.2618595 + 1.2920297 + 0.3868528 = 2.9407420
        // IDCG@5 = 5.2618595 + 1/log2(5) = 5.2618595 + 0.4306766 = 5.6925361
        // nDCG@5 = 2.9407420 / 5.6925361 = 0.5165961
        #expect(abs(RankingMetrics.ndcg(Self.ranking, grades: Self.grades, k: 5) - 0.5165961) < 1e-6)
        // Past the end of the ranking nothing is added to DCG, but IDCG@10 counts all four
        // relevant documents: same DCG as @5, IDCG the same as @5 too (only four positive grades).
        #expect(abs(RankingMetrics.ndcg(Self.ranking, grades: Self.grades, k: 10) - 0.5165961) < 1e-6)
        // The ideal order scores 1.
        #expect(RankingMetrics.ndcg(["d1", "d2", "d5", "d3"], grades: Self.grades, k: 10) == 1)
    }

    @Test("P@k divides by k, not by the ranking's length")
    func precisionByHand() {
        // Relevant among the first 2: d2 → 1/2. Among the first 5: d2, d1, d3 → 3/5.
        #expect(RankingMetrics.precision(Self.ranking, grades: Self.grades, k: 2) == 0.5)
        #expect(RankingMetrics.precision(Self.ranking, grades: Self.grades, k: 5) == 0.6)
        // Among the first 10 (only five returned): 3/10.
        #expect(RankingMetrics.precision(Self.ranking, grades: Self.grades, k: 10) == 0.3)
    }

    @Test("Reciprocal rank of the first relevant document, and recall of the relevant ones")
    func reciprocalRankAndRecall() {
        // First relevant document is d2 at rank 2 → 1/2.
        #expect(RankingMetrics.reciprocalRank(Self.ranking, grades: Self.grades) == 0.5)
        // d1, d2, d3 of the four relevant are returned → 3/4.
        #expect(RankingMetrics.recall(Self.ranking, grades: Self.grades) == 0.75)
    }

    @Test("A query without relevant documents, and an empty ranking, score 0")
    func degenerateCases() {
        let none = ["d1": 0, "d2": 0]
        #expect(RankingMetrics.ndcg(["d1", "d2"], grades: none, k: 10) == 0)
        #expect(RankingMetrics.reciprocalRank(["d1", "d2"], grades: none) == 0)
        #expect(RankingMetrics.recall(["d1", "d2"], grades: none) == 0)
        #expect(RankingMetrics.ndcg([], grades: Self.grades, k: 10) == 0)
        #expect(RankingMetrics.precision([], grades: Self.grades, k: 5) == 0)
        #expect(RankingMetrics.reciprocalRank([], grades: Self.grades) == 0)
    }

    @Test("The report averages each measure over profiles")
    func reportMean() {
        let judgments = Judgments(grades: ["a": Self.grades, "b": ["x": 1]])
        let run = Run(rankings: ["a": Self.ranking, "b": ["y", "x"]])
        let report = EvaluationReport(mode: .full, run: run, judgments: judgments, queries: ["a", "b"],
                                      k: 5, precisionK: 5, today: Day(iso: "2026-11-28")!)
        // b: x at rank 2 → nDCG@5 = (1/log2(3)) / 1 = 0.6309298, P@5 = 1/5, RR = 1/2, recall 1.
        #expect(abs(report.profiles[1].scores.ndcg - 0.6309298) < 1e-6)
        #expect(abs(report.mean.ndcg - (0.5165961 + 0.6309298) / 2) < 1e-6)
        #expect(abs(report.mean.precision - (0.6 + 0.2) / 2) < 1e-12)
        #expect(report.mean.reciprocalRank == 0.5)
        #expect(report.mean.eligibleReturned == (0.75 + 1) / 2)
        #expect(report.profiles[0].returned == 5 && report.profiles[0].relevant == 4 && report.profiles[0].judged == 5)
    }

    @Test("Agrees with trec_eval to 4 decimals on a generated run",
          .enabled(if: TrecEval.isAvailable, "needs python3 with ir-measures (pip install ir-measures); skipped"))
    func agreesWithTrecEval() throws {
        var generator = SplitMix(seed: 2026)
        var judgments = Judgments()
        var run = Run()
        for q in 0..<25 {
            let query = "q\(q)"
            let docs = (0..<40).map { "doc\($0)" }
            // About a third judged, grades 0–3; rankings of 0–30 documents in shuffled order.
            for doc in docs where generator.next() % 3 == 0 {
                judgments.set(Int(generator.next() % 4), doc: doc, query: query)
            }
            if judgments.grades[query] == nil { judgments.set(2, doc: "doc0", query: query) }
            var shuffled = docs
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
            run.rankings[query] = Array(shuffled.prefix(1 + Int(generator.next() % 30)))
        }
        let report = EvaluationReport(mode: .full, run: run, judgments: judgments, queries: judgments.queries,
                                      k: 10, precisionK: 5, today: Day(iso: "2026-11-28")!)
        let trecEval = try TrecEval.evaluate(qrels: judgments.qrels, run: run.trec(tag: "generated"))
        #expect(report.profiles.count == 25)
        for profile in report.profiles {
            let theirs = try #require(trecEval[profile.profile], "trec_eval gave no scores for \(profile.profile)")
            #expect(abs(profile.scores.ndcg - theirs["nDCG@10"]!) < 5e-5, "nDCG@10 of \(profile.profile)")
            #expect(abs(profile.scores.precision - theirs["P@5"]!) < 5e-5, "P@5 of \(profile.profile)")
            #expect(abs(profile.scores.reciprocalRank - theirs["RR"]!) < 5e-5, "RR of \(profile.profile)")
            #expect(abs(profile.scores.eligibleReturned - theirs["R@1000"]!) < 5e-5, "recall of \(profile.profile)")
        }
    }
}

/// A small deterministic generator, so the trec_eval comparison runs on the same data every time.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs trec_eval's measures (ir-measures over pytrec_eval, Python) on qrels and run files in a
/// temporary directory: an implementation independent of ours.
enum TrecEval {
    static let isAvailable: Bool = (try? python(["-c", "import ir_measures"]).status) == 0

    /// Per query: `nDCG@10`, `P@5`, `RR`, `R@1000`, as trec_eval computes them.
    static func evaluate(qrels: String, run: String) throws -> [String: [String: Double]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trec-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let qrelsURL = directory.appendingPathComponent("qrels.txt"), runURL = directory.appendingPathComponent("run.txt")
        try qrels.write(to: qrelsURL, atomically: true, encoding: .utf8)
        try run.write(to: runURL, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, ir_measures
            measures = [ir_measures.parse_measure(m) for m in ["nDCG@10", "P@5", "RR", "R@1000"]]
            qrels = list(ir_measures.read_trec_qrels(sys.argv[1]))
            run = list(ir_measures.read_trec_run(sys.argv[2]))
            scores = {}
            for metric in ir_measures.iter_calc(measures, qrels, run):
                scores.setdefault(metric.query_id, {})[str(metric.measure)] = metric.value
            print(json.dumps(scores))
            """
        let result = try python(["-c", script, qrelsURL.path, runURL.path])
        guard result.status == 0 else { throw TrecEvalFailure(message: result.error) }
        return try JSONDecoder().decode([String: [String: Double]].self, from: Data(result.output.utf8))
    }

    struct TrecEvalFailure: Error { var message: String }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
