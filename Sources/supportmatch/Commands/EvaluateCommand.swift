import ArgumentParser
import BundledCatalog
import Foundation
import Matching
import SupportModel

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score the ranking against graded judgments: nDCG, P@k, MRR, eligible offers returned.",
        discussion: """
            Runs every profile in --profiles (JSON files as in Catalog/profiles/; the profile id is \
            its `id` field, else the file name without .json) on the store's catalogue and scores \
            the rankings against --judgments (TREC qrels: `profile_id 0 offer_id grade`, offer ids \
            as source:localID, grade 0-3; unjudged offers count 0).

            Measures per profile and their mean: nDCG@k (linear gain, as trec_eval and ranx `ndcg`), \
            P@5 and MRR (relevant = grade >= 1), and "eligible returned": of the offers judged \
            grade >= 1 (eligible by the judges), the share the mode returns at all. Rankings are \
            complete (every offer the mode returns), so --run-out writes them whole. A programme \
            that several sources publish is one entry, scored by the best-graded of its ids.

            Modes: full (the recommender), text-only (BM25F over the description alone, no \
            eligibility, closed offers kept), eligibility-only (eligible offers in id order).

            --source S ranks only source S's offers (judgments made on one catalogue, such as \
            ../shared/judgments/foerderdatenbank-dev with --source fdb); the text statistics are \
            then those of that source alone.

            Example: supportmatch evaluate --profiles Catalog/profiles \
            --judgments Tests/Judgments/bundled.qrels --today 2026-11-28
            """
    )

    @Option(help: ArgumentHelp("Directory of profile JSON files.", valueName: "dir"))
    var profiles: String

    @Option(help: ArgumentHelp("Graded judgments in TREC qrels format.", valueName: "file"))
    var judgments: String

    @Option(help: ArgumentHelp("Cut-off of nDCG.", valueName: "k"))
    var k: Int = 10

    @Option(name: .customLong("precision-at"), help: ArgumentHelp("Cut-off of precision.", valueName: "k"))
    var precisionAt: Int = 5

    @Option(name: .customLong("mode"), help: ArgumentHelp("What ranks: full, text-only or eligibility-only.", valueName: "mode"))
    var modeName: String = EvaluationMode.full.rawValue

    @Option(name: .customLong("run-out"), help: ArgumentHelp("Also write the rankings as a TREC run file.", valueName: "file"))
    var runOut: String?

    @Option(help: ArgumentHelp("Decide deadlines as of this day (YYYY-MM-DD) instead of today.", valueName: "date"))
    var today: String?

    @Option(name: .customLong("source"), help: ArgumentHelp("Rank only this source's offers (repeatable), as if the store held nothing else.", valueName: "source"))
    var sources: [String] = []

    @Option(help: ArgumentHelp("Ranking weights file instead of the bundled Catalog/analysis/ranking-weights.json.", valueName: "file"))
    var weights: String?

    @Option(name: .customLong("weights-list"), help: ArgumentHelp("JSON Lines of weight sets ({\"topicWeight\": 0.5, …}); scores each on one index and prints one JSON line per set (for fitting).", valueName: "file"))
    var weightsList: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if EvaluationMode(rawValue: modeName) == nil {
            throw ValidationError("--mode expects full, text-only or eligibility-only, found '\(modeName)'.")
        }
        if k < 1 { throw ValidationError("--k must be at least 1.") }
        if precisionAt < 1 { throw ValidationError("--precision-at must be at least 1.") }
        if let today, Day(iso: today) == nil { throw ValidationError("--today expects a date YYYY-MM-DD, found '\(today)'.") }
    }

    func run() throws {
        let mode = EvaluationMode(rawValue: modeName) ?? .full
        let day = today.flatMap(Day.init(iso:)) ?? Day.todayUTC()
        let judged = try readJudgments()
        let profilesByID = try readProfiles(today: day)

        let missing = judged.queries.filter { profilesByID[$0] == nil }
        if !missing.isEmpty {
            throw CommandFailure("\(judgments) judges profiles not found in \(profiles): \(missing.joined(separator: ", "))")
        }
        let unjudged = profilesByID.keys.filter { judged.grades[$0] == nil }.sorted()
        if !unjudged.isEmpty {
            Terminal.writeError("supportmatch: not evaluated (no judgments): \(unjudged.joined(separator: ", "))")
        }

        let index = try database.openIndex(sources: sources.isEmpty ? nil : Set(sources), weights: weights)
        if index.count == 0 {
            throw CommandFailure("no active offers\(sources.isEmpty ? "" : " of source \(sources.joined(separator: ", "))") in the store")
        }
        if let weightsList {
            try scoreWeightSets(weightsList, index: index, judged: judged, profilesByID: profilesByID, mode: mode, day: day)
            return
        }
        let evaluator = try RankingEvaluator(index: index, mode: mode)
        var run = Run()
        for query in judged.queries {
            run.rankings[query] = try evaluator.ranking(for: profilesByID[query]!, today: day).map { judged.judgedID(of: $0, for: query) }
        }
        if let runOut {
            do {
                try run.trec(tag: "supportmatch-\(mode.rawValue)").write(toFile: runOut, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot write run file \(runOut): \(error.localizedDescription)")
            }
        }

        let report = EvaluationReport(mode: mode, run: run, judgments: judged, queries: judged.queries,
                                      k: k, precisionK: precisionAt, today: day)
        if output.json { try Terminal.printJSON(report) } else { print(Self.render(report)) }
    }

    /// One JSON line per weight set: the set, the mean and per-profile scores, each profile's top 10.
    private func scoreWeightSets(_ file: String, index: OfferIndex, judged: Judgments, profilesByID: [String: Profile],
                                 mode: EvaluationMode, day: Day) throws {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CommandFailure("cannot read weight sets \(file): \(error.localizedDescription)")
        }
        struct Line: Encodable {
            var weights: [String: Double]
            var mean: EvaluationScores
            var profiles: [String: EvaluationScores]
            var top: [String: [String]]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (number, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let weights = try? JSONDecoder().decode([String: Double].self, from: Data(line.utf8)) else {
                throw CommandFailure("\(file):\(number + 1): expected a JSON object of weight names and numbers")
            }
            let document = try JSONSerialization.data(withJSONObject: ["format": "supportmatch-ranking-weights", "version": 1, "weights": weights] as [String: Any])
            let configuration: RankingConfiguration
            do { configuration = try RankingConfiguration.load(jsonData: document, source: "\(file):\(number + 1)") } catch {
                throw CommandFailure("\(error)")
            }
            // The text's field weights, length normalisation and k1 are baked into the postings
            // (``OfferIndex/reweighted(_:)`` requires the index's own): a set that changes one is
            // an error naming its line, not a crash.
            let baked: [(String, KeyPath<RankingConfiguration, Double>)] = [
                ("titleWeight", \.titleWeight), ("summaryWeight", \.summaryWeight), ("descriptionWeight", \.descriptionWeight),
                ("keywordsWeight", \.keywordsWeight), ("k1", \.k1), ("titleLengthNormalization", \.titleLengthNormalization),
                ("summaryLengthNormalization", \.summaryLengthNormalization),
                ("descriptionLengthNormalization", \.descriptionLengthNormalization),
                ("keywordsLengthNormalization", \.keywordsLengthNormalization)]
            if let (name, _) = baked.first(where: { configuration[keyPath: $0.1] != index.configuration[keyPath: $0.1] }) {
                throw CommandFailure("\(file):\(number + 1): \(name) is built into the index; a weight set can change only the "
                                     + "score components (give it with --weights FILE, which builds the index with it)")
            }
            // Only the order matters here: the ranking without explanations, cut at what the
            // measures read (nDCG@k, P@k, and the first relevant offer for MRR within 1,000).
            let reweighted = index.reweighted(configuration)
            var run = Run()
            for query in judged.queries {
                if mode == .full {
                    run.rankings[query] = reweighted.rankedOfferIDs(RecommendationRequest(profile: profilesByID[query]!, today: day),
                                                                    limit: max(1000, k, precisionAt)).map(\.description)
                } else {
                    run.rankings[query] = try RankingEvaluator(index: reweighted, mode: mode).ranking(for: profilesByID[query]!, today: day).map(\.id.description)
                }
            }
            let report = EvaluationReport(mode: mode, run: run, judgments: judged, queries: judged.queries,
                                          k: k, precisionK: precisionAt, today: day)
            let result = Line(weights: weights, mean: report.mean,
                              profiles: Dictionary(uniqueKeysWithValues: report.profiles.map { ($0.profile, $0.scores) }),
                              top: Dictionary(uniqueKeysWithValues: report.profiles.map { ($0.profile, Array($0.top.prefix(10))) }))
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
    }

    private func readJudgments() throws -> Judgments {
        let text: String
        do { text = try String(contentsOfFile: judgments, encoding: .utf8) } catch {
            throw CommandFailure("cannot read judgments \(judgments): \(error.localizedDescription)")
        }
        do {
            let result = try Judgments(qrels: text, source: judgments)
            if result.queries.isEmpty { throw CommandFailure("\(judgments) has no judgments") }
            return result
        } catch let error as TRECFormatError {
            throw CommandFailure("invalid judgments: \(error)")
        }
    }

    /// Profiles by id: the `id` field, else the file name without `.json`.
    private func readProfiles(today: Day) throws -> [String: Profile] {
        let directory = URL(fileURLWithPath: profiles, isDirectory: true)
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw CommandFailure("cannot read profile directory \(profiles): \(error.localizedDescription)")
        }
        if files.isEmpty { throw CommandFailure("no profile files (*.json) in \(profiles)") }
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: today)
        var result: [String: Profile] = [:]
        var sourceOfID: [String: String] = [:]
        for file in files {
            let profile: Profile
            do {
                profile = try decoder.decode(Data(contentsOf: file), source: file.path)
            } catch let error as ProfileError {
                throw CommandFailure("invalid profile:\n\(error)")
            } catch {
                throw CommandFailure("cannot read profile \(file.path): \(error.localizedDescription)")
            }
            let id = profile.id ?? file.deletingPathExtension().lastPathComponent
            if let earlier = sourceOfID[id] {
                throw CommandFailure("profile id \(id) is used by both \(earlier) and \(file.path)")
            }
            sourceOfID[id] = file.path
            result[id] = profile
        }
        return result
    }

    static func render(_ report: EvaluationReport) -> String {
        func number(_ value: Double) -> String { String(format: "%.4f", value) }
        var table = TextTable([
            .init(title: "profile"),
            .init(title: "nDCG@\(report.k)", alignment: .right),
            .init(title: "P@\(report.precisionK)", alignment: .right),
            .init(title: "MRR", alignment: .right),
            .init(title: "eligible returned", alignment: .right),
            .init(title: "returned", alignment: .right),
        ])
        for profile in report.profiles {
            let found = Int((profile.scores.eligibleReturned * Double(profile.relevant)).rounded())
            table.append([
                profile.profile, number(profile.scores.ndcg), number(profile.scores.precision),
                number(profile.scores.reciprocalRank),
                "\(number(profile.scores.eligibleReturned)) (\(found)/\(profile.relevant))", "\(profile.returned)",
            ])
        }
        table.append([
            "mean of \(report.profiles.count)", number(report.mean.ndcg), number(report.mean.precision),
            number(report.mean.reciprocalRank), number(report.mean.eligibleReturned), "",
        ])
        return "mode: \(report.mode.rawValue), as of \(report.today)\n" + table.render()
    }
}

