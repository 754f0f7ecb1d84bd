import Foundation
import Testing

/// The ranking as a client reads it: offers by title, and every line complete when the output
/// goes to a pipe or a file (a terminal gets lines cut to its width).
@Suite("supportmatch recommend output", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct RecommendOutputTests {
    static let profile: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Catalog/profiles/saxon-software-sme-ai.json").path
    }()

    @Test("The table names offers by title, complete when piped; --ids adds the ids")
    func titlesWhenPiped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["recommend", "--profile", Self.profile, "--today", "2026-11-28", "--database", scratch.path("r.sqlite")]
        let json = try SupportMatchBinary.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try #require(answer["results"] as? [[String: Any]])
        try #require(results.count >= 3)

        let text = try SupportMatchBinary.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.contains("…"), "piped output must not be cut:\n\(text.stdout)")
        for result in results {
            let title = try #require(result["title"] as? String)
            let id = try #require(result["id"] as? String)
            #expect(text.stdout.contains(title), "title missing: \(title)")
            #expect(!text.stdout.contains(id), "id shown without --ids: \(id)")
        }

        let withIDs = try SupportMatchBinary.run(arguments + ["--ids"])
        for result in results {
            #expect(withIDs.stdout.contains(try #require(result["id"] as? String)))
        }
    }
}
