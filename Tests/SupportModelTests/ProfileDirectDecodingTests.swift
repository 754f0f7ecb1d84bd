import BundledCatalog
import Foundation
import Testing
@testable import SupportModel

/// The profile decoder's direct path (session 8, issue 16.3) only ever accepts, and what it
/// accepts equals the general path's profile; everything else, and every message, comes from the
/// general path (`JSONSerialization` into `[String: Any]`, then the decoder's `decode` of that
/// object).
@Suite("profile decoder's direct path")
struct ProfileDirectDecodingTests {
    static let today = Day(year: 2026, month: 11, day: 28)!
    static let english = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: today)
    static let german = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: today, language: .german)

    /// The body `Benchmarks/http/recommend.lua` sends on every request of the HTTP benchmark.
    static let benchmarkBody = #"""
        {"applicantType": "company", "location": {"state": "DE-SN", "district": "DED21"},
         "employees": 24, "annualTurnover": 3200000, "yearFounded": 2015, "sector": "62.01",
         "topics": ["digitalisierung", "forschung_innovation_themenoffen"],
         "projectDescription": "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
         "amountNeeded": 80000}
        """#

    static func bundledProfiles() throws -> [(name: String, data: Data)] {
        // The example profiles are not a bundled resource: read them beside the package.
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Catalog/profiles", isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }
    }

    /// The general path alone: what `decode(_: Data)` did before the direct path.
    static func general(_ decoder: ProfileDecoder, _ data: Data) -> Result<Profile, ProfileError> {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return .failure(ProfileError(issues: []))
        }
        do { return .success(try decoder.decode(object)) } catch let error as ProfileError { return .failure(error) } catch {
            return .failure(ProfileError(issues: [ProfileIssue(pointer: "?", message: "\(error)")]))
        }
    }

    static func direct(_ decoder: ProfileDecoder, _ data: Data) -> Profile? {
        data.withUnsafeBytes { decoder.decodeDirectly($0) }
    }

    @Test("the benchmark's body and every bundled profile are read directly, to the general path's profile")
    func acceptedProfiles() throws {
        let profiles = try Self.bundledProfiles() + [("recommend.lua", Data(Self.benchmarkBody.utf8))]
        try #require(profiles.count >= 10)
        for (name, data) in profiles {
            for decoder in [Self.english, Self.german] {
                let direct = try #require(Self.direct(decoder, data), "\(name) is not read directly")
                #expect((try? Self.general(decoder, data).get()) == direct, "\(name)")
                #expect(try decoder.decode(data) == direct, "\(name)")
            }
        }
    }

    /// The direct path no longer runs the validator's check of each answer (session 11): it
    /// relies on every answer the parser reads passing the parser's `check`. Held here for every
    /// question, on every code, label and alias of its vocabulary (regions at every level, all
    /// sector terms) and on numbers and texts at and beyond their limits, both languages.
    @Test("every answer the direct reader accepts passes the validator's check of that answer")
    func directAnswersPassTheCheck() throws {
        let taxonomies = BundledCatalog.taxonomies
        var texts: [String] = ["", " ", "0", "1", "24", "1000", "2015", "2027", "2028", "80000", "1,5 Mio", "250k", "1.500.000",
                               "62.01", "62,01", "62", "J", "j", "Z", "99.99", "ja", "nein", "yes", "true", "2027-03-01", "1.3.2027",
                               String(repeating: "x", count: ProfileValidator.maxDescriptionLength),
                               String(repeating: "x", count: ProfileValidator.maxDescriptionLength + 1)]
        for taxonomy in [taxonomies.topics, taxonomies.applicantTypes, taxonomies.instruments, taxonomies.regions,
                         taxonomies.sectors, taxonomies.sizeClasses, Vocabulary.languageTaxonomy] {
            for term in taxonomy.terms { texts += [term.code, term.de, term.en, term.de.uppercased()] + (term.aliases ?? []) }
        }
        var values: [ProfileJSON] = texts.map(ProfileJSON.string)
        values += [0, 1, 24, 1000, 2015, 2027, 2028, 80000, 999_999_999_999_999].map(ProfileJSON.integer) + [.bool(true), .bool(false)]
        values += texts.map { .array([.string($0)]) } + [.array([])]
        var read = 0
        for decoder in [Self.english, Self.german] {
            // Refusals without "did you mean" hints: an edit distance against every term for each
            // of the thousands refused here made the test take most of a minute.
            var parser = decoder.parser
            parser.offersSuggestions = false
            for question in Questionnaire.questions {
                for value in values {
                    guard let answer = parser.read(direct: value, for: question) else { continue }
                    read += 1
                    #expect(parser.check(answer, for: question) == nil, "\(question.pointer): \(value) read as \(answer)")
                }
            }
        }
        #expect(read > 1000, "\(read) answers read")
    }

    /// Replacement values for every answer: accepted and refused ones, each JSON type, numbers
    /// the direct path leaves alone (sign, fraction, exponent, 16 digits), escapes.
    static let values = [
        "null", "true", "false", "0", "1", "24", "2015", "80000", "999999999999999", "9999999999999999", "1.5", "1.0",
        "-3", "1e3", "012", #""""#, #""1,5 Mio""#, #""Sachsen""#, #""DE-SN""#, #""DED21""#, #"" 62.01 ""#, #""62,01""#,
        #""ja""#, #""company""#, #""Verein""#, #""2027-03-01""#, #""1.3.2027""#, #""digitalisierung""#, "[]",
        #"["digitalisierung"]"#, #"["grant", "Kredit"]"#, #"["nope"]"#, "[1]", "{}", #"{"state": "DE-SN"}"#,
        #""Gr\u00fcndung \"KI\" \/ \n\t""#, #""\ud83d\ude00""#, #""\ud83d""#, #""a\u0000b""#, #""\x""#,
        #""Qualit\u00e4tspr\u00fcfung mit KI""#, "[[[]]]",
    ]

    /// Every pointer of the questionnaire with every value above, and structural changes, on two
    /// profiles: where the direct path accepts, the general path gives the same profile; the
    /// public `decode` gives what the general path gives, refusals (their messages) included.
    @Test("on mutated profiles the direct path accepts only what the general path reads the same way")
    func mutatedProfiles() throws {
        let bases = try Self.bundledProfiles().filter { ["saxon-software-sme-ai.json", "leipzig-founder.json"].contains($0.name) }
            .map { try #require(JSONSerialization.jsonObject(with: $0.data) as? [String: Any]) }
        try #require(bases.count == 2)
        var bodies: [String] = [Self.benchmarkBody, "{}", "[]", "", "null", " {} ", "{\"employees\": 3} x", "{\"employees\": 3,}",
                                "{\"employees\": 3, \"employees\": 4}", "{\"employes\": 3}", "{\"location\": {\"stat\": \"DE-SN\"}}",
                                "{\"location\": null}", "{\"location\": {}}", "{\"location\": \"Sachsen\"}", "\u{FEFF}{}",
                                "{\"employees\":\r\n\t3}", "{\"projectDescription\": \"caf\u{E9}\"}"]
        for base in bases {
            var members = try base.sorted { $0.key < $1.key }.map { key, value in
                (key, String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self))
            }
            if let location = members.firstIndex(where: { $0.0 == "location" }) { members.remove(at: location) }
            func body(_ replaced: [(String, String)]) -> String {
                "{" + replaced.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            }
            for question in Questionnaire.questions {
                for value in Self.values {
                    var replaced = members.filter { $0.0 != (question.parents.first ?? question.name) }
                    if question.parents.isEmpty {
                        replaced.append((question.name, value))
                    } else {
                        replaced.append((question.parents[0], "{\"\(question.name)\": \(value)}"))
                    }
                    bodies.append(body(replaced))
                }
            }
        }
        var accepted = 0
        for text in bodies {
            let data = Data(text.utf8)
            for decoder in [Self.english, Self.german] {
                let general = Self.general(decoder, data)
                if let direct = Self.direct(decoder, data) {
                    accepted += 1
                    #expect((try? general.get()) == direct, "\(text)")
                }
                let decoded: Result<Profile, ProfileError>
                do { decoded = .success(try decoder.decode(data)) } catch let error as ProfileError { decoded = .failure(error) } catch {
                    Issue.record("unexpected \(error)")
                    continue
                }
                switch (decoded, general) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
                case (.failure(let a), .failure(let b)) where !b.issues.isEmpty: #expect(a.issues == b.issues, "\(text)")
                case (.failure, .failure): break  // not JSON, or not an object: the general path's own message
                default: Issue.record("decode and the general path disagree on \(text): \(decoded) / \(general)")
                }
            }
        }
        // Both paths are exercised: many bodies are accepted directly, many are left to the general path.
        #expect(accepted > 300, "\(accepted) of \(bodies.count * 2)")
        #expect(accepted < bodies.count * 2 - 300, "\(accepted) of \(bodies.count * 2)")
    }

    @Test("today in UTC from whole days since the epoch is Calendar's day, at every day from 1970 to 2200")
    func utcDay() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var mismatches: [String] = []
        for day in stride(from: -400, to: 84_000, by: 1) {
            for seconds in [0.0, 86_399.999] {
                let instant = Double(day) * 86_400 + seconds
                let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: instant))
                let expected = Day(year: parts.year!, month: parts.month!, day: parts.day!)!
                if Day.utcDay(secondsSince1970: instant) != expected { mismatches.append("\(instant)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
