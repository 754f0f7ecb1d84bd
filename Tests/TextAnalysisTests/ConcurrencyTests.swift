import Foundation
import Testing
import TextAnalysis

@Suite("Concurrent use")
struct ConcurrencyTests {
    @Test("Many tasks analysing at once get exactly the single-threaded results")
    func concurrentAnalysis() async throws {
        let texts = try Fixtures.catalogueTexts()
        let dictionary = CompoundDictionary.build(fromTexts: texts, minFrequency: 2)
        let analyzer = Analyzer(language: .german, compounds: dictionary)
        let expected = texts.map(analyzer.tokens)

        let results = await withTaskGroup(of: (Int, Int, [[AnalyzedToken]]).self) { group in
            for task in 0..<16 {
                group.addTask {
                    // Each task walks the texts from a different offset so tasks overlap on different words.
                    let order = texts.indices.map { ($0 + task * 7) % texts.count }
                    var output = [[AnalyzedToken]](repeating: [], count: texts.count)
                    for index in order { output[index] = analyzer.tokens(texts[index]) }
                    return (task, order.count, output)
                }
            }
            var collected: [(Int, Int, [[AnalyzedToken]])] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 16)
        for (task, count, output) in results {
            #expect(count == texts.count)
            #expect(output == expected, "task \(task) differs")
        }
    }

    @Test("Synonym tables compile once and agree across tasks")
    func concurrentSynonyms() async throws {
        let table = try SynonymTable(jsonData: Data(contentsOf: Fixtures.synonymsFile))
        let analyzer = Analyzer(language: .german)
        let queries = ["KI für Gründer", "künstliche Intelligenz", "Zuschuss Breitband", "Darlehen Energie sparen"]
        let expected = queries.map { table.expand(analyzer.terms($0), analyzer: analyzer) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for (query, expansion) in zip(queries, expected) {
                        #expect(table.expand(analyzer.terms(query), analyzer: analyzer) == expansion)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
