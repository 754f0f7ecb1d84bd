import Foundation
import Testing

/// `--lang de` (or a German locale) gives German throughout: table headers, instruments,
/// reasons, near misses, the next question and the `ask` prompt. Offer titles and the user's
/// own words are data and may be in any language, so they are removed before the check.
@Suite("German output", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct GermanOutputTests {
    /// A small company in Saxony without a district or money figures: the answer has reasons
    /// with open points, near misses (size, region, applicant type) and a next question.
    static let answers = [
        "--type", "company", "--state", "DE-SN", "--employees", "12", "--topic", "digitalisierung",
        "--text", "Digitalisierung der Fertigungsbetriebe mit KI", "--today", "2026-11-28",
    ]

    /// English words of the CLI's own texts: headers, field and criterion names, reason
    /// phrases, instrument labels. None may appear in German output.
    static let englishWords = [
        "Recommendations", "eligible", "open", "offers", "them", "questions", "OFFER", "SCORE", "TYPE", "WHY", "NOT",
        "Near", "misses", "criterion", "met", "Next", "question", "settles", "points", "among", "top",
        "only", "for", "you", "are", "apply", "applicants", "businesses", "enterprise", "enterprises", "employees",
        "turnover", "annual", "unknown", "district", "state", "sector", "size", "restriction", "closed",
        "also", "published", "Grant", "Loan", "Advice", "coaching", "Guarantee", "Equity", "Other", "skip", "annualTurnover",
        "applicantType", "compoundPart", "synonym", "Company", "Municipality", "the", "and", "or", "of", "to", "text",
    ]

    /// `output` without the offer titles and ids (data, not our wording), as words.
    static func ownWords(_ output: String, titles: [String], ids: [String]) -> Set<String> {
        var text = output
        for item in (titles + ids).sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: item, with: " ") }
        return Set(text.components(separatedBy: CharacterSet.letters.inverted).filter { !$0.isEmpty })
    }

    func titlesAndIDs(_ arguments: [String]) throws -> (titles: [String], ids: [String]) {
        let json = try SupportMatchBinary.run(arguments + ["--json"])
        try #require(json.status == 0, "\(json.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let offers = (answer["results"] as? [[String: Any]] ?? []) + (answer["nearMisses"] as? [[String: Any]] ?? [])
        try #require(!(answer["nearMisses"] as? [[String: Any]] ?? []).isEmpty, "the profile should give near misses")
        var ids = offers.compactMap { $0["id"] as? String }
        for offer in offers {
            for other in offer["alsoPublishedBy"] as? [[String: Any]] ?? [] { ids += [other["id"] as? String].compactMap { $0 } }
        }
        return (offers.compactMap { $0["title"] as? String }, ids)
    }

    func expectGerman(_ output: String, titles: [String], ids: [String]) {
        let words = Self.ownWords(output, titles: titles, ids: ids)
        let english = Self.englishWords.filter(words.contains)
        #expect(english.isEmpty, "English words \(english) in German output:\n\(output)")
        #expect(output.contains("Empfehlungen für"), "\(output)")
        #expect(output.contains("Nächste Frage"), "\(output)")
    }

    @Test("recommend --lang de has no English word in headers, reasons or hints")
    func recommendInGerman() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["recommend", "--database", scratch.path("r.sqlite")] + Self.answers + ["--lang", "de"]
        let (titles, ids) = try titlesAndIDs(arguments)
        let text = try SupportMatchBinary.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        expectGerman(text.stdout, titles: titles, ids: ids)
        #expect(text.stdout.contains("Knapp verfehlt"), "\(text.stdout)")

        // --explain: criteria, matched words and the score breakdown (the lines after the
        // offer's own id, provider and links; the snippet quotes the offer and is left out).
        let explained = try SupportMatchBinary.run(arguments + ["--explain", "kfw-erp-foerderkredit-digitalisierung"])
        #expect(explained.status == 0, "\(explained.stderr)")
        let explainedJSON = try SupportMatchBinary.run(arguments + ["--explain", "kfw-erp-foerderkredit-digitalisierung", "--json"])
        let offer = try JSONSerialization.jsonObject(with: Data(explainedJSON.stdout.utf8)) as? [String: Any]
        let fragment = try #require(((offer?["explanation"] as? [String: Any])?["snippet"] as? [String: Any])?["fragment"] as? String,
                                    "the offer has a snippet: \(explainedJSON.stdout)")
        let ownLines = explained.stdout.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n")
            .split(separator: "\n").filter { $0 != "  " + fragment }.joined(separator: "\n")
        #expect(ownLines.contains("Erfüllt:") && ownLines.contains("Punkte:"), "\(explained.stdout)")
        let englishInExplain = Self.englishWords.filter(Self.ownWords(ownLines, titles: [], ids: []).contains)
        #expect(englishInExplain.isEmpty, "English words \(englishInExplain) in --explain:\n\(ownLines)")

        // The same guard catches English: it must find words in the English output.
        let english = try SupportMatchBinary.run(Array(arguments.dropLast(2)) + ["--lang", "en"])
        let found = Self.englishWords.filter(Self.ownWords(english.stdout, titles: titles, ids: ids).contains)
        #expect(found.count >= 10, "the word list should recognise English output: \(found)")
    }

    @Test("Without --lang the output follows LANG; LC_ALL overrides it")
    func followsLocale() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["recommend", "--database", scratch.path("r.sqlite")] + Self.answers
        let (titles, ids) = try titlesAndIDs(arguments + ["--lang", "de"])
        let german = try SupportMatchBinary.run(arguments, environment: ["LANG": "de_DE.UTF-8"])
        #expect(german.status == 0, "\(german.stderr)")
        expectGerman(german.stdout, titles: titles, ids: ids)

        let english = try SupportMatchBinary.run(arguments, environment: ["LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"])
        #expect(english.stdout.contains("Recommendations for"), "\(english.stdout)")
        let neutral = try SupportMatchBinary.run(arguments)
        #expect(neutral.stdout.contains("Recommendations for"), "no locale gives English:\n\(neutral.stdout)")
        let explicit = try SupportMatchBinary.run(arguments + ["--lang", "en"], environment: ["LANG": "de_DE.UTF-8"])
        #expect(explicit.stdout.contains("Recommendations for"), "--lang wins over LANG:\n\(explicit.stdout)")
    }

    @Test("ask --lang de prompts in German")
    func askInGerman() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let arguments = ["ask", "--database", scratch.path("r.sqlite"), "--lang", "de", "--type", "company", "--today", "2026-11-28"]
        let result = try SupportMatchBinary.run(arguments, input: "q\n")
        #expect(result.status == 0, "\(result.stderr)")
        let prompt = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("> ") }, "\(result.stdout)")
        let words = Self.ownWords(String(prompt), titles: [], ids: [])
        let english = Self.englishWords.filter(words.contains)
        #expect(english.isEmpty, "English words \(english) in the prompt: \(prompt)")
        #expect(!prompt.contains("e.g."), "\(prompt)")
    }
}
