import Foundation
import Testing

/// The US judged set (`Tests/Judgments/grants-gov/`) stays runnable: the Grants.gov extract
/// imports alone into a new store, every judged offer id is one SupportMatch stores, and
/// `evaluate` scores every profile in both modes that `Benchmarks/RESULTS.md` compares.
@Suite("US judged set on the Grants.gov extract",
       .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct USJudgedSetTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let extract = root.deletingLastPathComponent().appendingPathComponent("shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml")
    static let set = root.appendingPathComponent("Tests/Judgments/grants-gov")
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: extract.path) }
    /// The evaluation day of the set's README: no record of the extract is closed on it.
    static let day = "2026-01-01"

    @Test("import, check the judged ids, evaluate the recommender and the text-only baseline",
          .enabled(if: isAvailable, "needs ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
    func evaluate() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("us.sqlite")]
        let imported = try SupportMatchBinary.run(["import", Self.extract.path, "--today", Self.day, "--json"] + db)
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let listed = try SupportMatchBinary.run(["offers", "--json", "--limit", "100000"] + db)
        let stored = Set(try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            .compactMap { $0["id"] as? String })
        #expect(stored.count == 2473 && stored.allSatisfy { $0.hasPrefix("grants.gov:") }, "the extract alone, without the starter catalogue")

        let qrels = try String(contentsOf: Self.set.appendingPathComponent("judgments.qrels"), encoding: .utf8)
        let judged = Set(qrels.split(separator: "\n").map { String($0.split(separator: " ")[2]) })
        #expect(judged.count > 100)
        #expect(judged.subtracting(stored).isEmpty, "judged ids SupportMatch does not store: \(judged.subtracting(stored).sorted().prefix(5))")

        for mode in ["full", "text-only"] {
            let result = try SupportMatchBinary.run([
                "evaluate", "--profiles", Self.set.appendingPathComponent("profiles").path,
                "--judgments", Self.set.appendingPathComponent("judgments.qrels").path,
                "--today", Self.day, "--mode", mode, "--json",
            ] + db)
            try #require(result.status == 0, "\(mode): \(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let profiles = try #require(report["profiles"] as? [[String: Any]])
            #expect(profiles.count == 11, "\(mode): every profile is judged and scored")
            #expect(profiles.allSatisfy { ($0["relevant"] as? Int ?? 0) > 0 && ($0["returned"] as? Int ?? 0) > 0 }, "\(mode)")
            let ndcg = try #require((report["mean"] as? [String: Any])?["ndcg"] as? Double)
            #expect(ndcg > 0 && ndcg <= 1, "\(mode): nDCG@10 \(ndcg)")
        }
    }
}
