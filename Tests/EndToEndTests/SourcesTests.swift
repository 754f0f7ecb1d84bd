import Foundation
import Testing

/// Stores of one imported catalogue, the starter catalogue next to another source, and a
/// programme that both publish, as a user meets them on the command line.
@Suite("supportmatch with several sources", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct SourcesTests {
    /// The starter catalogue's INVEST offer links this Förderdatenbank page; a record whose
    /// source page it is describes the same programme.
    static let investPage = "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BAFA/invest-zuschuss-fuer-wagniskapital.html"

    static let duplicate = """
        {"format": "supportmatch-catalogue", "version": 1, "source": "dup", "offers": [
          {"id": "invest", "title": "INVEST - Zuschuss für Wagniskapital", "summary": "Zuschuss für Business Angels, die in Start-ups investieren.",
           "description": "Wenn Sie als Business Angel in ein Start-up investieren, erhalten Sie einen Zuschuss.",
           "links": [{"kind": "information", "url": "\(investPage)"}], "topics": ["unternehmensfinanzierung"],
           "sourceURL": "\(investPage)", "asOf": "2026-03-12", "language": "de",
           "provider": {"name": "Bundesamt für Wirtschaft und Ausfuhrkontrolle", "level": "federal"}, "instruments": ["grant"],
           "schedule": {"status": "rolling"}}
        ]}
        """

    @Test("import into a new database holds the imported catalogue only; --starter adds the bundled one")
    func starterRule() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write(catalogue(), to: "e2e.json")

        let alone = ["--database", scratch.path("alone.sqlite")]
        let imported = try SupportMatchBinary.run(["import", file] + alone)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(!imported.stderr.contains("bundled"))
        let offers = try SupportMatchBinary.run(["offers", "--json"] + alone)
        let ids = try #require(try JSONSerialization.jsonObject(with: Data(offers.stdout.utf8)) as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == ["e2e:one", "e2e:two"], "no starter offers: \(ids.prefix(5))")

        let both = ["--database", scratch.path("both.sqlite")]
        let withStarter = try SupportMatchBinary.run(["import", "--starter", file] + both)
        #expect(withStarter.status == 0, "\(withStarter.stdout)\(withStarter.stderr)")
        #expect(withStarter.stderr.contains("imported the bundled catalogue"))
        let runs = try SupportMatchBinary.run(["imports", "--json"] + both)
        let history = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(history.count == 2)
        let all = try SupportMatchBinary.run(["offers", "--json", "--source", "supportmatch"] + both)
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]]).count > 50)
    }

    @Test("a programme in the starter catalogue and another source is shown and evaluated once")
    func oneEntryPerProgramme() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("dup.sqlite")]
        let file = try scratch.write(Self.duplicate, to: "dup.json")
        let imported = try SupportMatchBinary.run(["import", "--starter", file] + db)
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let answer = try SupportMatchBinary.run([
            "recommend", "--json", "--type", "company", "--state", "DE-SN", "--employees", "5", "--limit", "200",
            "--text", "Wir suchen Business Angels und Wagniskapital für unser Start-up", "--today", "2026-11-28",
        ] + db)
        try #require(answer.status == 0, "\(answer.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let invest = results.filter { ["dup:invest", "supportmatch:bafa-invest-wagniskapital"].contains($0["id"] as? String) }
        #expect(invest.count == 1, "one place for the programme: \(invest.compactMap { $0["id"] })")
        let also = (invest.first?["alsoPublishedBy"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(also.count == 1 && also[0] != invest.first?["id"] as? String)
        let eligible = (json["counts"] as? [String: Any])?["eligible"] as? Int
        #expect(eligible == results.count, "the count of eligible programmes matches the list (limit not reached)")

        let text = try SupportMatchBinary.run([
            "recommend", "--type", "company", "--state", "DE-SN", "--text", "Business Angels Wagniskapital INVEST",
            "--today", "2026-11-28", "--lang", "en",
        ] + db)
        #expect(text.stdout.contains("also published by"), "\(text.stdout)")

        // Judged under the other source's id, the programme counts once, wherever it ranks.
        let profiles = scratch.url.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        try Data("""
            {"id": "angel", "applicantType": "company", "location": {"state": "DE-SN"}, "employees": 5,
             "projectDescription": "Wir suchen Business Angels und Wagniskapital für unser Start-up"}
            """.utf8).write(to: profiles.appendingPathComponent("angel.json"))
        let qrels = try scratch.write("angel 0 dup:invest 3\n", to: "dup.qrels")
        let run = scratch.path("run.trec")
        let evaluation = try SupportMatchBinary.run([
            "evaluate", "--profiles", profiles.path, "--judgments", qrels, "--today", "2026-11-28", "--json", "--run-out", run,
        ] + db)
        try #require(evaluation.status == 0, "\(evaluation.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        let mean = try #require(report["mean"] as? [String: Any])
        #expect(mean["eligibleReturned"] as? Double == 1)
        let lines = try String(contentsOfFile: run, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains("dup:invest") }.count == 1)
        #expect(!lines.contains { $0.contains("supportmatch:bafa-invest-wagniskapital") }, "the programme is one entry, under its judged id")
    }
}
