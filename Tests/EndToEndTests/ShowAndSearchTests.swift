import Foundation
import Testing

/// `show` in one language and `offers --text` by relevance with a count, on the bundled
/// catalogue a new database starts with.
@Suite("show and offers --text", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct ShowAndSearchTests {
    @Test("show names codes by their English labels only: no \"Zuschuss (grant)\", no \"(Bund)\"")
    func showInOneLanguage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let shown = try SupportMatchBinary.run(["show", "kfw-erp-foerderkredit-digitalisierung", "--database", scratch.path("s.sqlite")])
        #expect(shown.status == 0, "\(shown.stderr)")
        let facts = shown.stdout.split(separator: "\n").filter { $0.hasPrefix("Provider:") || $0.hasPrefix("Instruments:") || $0.hasPrefix("Applicants:") }
        try #require(facts.count == 3, "\(shown.stdout)")
        let text = facts.joined(separator: "\n")
        for german in ["Zuschuss", "Darlehen", "Bund", "Unternehmen", "(grant)", "(loan)", "(company)"] {
            #expect(!text.contains(german), "\(german) in: \(text)")
        }
        #expect(text.contains("(Federal)"), "\(text)")
        #expect(text.contains("Loan"), "\(text)")
    }

    @Test("offers --text lists title matches first and says how many match, also beyond --limit")
    func searchByRelevance() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("s.sqlite")]
        let json = try SupportMatchBinary.run(["offers", "--text", "digital", "--json"] + db)
        #expect(json.status == 0, "\(json.stderr)")
        let offers = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let inTitle = offers.map { (($0["offer"] as? [String: Any])?["title"] as? String ?? "").lowercased().contains("digital") }
        try #require(inTitle.contains(true) && inTitle.contains(false), "the query should match titles and other texts")
        #expect(inTitle == inTitle.sorted { $0 && !$1 }, "title matches must come first: \(inTitle)")

        let all = try SupportMatchBinary.run(["offers", "--text", "digital"] + db)
        #expect(all.stdout.split(separator: "\n").last == "\(offers.count) offers match “digital”", "\(all.stdout)")
        let two = try SupportMatchBinary.run(["offers", "--text", "digital", "--limit", "2"] + db)
        let lines = two.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(two.stdout)")
        #expect(lines.last == "\(offers.count) offers match “digital” (showing the first 2; --limit)", "\(two.stdout)")
    }
}
