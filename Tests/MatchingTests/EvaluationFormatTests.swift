import Foundation
import Matching
import SupportModel
import Testing

@Suite("Evaluation: TREC qrels and run files")
struct EvaluationFormatTests {
    @Test("qrels: four fields, integer grades, comments and blank lines skipped")
    func readsQrels() throws {
        let judgments = try Judgments(qrels: """
            # profile iteration offer grade
            p1 0 src:a 3
            p1 0 src:b 0

            p2\t0\tsrc:a\t1
            """)
        #expect(judgments.queries == ["p1", "p2"])
        #expect(judgments.grade("src:a", for: "p1") == 3)
        #expect(judgments.grade("src:b", for: "p1") == 0)
        #expect(judgments.grade("src:zzz", for: "p1") == 0)
        #expect(judgments.relevant(for: "p1") == ["src:a"])
        #expect(try Judgments(qrels: judgments.qrels) == judgments)
    }

    @Test("qrels errors name the file, line and column")
    func qrelsErrors() {
        #expect(throws: TRECFormatError(source: "j.qrels", line: 2, message: "expected 4 fields `query_id 0 doc_id grade`, found 3")) {
            try Judgments(qrels: "p1 0 a 1\np1 0 b\n", source: "j.qrels")
        }
        #expect(throws: TRECFormatError(source: "j.qrels", line: 1, column: 8, message: "expected an integer grade, found \"high\"")) {
            try Judgments(qrels: "p1 0 a high\n", source: "j.qrels")
        }
        #expect(throws: TRECFormatError(source: "j.qrels", line: 3, column: 6, message: "a is judged twice for p1 (grades 1 and 2)")) {
            try Judgments(qrels: "p1 0 a 1\np1 0 b 1\np1 0 a 2\n", source: "j.qrels")
        }
    }

    @Test("Run files: written with strictly decreasing scores, read back in the same order")
    func runRoundTrip() throws {
        let run = Run(rankings: ["p2": ["src:c"], "p1": ["src:b", "src:a", "src:c"]])
        let text = run.trec(tag: "test")
        #expect(text == """
            p1 Q0 src:b 1 3 test
            p1 Q0 src:a 2 2 test
            p1 Q0 src:c 3 1 test
            p2 Q0 src:c 1 1 test

            """)
        #expect(try Run(trec: text) == run)
    }

    @Test("Run files are ordered by score, not by line order; bad lines are located")
    func runReading() throws {
        let run = try Run(trec: "q Q0 a 1 0.5 t\nq Q0 b 2 0.9 t\nq Q0 c 3 0.5 t\n")
        #expect(run.rankings["q"] == ["b", "a", "c"])
        #expect(throws: TRECFormatError(source: "r.txt", line: 1, column: 10, message: "expected a number as score, found \"x\"")) {
            try Run(trec: "q Q0 a 1 x t\n", source: "r.txt")
        }
        #expect(throws: TRECFormatError(source: "run", line: 2, column: 6, message: "a appears twice in the ranking of q")) {
            try Run(trec: "q Q0 a 1 2 t\nq Q0 a 2 1 t\n")
        }
    }

    @Test("The shipped judged set names real profiles and real offers of the bundled catalogue")
    func shippedJudgmentsAreConsistent() throws {
        let url = Catalogue.profilesDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Judgments/bundled.qrels")
        let judgments = try Judgments(qrels: String(contentsOf: url, encoding: .utf8), source: url.path)
        let profileIDs = Set(try Catalogue.profileURLs().map { url in
            try ProfileDecoder(taxonomies: Catalogue.taxonomies, today: Catalogue.today)
                .decode(Data(contentsOf: url), source: url.path).id ?? url.deletingPathExtension().lastPathComponent
        })
        let offerIDs = Set(Catalogue.offers.map(\.id.description))
        #expect(Set(judgments.queries) == profileIDs, "every example profile is judged, and only those")
        for query in judgments.queries {
            let unknown = judgments.grades[query]!.keys.filter { !offerIDs.contains($0) }
            #expect(unknown.isEmpty, "\(query) judges offers not in the catalogue: \(unknown)")
            #expect(judgments.grades[query]!.values.allSatisfy { (0...3).contains($0) })
            #expect(!judgments.relevant(for: query).isEmpty, "\(query) has a relevant offer")
        }
    }
}
