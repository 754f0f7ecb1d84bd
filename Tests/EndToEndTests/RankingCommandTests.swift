import Foundation
import Testing

/// `evaluate --source`, `--weights`, and derived facts in `show` and `derivations`, as a user runs them.
@Suite("ranking commands", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct RankingCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("evaluate --source ranks only that source's offers; an unknown source is an error")
    func evaluateBySource() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("e.sqlite")
        let profiles = Self.repository.appendingPathComponent("Catalog/profiles").path
        let qrels = Self.repository.appendingPathComponent("Tests/Judgments/bundled.qrels").path
        let all = try SupportMatchBinary.run(["evaluate", "--database", database, "--profiles", profiles, "--judgments", qrels, "--json", "--today", "2026-11-28"])
        #expect(all.status == 0, "\(all.stderr)")
        let bySource = try SupportMatchBinary.run(["evaluate", "--database", database, "--profiles", profiles, "--judgments", qrels,
                                                   "--json", "--today", "2026-11-28", "--source", "supportmatch"])
        #expect(bySource.status == 0, "\(bySource.stderr)")
        #expect(all.stdout == bySource.stdout, "the store holds only the bundled source, so both rank the same")
        let unknown = try SupportMatchBinary.run(["evaluate", "--database", database, "--profiles", profiles, "--judgments", qrels, "--source", "nowhere"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nowhere"))

        let weights = scratch.path("w.json")
        try Data(#"{"format": "supportmatch-ranking-weights", "version": 1, "weights": {"topicWeigth": 1}}"#.utf8).write(to: URL(fileURLWithPath: weights))
        let misspelt = try SupportMatchBinary.run(["evaluate", "--database", database, "--profiles", profiles, "--judgments", qrels, "--weights", weights])
        #expect(misspelt.status != 0)
        #expect(misspelt.stderr.contains("topicWeigth"))

        // A weight set that changes what the postings hold is a located error, not a crash.
        let list = scratch.path("w.jsonl")
        try Data("{\"topicWeight\": 0.5}\n{\"titleWeight\": 2}\n".utf8).write(to: URL(fileURLWithPath: list))
        let baked = try SupportMatchBinary.run(["evaluate", "--database", database, "--profiles", profiles, "--judgments", qrels,
                                                "--today", "2026-11-28", "--weights-list", list])
        #expect(baked.status == 1, "\(baked.stderr)")
        #expect(baked.stderr.contains("w.jsonl:2: titleWeight"), "\(baked.stderr)")
    }

    @Test("show and derivations print derived facts with their evidence, apart from stated ones")
    func derivedFacts() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let catalogue = scratch.path("thin.json")
        try Data("""
            {"format": "supportmatch-catalogue", "version": 1, "source": "thin", "offers": [{"id": "gigabit", "title": "Gigabitförderung", "language": "de",
              "summary": "Wenn Sie als Kommune den Ausbau gigabitfähiger Netze planen, können Sie einen Zuschuss erhalten.",
              "description": "Der Freistaat fördert den Ausbau.", "topics": ["infrastruktur"], "sourceURL": "https://example.org/gigabit", "asOf": "2026-11-28", "links": [{"kind": "information", "url": "https://example.org/gigabit"}],
              "provider": {"name": "Land", "level": "state"}, "instruments": ["grant"], "schedule": {"status": "rolling"}}]}
            """.utf8).write(to: URL(fileURLWithPath: catalogue))
        let database = scratch.path("t.sqlite")
        let imported = try SupportMatchBinary.run(["import", "--database", database, catalogue])
        #expect(imported.status == 0, "\(imported.stderr)")
        let shown = try SupportMatchBinary.run(["show", "--database", database, "thin:gigabit"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Applicants:   no restriction"), "the stated field is unchanged")
        #expect(shown.stdout.contains("Applicant (subject): municipality  »Wenn Sie als Kommune"))
        let json = try SupportMatchBinary.run(["show", "--database", database, "thin:gigabit", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let derived = try #require(object["derived"] as? [String: Any])
        #expect((derived["applicantTypes"] as? [[String: Any]])?.first?["value"] as? String == "municipality")
        let listed = try SupportMatchBinary.run(["derivations", "--database", database, "--source", "thin", "--json"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"id\":\"thin:gigabit\""))
        // From title and summary, the stated instrument is derived again, to be measured against it.
        let bare = try SupportMatchBinary.run(["derivations", "--database", database, "--source", "thin", "--from", "title-summary", "--json"])
        #expect(bare.status == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(bare.stdout.utf8)) as? [String: Any])
        #expect(line["statedInstruments"] as? [String] == ["grant"])
        #expect(((line["derived"] as? [String: Any])?["instruments"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == ["grant"])
    }
}
