import Foundation
import Testing

/// `recommend --explain`: the snippet is plain text when piped or with NO_COLOR, its highlights
/// bold on a terminal; `--json` carries the text and the ranges (issue 15).
@Suite("snippet highlights on the command line", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct SnippetOutputTests {
    static let profile: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Catalog/profiles/saxon-software-sme-ai.json").path
    }()

    /// The first result with a highlighted snippet: its id, fragment and first highlighted text.
    private func highlightedResult(_ arguments: [String]) throws -> (id: String, fragment: String, word: String) {
        let json = try SupportMatchBinary.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        for result in answer["results"] as? [[String: Any]] ?? [] {
            guard let snippet = (result["explanation"] as? [String: Any])?["snippet"] as? [String: Any],
                  let fragment = snippet["fragment"] as? String,
                  let first = (snippet["highlighted"] as? [[String: Int]])?.first,
                  let start = first["start"], let end = first["end"], let id = result["id"] as? String else { continue }
            let scalars = Array(fragment.unicodeScalars)
            #expect(0 <= start && start < end && end <= scalars.count, "\(snippet)")
            return (id, fragment, String(String.UnicodeScalarView(scalars[start..<end])))
        }
        Issue.record("no result with a highlighted snippet: \(json.stdout)")
        throw CancellationError()
    }

    @Test("piped: the fragment as plain text, no escape codes, no marks")
    func piped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["recommend", "--profile", Self.profile, "--today", "2026-11-28", "--database", scratch.path("s.sqlite")]
        let (id, fragment, _) = try highlightedResult(arguments)
        let explained = try SupportMatchBinary.run(arguments + ["--explain", id])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.split(separator: "\n").contains { $0 == "  " + fragment }, "\(explained.stdout)")
        #expect(!explained.stdout.contains("\u{1B}"), "\(explained.stdout)")
    }

    @Test("on a terminal the highlights are bold, unless NO_COLOR is set", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a terminal"))
    func terminal() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let binary = try #require(SupportMatchBinary.url).path
        let arguments = ["recommend", "--profile", Self.profile, "--today", "2026-11-28", "--database", scratch.path("t.sqlite")]
        let (id, _, word) = try highlightedResult(arguments)
        let command = ([binary] + arguments + ["--explain", id]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // An empty NO_COLOR counts as unset (no-color.org), whatever the test runner's environment holds.
        let styled = try SupportMatchBinary.run(["-qec", command, "/dev/null"], environment: ["NO_COLOR": ""], executable: "/usr/bin/script")
        #expect(styled.stdout.contains("\u{1B}[1m\(word)\u{1B}[22m"), "\(styled.stdout)")
        let plain = try SupportMatchBinary.run(["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"], executable: "/usr/bin/script")
        #expect(plain.stdout.contains(word) && !plain.stdout.contains("\u{1B}[1m"), "\(plain.stdout)")
    }
}
