import BundledCatalog
import Foundation
import Matching
import SupportModel
import TextAnalysis

/// Measures `OfferIndex.recommend` latency on one thread: builds the index over a native JSON
/// catalogue, answers every query profile once to warm up, then `--rounds` times in order, and
/// prints one JSON object with p50, p99 and mean in milliseconds.
///
///     matching-bench --catalogue offers-10k.json --queries queries.json [--rounds 20] [--today 2026-11-28]
struct Arguments {
    var catalogue = ""
    var queries = ""
    var rounds = 20
    var today = "2026-11-28"
    var limit = 10
    /// Writes every answer of the warm-up pass (ids, scores, near misses, next question, snippets)
    /// to this file, so that two builds can be compared for identical results.
    var dump = ""
    /// Writes every offer's derived facts (one JSON line per offer, in index order), so that two
    /// builds can be compared for identical derivations.
    var dumpDerived = ""

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--catalogue": catalogue = value
            case "--queries": queries = value
            case "--rounds": rounds = Int(value) ?? rounds
            case "--today": today = value
            case "--limit": limit = Int(value) ?? limit
            case "--dump": dump = value
            case "--dump-derived": dumpDerived = value
            default: fail("unknown option \(flag)")
            }
        }
        if catalogue.isEmpty || queries.isEmpty { fail("usage: matching-bench --catalogue FILE --queries FILE [--rounds N]") }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("matching-bench: \(message)\n".utf8))
    exit(2)
}

func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    // Nearest rank, as most latency tools report it.
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
}

let arguments = Arguments(CommandLine.arguments)
guard let today = Day(iso: arguments.today) else { fail("--today expects YYYY-MM-DD") }

// Catalogue: the native JSON document written by Benchmarks/generate_catalogue.py.
var start = ContinuousClock.now
struct Document: Decodable { var offers: [Offer] }
struct Header: Decodable { var source: String }
let data: Data
do { data = try Data(contentsOf: URL(fileURLWithPath: arguments.catalogue)) } catch { fail("cannot read \(arguments.catalogue): \(error)") }
let decoder = JSONDecoder()
decoder.userInfo[.catalogueSource] = (try? JSONDecoder().decode(Header.self, from: data).source) ?? "generated"
let offers: [Offer]
do { offers = try decoder.decode(Document.self, from: data).offers } catch { fail("cannot decode \(arguments.catalogue): \(error)") }
let loadMilliseconds = milliseconds(since: start)

// The matching resources the CLI and server use: synonyms, derivation rules, concepts, weights.
let resources: MatchingResources
do { resources = try MatchingResources.load(from: BundledCatalog.analysisDirectory) } catch { fail("\(error)") }
start = ContinuousClock.now
let index = OfferIndex(offers: offers, taxonomies: BundledCatalog.taxonomies, resources: resources)
let buildMilliseconds = milliseconds(since: start)
if !arguments.dumpDerived.isEmpty {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var lines: [String] = []
    for (id, facts) in zip(index.offers.ids, index.derived) {
        do { lines.append("\(id)\t" + String(decoding: try encoder.encode(facts), as: UTF8.self)) } catch { fail("\(error)") }
    }
    do { try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: arguments.dumpDerived)) } catch {
        fail("cannot write \(arguments.dumpDerived): \(error)")
    }
}

// Queries: {"queries": [profile, ...]} in the profile JSON form.
let queryData: Data
do { queryData = try Data(contentsOf: URL(fileURLWithPath: arguments.queries)) } catch { fail("cannot read \(arguments.queries): \(error)") }
guard let root = try? JSONSerialization.jsonObject(with: queryData) as? [String: Any],
      let list = root["queries"] as? [Any] else { fail("\(arguments.queries): expected {\"queries\": [...]}") }
let profileDecoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: today)
let profiles: [Profile] = list.enumerated().map { position, object in
    do {
        let json = try JSONSerialization.data(withJSONObject: object)
        return try profileDecoder.decode(json, source: "\(arguments.queries)#/queries/\(position)")
    } catch { fail("\(error)") }
}

let requests = profiles.map { RecommendationRequest(profile: $0, today: today, limit: arguments.limit) }
var checksum = 0
var eligible = 0
var dumpLines: [String] = []
// The first pass over the queries, timed apart: it is what a freshly started process answers,
// before anything a query keeps (merged postings, scratch arrays) is warm.
var firstSamples: [Double] = []
for (number, request) in requests.enumerated() {  // warm-up, and the result sizes
    let firstBegin = ContinuousClock.now
    let answer = try index.recommend(request)
    firstSamples.append(milliseconds(since: firstBegin))
    checksum &+= answer.results.count
    eligible += answer.counts.eligible
    if !arguments.dump.isEmpty {
        for result in answer.results + answer.nearMisses {
            let explanation = result.explanation
            dumpLines.append("\(number)\t\(result.rank)\t\(result.id)\t\(result.score)\t\(result.reason.en)\t\(explanation.snippet?.marked(open: "«", close: "»") ?? "-")\t\(explanation.matchedTerms.map(\.matched))")
        }
        dumpLines.append("\(number)\tnext\t\(answer.nextQuestion?.message.en ?? "-")\t\(answer.counts)")
    }
}
if !arguments.dump.isEmpty {
    do { try Data(dumpLines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: arguments.dump)) } catch { fail("cannot write \(arguments.dump): \(error)") }
}
var samples: [Double] = []
samples.reserveCapacity(requests.count * arguments.rounds)
for _ in 0..<arguments.rounds {
    for request in requests {
        let begin = ContinuousClock.now
        let answer = try index.recommend(request)
        samples.append(milliseconds(since: begin))
        checksum &+= answer.results.count
    }
}
samples.sort()
firstSamples.sort()
let report: [String: Any] = [
    "engine": "supportmatch",
    "offers": index.count,
    "queries": requests.count,
    "samples": samples.count,
    "p50_ms": percentile(samples, 50),
    "p99_ms": percentile(samples, 99),
    "mean_ms": samples.reduce(0, +) / Double(max(1, samples.count)),
    "first_pass_p50_ms": percentile(firstSamples, 50),
    "first_pass_max_ms": firstSamples.last ?? 0,
    "first_pass_mean_ms": firstSamples.reduce(0, +) / Double(max(1, firstSamples.count)),
    "load_ms": loadMilliseconds,
    "build_ms": buildMilliseconds,
    "mean_eligible": Double(eligible) / Double(max(1, requests.count)),
    "checksum": checksum,
]
let output = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: output, as: UTF8.self))
