public import Foundation

/// Groups of interchangeable words and phrases (`KI`, `künstliche Intelligenz`, `AI`), applied to
/// queries: documents are indexed as written, and a query term also matches its synonyms.
///
/// Expanding at query time keeps the index clean and lets maintainers change
/// `Catalog/analysis/synonyms.json` without re-indexing. Phrases are compiled with the query's
/// analyzer, so `künstliche Intelligenz` becomes the term sequence `kunstlich intelligenz` and
/// matches however the query inflects it.
public struct SynonymTable: Sendable {
    /// One set of equivalent expressions, as the maintainer wrote them.
    public struct Group: Sendable, Hashable, Codable {
        /// A stable name for the group, used in explanations and errors.
        public var id: String
        /// Words or phrases, any case, in German or English.
        public var terms: [String]

        public init(id: String, terms: [String]) {
            self.id = id
            self.terms = terms
        }
    }

    /// One query concept after expansion: the query terms it covers and what may match them.
    public struct Expansion: Sendable, Hashable {
        /// Indexes into the query's term array; more than one for a multi-word synonym.
        public var range: Range<Int>
        /// Term sequences that may stand in for the range, the query's own terms first. A sequence
        /// with more than one term is a phrase.
        public var alternatives: [[String]]
        /// The ids of the groups that matched, empty when the terms had no synonyms.
        public var groupIDs: [String]
        /// The same groups as positions in ``SynonymTable/groups`` (what ``phrases(ofGroup:analyzer:)``
        /// takes).
        public var groupIndexes: [Int] = []
    }

    public let groups: [Group]
    private let cache = CompiledTableCache()

    /// A table without synonyms: every query term expands to itself.
    public static let empty = SynonymTable(groups: [])

    public init(groups: [Group]) {
        self.groups = groups
    }

    /// Reads the `synonyms.json` format (see `Catalog/analysis/README.md`).
    /// - Throws: ``SynonymTableError`` naming the JSON pointer of the bad value.
    public init(jsonData: Data) throws {
        let document: SynonymDocument
        do {
            document = try JSONDecoder().decode(SynonymDocument.self, from: jsonData)
        } catch let error as DecodingError {
            throw SynonymTableError(decoding: error)
        } catch {
            throw SynonymTableError(pointer: "", message: "not valid JSON: \(error.localizedDescription)")
        }
        try document.validate()
        self.init(groups: document.groups)
    }

    /// For each query concept, its alternatives, the query's own terms first; multi-word phrases are
    /// space-joined term sequences (`"kunstlich intelligenz"`). Terms never contain spaces, so a
    /// space always means "these terms in sequence".
    ///
    /// A multi-word synonym found in the query collapses its terms into one entry: for
    /// `["kunstlich", "intelligenz", "forder"]` the result is
    /// `[["kunstlich intelligenz", "ki", "ai", …], ["forder", …]]`. Use ``expansions(_:analyzer:)``
    /// to know which query terms each entry covers.
    public func expand(_ terms: [String], analyzer: Analyzer) -> [[String]] {
        expansions(terms, analyzer: analyzer).map { expansion in
            expansion.alternatives.map { $0.joined(separator: " ") }
        }
    }

    /// ``expand(_:analyzer:)`` with the query ranges and group ids. At each position the longest
    /// matching phrase wins; all groups containing it contribute alternatives.
    public func expansions(_ terms: [String], analyzer: Analyzer) -> [Expansion] {
        let table = compiled(for: analyzer)
        var result: [Expansion] = []
        var index = 0
        while index < terms.count {
            var longest = 0
            var groupIndexes: [Int] = []
            for candidate in table.phrasesStarting[terms[index]] ?? [] where candidate.terms.count >= longest {
                let end = index + candidate.terms.count
                guard end <= terms.count, terms[index..<end].elementsEqual(candidate.terms) else { continue }
                if candidate.terms.count > longest {
                    longest = candidate.terms.count
                    groupIndexes = []
                }
                if !groupIndexes.contains(candidate.group) { groupIndexes.append(candidate.group) }
            }
            guard longest > 0 else {
                result.append(Expansion(range: index..<index + 1, alternatives: [[terms[index]]], groupIDs: []))
                index += 1
                continue
            }
            let own = Array(terms[index..<index + longest])
            var alternatives = [own]
            for group in groupIndexes {
                for phrase in table.groupPhrases[group] where !alternatives.contains(phrase) {
                    alternatives.append(phrase)
                }
            }
            result.append(Expansion(
                range: index..<index + longest,
                alternatives: alternatives,
                groupIDs: groupIndexes.map { groups[$0].id },
                groupIndexes: groupIndexes
            ))
            index += longest
        }
        return result
    }

    /// The analysed synonyms of one word or phrase (itself first), e.g. for explaining a match.
    public func alternatives(of phrase: String, analyzer: Analyzer) -> [[String]] {
        let terms = analyzer.phraseTerms(phrase)
        let expansions = expansions(terms, analyzer: analyzer)
        guard expansions.count == 1 else { return [terms] }
        return expansions[0].alternatives
    }

    /// The distinct analysed phrases of the group at `group` (a position in ``groups``), in
    /// the maintainer's order: exactly the alternatives ``expansions(_:analyzer:)`` gives for a
    /// query that names this group alone (the query's own phrase is one of them). Depends on
    /// the analyzer's language only.
    public func phrases(ofGroup group: Int, analyzer: Analyzer) -> [[String]] {
        compiled(for: analyzer).groupPhrases[group]
    }

    private func compiled(for analyzer: Analyzer) -> CompiledSynonyms {
        cache.table(for: analyzer.language) { CompiledSynonyms(groups: groups, analyzer: analyzer) }
    }
}

/// The groups as analysed term sequences for one language, indexed by first term.
struct CompiledSynonyms: Sendable {
    struct Phrase: Sendable {
        var terms: [String]
        var group: Int
    }

    /// Each group's distinct phrases, in the maintainer's order.
    var groupPhrases: [[[String]]] = []
    var phrasesStarting: [String: [Phrase]] = [:]

    /// Phrases are compiled without compound parts (only ``Analyzer/phraseTerms(_:)``), so the
    /// result depends on the language alone, not on the analyzer's compound dictionary.
    init(groups: [SynonymTable.Group], analyzer: Analyzer) {
        for (groupIndex, group) in groups.enumerated() {
            var phrases: [[String]] = []
            for text in group.terms {
                let terms = analyzer.phraseTerms(text)
                guard !terms.isEmpty, !phrases.contains(terms) else { continue }
                phrases.append(terms)
                phrasesStarting[terms[0], default: []].append(Phrase(terms: terms, group: groupIndex))
            }
            groupPhrases.append(phrases)
        }
    }
}

/// Compiled tables per language, built on first use. A class so that copies of a
/// ``SynonymTable`` share the work.
final class CompiledTableCache: @unchecked Sendable {
    // @unchecked: `tables` is only touched under `lock`.
    private let lock = NSLock()
    private var tables: [AnalysisLanguage: CompiledSynonyms] = [:]

    func table(for language: AnalysisLanguage, build: () -> CompiledSynonyms) -> CompiledSynonyms {
        lock.lock()
        if let table = tables[language] {
            lock.unlock()
            return table
        }
        lock.unlock()
        let table = build()  // outside the lock: building analyses text; a duplicate build is harmless
        lock.lock()
        defer { lock.unlock() }
        if let existing = tables[language] { return existing }
        tables[language] = table
        return table
    }
}
