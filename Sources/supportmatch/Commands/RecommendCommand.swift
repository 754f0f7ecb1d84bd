import ArgumentParser
import BundledCatalog
import Foundation
import Matching
import SupportModel

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank the offers an organisation can use, with the reason for each.",
        discussion: """
            Give the answers as a profile file (Catalog/profiles/ has examples) and/or as flags; \
            flags override the file. Prints the eligible offers best first, then near misses \
            (offers failing exactly one criterion) and the next most useful question.

            Example: supportmatch recommend --type company --state DE-SN --employees 12 \
            --topic digitalisierung --text "KI in der Qualitätsprüfung"
            """
    )

    @OptionGroup var answers: ProfileOptions
    @OptionGroup var recommendation: RecommendationOptions

    @Option(help: ArgumentHelp("Show at most this many results.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Explain one offer in full (id or local id), eligible or not.", valueName: "id"))
    var explain: String?

    @Option(name: .customLong("measure"), help: ArgumentHelp(
        "Run the recommendation this many times and print index build time and latency p50/p99 to stderr.",
        valueName: "n", visibility: .hidden))
    var measure: Int = 0

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let today = recommendation.day
        let profile = try answers.resolvedProfile(taxonomies: BundledCatalog.taxonomies, today: today, language: recommendation.outputLanguage)
        let clock = ContinuousClock()
        let buildStart = clock.now
        let index = try database.openIndex()
        let buildTime = clock.now - buildStart
        let request = RecommendationRequest(profile: profile, today: today, limit: limit, includeClosed: recommendation.includeClosed,
                                            nearMissLimit: recommendation.nearMisses)
        let text = RecommendationText(language: recommendation.outputLanguage, taxonomies: BundledCatalog.taxonomies, showIDs: recommendation.ids)

        if let explain {
            let id = try Self.resolve(explain, in: index)
            guard let explained = try index.explain(id, request) else { throw CommandFailure("no offer with id \(explain)") }
            if output.json { try Terminal.printJSON(explained) } else { print(text.explanation(explained)) }
            return
        }
        if measure > 0 {
            var samples: [Duration] = []
            for _ in 0..<measure {
                let start = clock.now
                _ = try index.recommend(request)
                samples.append(clock.now - start)
            }
            samples.sort()
            func ms(_ duration: Duration) -> String {
                String(format: "%.3f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
            }
            Terminal.writeError("offers \(index.count), load+index \(ms(buildTime)), \(measure) runs: p50 \(ms(samples[samples.count / 2])), p99 \(ms(samples[min(samples.count - 1, samples.count * 99 / 100)]))")
        }
        let answer = try index.recommend(request)
        if output.json {
            try Terminal.printJSON(answer)
        } else {
            print(text.render(answer, profile: profile))
        }
    }

    /// `source:local` or a local id that only one source uses.
    static func resolve(_ text: String, in index: OfferIndex) throws -> OfferID {
        if let id = OfferID(text), index.contains(id) { return id }
        let candidates = index.offers.ids.filter { $0.localID == text }
        switch candidates.count {
        case 1: return candidates[0]
        case 0: throw CommandFailure("no offer with id \(text)")
        default: throw CommandFailure("\(text) is ambiguous; say which: \(candidates.map(\.description).joined(separator: ", "))")
        }
    }
}
