import Foundation
import TextAnalysis

/// Times the text-analysis pipeline: `analysis-bench [--catalogue DIR] [--vocabulary DIR] [--seconds S]`.
///
/// - Snowball stemming per word through `Analyzer.stem` (fold + Swift stemmer), over Snowball's
///   German and English test vocabularies (Debian `snowball-data`) when present.
/// - Analyzer throughput (words/s, tokens/s, MB/s) over the catalogue's titles, summaries and
///   descriptions, without and with the catalogue's compound dictionary, on 1 and 2 tasks.
/// - Compound dictionary build, synonym expansion and language detection per call.
/// Each figure is the best of three timed rounds of at least `--seconds` (default 1) each, in
/// thread CPU time (wall time for the parallel run).

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let catalogueDirectory = URL(fileURLWithPath: option("--catalogue") ?? "Catalog/offers")
let vocabularyDirectory = option("--vocabulary") ?? "/usr/share/snowball/data"
let minimumSeconds = option("--seconds").flatMap(Double.init) ?? 1.0

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU time of the calling thread: on a machine shared with builds, wall time measures the
/// neighbours; single-threaded figures use this instead.
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Best seconds per unit of `body`, which performs `units` units per call; `wallClock` for
/// parallel work, whose CPU time is spread over other threads.
@discardableResult
func measure(_ label: String, units: Int, unitName: String, wallClock: Bool = false, _ body: () -> Void) -> Double {
    let clock = wallClock ? now : threadCPUTime
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = clock()
        repeat {
            body()
            calls += 1
        } while clock() - start < minimumSeconds
        best = min(best, (clock() - start) / Double(calls))
    }
    let perUnit = best / Double(units)
    let perUnitText = perUnit < 1e-6 ? String(format: "%.0f ns", perUnit * 1e9) : String(format: "%.2f µs", perUnit * 1e6)
    let rate = String(format: "%.0f", 1 / perUnit)
    let kind = wallClock ? "wall" : "cpu"
    print("\(label.padding(toLength: 56, withPad: " ", startingAt: 0)) \(perUnitText)/\(unitName)  \(rate) \(unitName)/s  (\(kind))")
    return perUnit
}

// MARK: Inputs

let offerFiles = try FileManager.default.contentsOfDirectory(at: catalogueDirectory, includingPropertiesForKeys: nil)
    .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
var texts: [String] = []
for file in offerFiles {
    let document = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
    for offer in document?["offers"] as? [[String: Any]] ?? [] {
        texts += ["title", "summary", "description"].compactMap { offer[$0] as? String }
    }
}
let bytes = texts.reduce(0) { $0 + $1.utf8.count }
let german = Analyzer(language: .german)
let words = texts.reduce(0) { $0 + german.tokens($1).count }
print("catalogue: \(offerFiles.count) files, \(texts.count) texts, \(bytes) bytes, \(words) analysed tokens (plain German)")

// MARK: Stemming

for (language, algorithm) in [(AnalysisLanguage.german, "german"), (.english, "english")] {
    let file = "\(vocabularyDirectory)/\(algorithm)/voc.txt"
    guard let vocabulary = try? String(contentsOfFile: file, encoding: .utf8) else {
        print("vocabulary: \(file) not found (apt-get install snowball-data); stemming figures skipped")
        continue
    }
    let vocabularyWords = vocabulary.split(separator: "\n").map(String.init)
    print("vocabulary: \(vocabularyWords.count) words from \(file)")
    let analyzer = Analyzer(language: language)
    var sink = 0
    measure("stem, Analyzer.stem (fold + Swift stemmer), \(language.rawValue)", units: vocabularyWords.count, unitName: "word") {
        for word in vocabularyWords { sink &+= analyzer.stem(word).utf8.count }
    }
    if sink == 42 { print("") }
}

// MARK: Analyzer throughput

var dictionary = CompoundDictionary(words: [])
measure("CompoundDictionary.build(fromTexts:minFrequency: 2)", units: 1, unitName: "build") {
    dictionary = CompoundDictionary.build(fromTexts: texts, minFrequency: 2)
}
print("compound dictionary: \(dictionary.count) words")
let compounding = Analyzer(language: .german, compounds: dictionary)
let english = Analyzer(language: .english)

for (label, analyzer) in [("analyzer, German, no compounds", german), ("analyzer, German, catalogue compounds", compounding), ("analyzer, English on the same text", english)] {
    var tokens = 0
    let perWord = measure(label, units: words, unitName: "word") {
        tokens = 0
        for text in texts { tokens += analyzer.tokens(text).count }
    }
    print(String(format: "    %d tokens per pass, %.1f MB/s", tokens, Double(bytes) / (perWord * Double(words)) / 1e6))
}

let concurrentTasks = 2
measure("analyzer, German compounds, \(concurrentTasks) tasks in parallel", units: words * concurrentTasks, unitName: "word", wallClock: true) {
    let group = DispatchGroup()
    for _ in 0..<concurrentTasks {
        DispatchQueue.global().async(group: group) { [texts, compounding] in
            for text in texts { _ = compounding.tokens(text) }
        }
    }
    group.wait()
}

// MARK: Queries

let synonymsFile = URL(fileURLWithPath: "Catalog/analysis/synonyms.json")
if let data = try? Data(contentsOf: synonymsFile), let synonyms = try? SynonymTable(jsonData: data) {
    let queries = [
        "Wir entwickeln KI-Software für den Mittelstand und suchen einen Zuschuss",
        "Gründung eines Start-ups im Bereich künstliche Intelligenz",
        "Glasfaserausbau in der Gemeinde",
        "Darlehen für Energieeffizienz und Photovoltaik",
    ]
    let queryTerms = queries.map(compounding.terms)
    measure("synonym expansion per query (4 queries, compiled)", units: queries.count, unitName: "query") {
        for terms in queryTerms { _ = synonyms.expand(terms, analyzer: compounding) }
    }
    measure("analyse + expand per query", units: queries.count, unitName: "query") {
        for query in queries { _ = synonyms.expand(compounding.terms(query), analyzer: compounding) }
    }
}
let summaries = Array(texts.enumerated().filter { $0.offset % 3 == 1 }.map(\.element))
measure("language detection per summary", units: summaries.count, unitName: "text") {
    for summary in summaries { _ = LanguageDetector.detect(summary) }
}
