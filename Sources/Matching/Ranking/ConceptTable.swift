public import Foundation
import TextAnalysis

/// The bridge from what a client says they want to do to the words programmes use for that
/// kind of support (`Catalog/analysis/concepts.json`): "ein KI-Modul entwickeln" is a product
/// development, which programmes call "Forschung und Entwicklung", "Innovation",
/// "Markteinführung". Unlike a synonym group it is one-way: the programme words join the query
/// (at ``RankingConfiguration/conceptWeight``), never the other way round.
///
/// Intents are general project kinds (develop a product, hire, train staff, buy machines, save
/// energy, start a business, export), written as data so a maintainer extends them.
public struct ConceptTable: Sendable {
    public struct Concept: Sendable, Decodable {
        public var id: String
        /// Words or phrases of the client's description that signal the intent; one is enough.
        public var when: [String]
        /// Words programmes of this kind use; each joins the query as its own term.
        public var programmes: [String]
    }

    public let concepts: [Concept]

    public static let empty = ConceptTable(concepts: [])

    init(concepts: [Concept]) { self.concepts = concepts }

    public init(jsonData: Data, source: String = "concepts.json") throws {
        struct Document: Decodable { var format: String; var version: Int; var concepts: [Concept] }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: jsonData) } catch {
            throw DerivationRulesError("\(source): \(error)")
        }
        guard document.format == "supportmatch-concepts", document.version == 1 else {
            throw DerivationRulesError("\(source): expected format supportmatch-concepts, version 1")
        }
        var seen: Set<String> = []
        for (number, concept) in document.concepts.enumerated() {
            guard seen.insert(concept.id).inserted else { throw DerivationRulesError("\(source) at /concepts/\(number)/id: duplicate id \"\(concept.id)\"") }
            guard !concept.when.isEmpty, !concept.programmes.isEmpty else {
                throw DerivationRulesError("\(source) at /concepts/\(number): expected non-empty `when` and `programmes`")
            }
        }
        concepts = document.concepts
    }

    /// The concepts analysed for one language, so a query only compares term lists.
    struct Compiled: Sendable {
        struct Entry: Sendable {
            var id: String
            var triggers: [[String]]
            var programmes: [[String]]
        }
        var entries: [Entry]
        /// Every trigger term, numbered; `triggerNumbers[e][t]` are the numbers of
        /// `entries[e].triggers[t]`'s terms.
        let triggerTerms: [String: Int]
        let triggerNumbers: [[[Int]]]

        init(entries: [Entry]) {
            self.entries = entries
            var numbers: [String: Int] = [:]
            triggerNumbers = entries.map { entry in
                entry.triggers.map { trigger in
                    trigger.map { term in
                        if let known = numbers[term] { return known }
                        numbers[term] = numbers.count
                        return numbers.count - 1
                    }
                }
            }
            triggerTerms = numbers
        }

        /// The concepts whose trigger terms all occur in `terms` (in any order).
        ///
        /// Each of the query's terms is looked up once among the trigger terms, and the
        /// triggers are then checked by number: testing every trigger's terms against `terms`
        /// hashed about a hundred strings per query (1.5 % of a recommendation's server CPU on
        /// the Förderdatenbank). ``recognisedByStrings(in:)`` is the plain definition (a test
        /// compares the two).
        func recognised(in terms: Set<String>) -> [Entry] {
            var present = [Bool](repeating: false, count: triggerTerms.count)
            for term in terms {
                if let number = triggerTerms[term] { present[number] = true }
            }
            return zip(entries, triggerNumbers).filter { _, triggers in
                triggers.contains { !$0.isEmpty && $0.allSatisfy { present[$0] } }
            }.map(\.0)
        }

        func recognisedByStrings(in terms: Set<String>) -> [Entry] {
            entries.filter { entry in entry.triggers.contains { !$0.isEmpty && $0.allSatisfy(terms.contains) } }
        }
    }

    func compiled(with analyzer: Analyzer) -> Compiled {
        Compiled(entries: concepts.map { concept in
            Compiled.Entry(id: concept.id,
                           triggers: concept.when.map { analyzer.phraseTerms($0) },
                           programmes: concept.programmes.map { analyzer.phraseTerms($0) }.filter { !$0.isEmpty })
        })
    }
}
