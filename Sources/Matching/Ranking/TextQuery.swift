import Foundation
import SupportModel
import TextAnalysis

/// A project description turned into weighted term groups, once per analysis language of
/// the index: each offer is scored with the description analysed in the offer's language.
///
/// A group is one concept of the query (a word, a multi-word synonym, a compound part) with
/// its alternatives (the word itself, its synonyms); an offer scores the best alternative it
/// contains, so `KI` and `künstliche Intelligenz` in the same offer count once.
struct TextQuery: Sendable {
    struct Alternative: Sendable {
        /// One term, or a phrase whose terms must all occur (positions are not indexed, so a
        /// phrase is "all of these words", not "these words in a row").
        var terms: [Int32]
        var text: String
        /// 1 for the applicant's own word, ``RankingConfiguration/synonymWeight`` for synonyms.
        var weight: Float
        var isSynonym: Bool
        /// Mean idf of the terms.
        var idf: Float
    }

    struct Group: Sendable {
        var alternatives: [Alternative]
        /// 1, or ``RankingConfiguration/compoundPartWeight`` for a compound part.
        var weight: Float
        var isCompoundPart: Bool
        /// The applicant's words this group stands for.
        var words: String
        /// Added by the concept layer for an intent of the description, not written by the applicant.
        var isConcept = false
        /// The synonym-table entry (a position in ``SynonymTable/groups``) whose phrases are the
        /// alternatives, when exactly one entry matched: the group can be added from that
        /// entry's stored list (``SynonymLists``).
        var synonymEntry: Int? = nil
    }

    var groups: [AnalysisLanguage: [Group]] = [:]
    /// The concepts of the concept layer recognised in the description, in any language, whatever
    /// their weight: what the client's words say beyond themselves (a purpose it names,
    /// ``DerivationRules/purposesNamed(byClient:concepts:)``).
    var concepts: Set<String> = []
    /// The score an offer matching every group perfectly would approach, per language.
    var maximum: [AnalysisLanguage: Float] = [:]

    var isEmpty: Bool { groups.values.allSatisfy(\.isEmpty) }

    init() {}

    /// `index` is borrowed: an initializer takes its arguments owned, so the caller copied the
    /// whole index (its shared references retained and released) to lend it here.
    init(text: String, languages: Set<AnalysisLanguage>, index: borrowing OfferIndex) {
        let configuration = index.configuration
        for language in languages.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let analyzer = index.analyzers[language] else { continue }
            // The language's dictionary once, not looked up by language for every term.
            let dictionary = index.text.terms[language]
            func termID(_ term: String) -> Int32? { dictionary?[term] }
            // Numerals ("2024", "140", "zwei") and list verbs ("gehören") say nothing about
            // which programme fits; they never count as matched words.
            // The sets once, not per scalar: each `CharacterSet` getter builds its value anew.
            let digits = CharacterSet.decimalDigits, punctuation = CharacterSet.punctuationCharacters
            let tokens = analyzer.tokens(text).filter { token in
                !token.surface.unicodeScalars.allSatisfy { digits.contains($0) || punctuation.contains($0) }
                    && !analyzer.isQueryNoise(String(token.surface))
            }
            let words = tokens.filter { !$0.isCompoundPart }
            var built: [Group] = []
            var seen: [String: Int] = [:]
            // How often the applicant wrote each group's word beyond the first (whole words only).
            var repeats: [Int: Int] = [:]

            func add(_ expansion: SynonymTable.Expansion, surfaces: String, weight: Float, isPart: Bool) {
                var alternatives: [Alternative] = []
                // Each alternative's text once: it names the alternative and makes the group's key.
                let texts = expansion.alternatives.map { $0.joined(separator: " ") }
                for (position, phrase) in expansion.alternatives.enumerated() {
                    let ids = phrase.compactMap(termID)
                    guard ids.count == phrase.count, !ids.isEmpty else { continue }
                    let idf = ids.map { index.text.idf[Int($0)] }.reduce(0, +) / Float(ids.count)
                    alternatives.append(Alternative(
                        terms: ids, text: texts[position],
                        weight: position == 0 ? 1 : Float(configuration.synonymWeight), isSynonym: position > 0, idf: idf))
                }
                guard !alternatives.isEmpty else { return }
                let key = texts.sorted().joined(separator: "|")
                if let existing = seen[key] {
                    // The same concept twice (a repeated word, or a word and a compound part): keep one, at the higher weight.
                    // Only a whole word written again is a repeat; a compound part that meets a word
                    // ("Ausbildung" in "Ausbildungsplätzen") is not.
                    if !isPart { repeats[existing, default: 0] += 1 }
                    if weight > built[existing].weight {
                        built[existing].weight = weight
                        built[existing].isCompoundPart = isPart
                    }
                    return
                }
                seen[key] = built.count
                built.append(Group(alternatives: alternatives, weight: weight, isCompoundPart: isPart, words: surfaces,
                                   synonymEntry: expansion.groupIndexes.count == 1 ? expansion.groupIndexes[0] : nil))
            }

            let expansions = index.synonyms.expansions(words.map(\.term), analyzer: analyzer)
            for expansion in expansions {
                let surfaces = words[expansion.range].map(\.surface).joined(separator: " ")
                add(expansion, surfaces: surfaces, weight: 1, isPart: false)
            }
            for part in tokens where part.isCompoundPart {
                for expansion in index.synonyms.expansions([part.term], analyzer: analyzer) {
                    add(expansion, surfaces: String(part.surface), weight: Float(configuration.compoundPartWeight), isPart: true)
                }
            }
            // The concept layer: programme words for the intents the description shows, each
            // its own group, unless the applicant wrote the word already.
            if let table = index.concepts[language] {
                let recognised = table.recognised(in: Set(tokens.map(\.term)))
                concepts.formUnion(recognised.map(\.id))
                if configuration.conceptWeight > 0 {
                    var written = Set(built.flatMap { $0.alternatives.map(\.text) })
                    for entry in recognised {
                        for phrase in entry.programmes {
                            let ids = phrase.compactMap(termID)
                            guard ids.count == phrase.count, !ids.isEmpty, written.insert(phrase.joined(separator: " ")).inserted else { continue }
                            let idf = ids.map { index.text.idf[Int($0)] }.reduce(0, +) / Float(ids.count)
                            built.append(Group(
                                alternatives: [Alternative(terms: ids, text: phrase.joined(separator: " "), weight: 1, isSynonym: false, idf: idf)],
                                weight: Float(configuration.conceptWeight), isCompoundPart: false, words: entry.id, isConcept: true))
                        }
                    }
                }
            }
            // Okapi's query-term saturation (``RankingConfiguration/queryTermSaturation``).
            let k3 = Float(configuration.queryTermSaturation)
            if k3 > 0 {
                for (group, extra) in repeats {
                    let written = Float(extra + 1)
                    built[group].weight *= written * (k3 + 1) / (written + k3)
                }
            }
            groups[language] = built
            // Concept words are not the applicant's: they do not raise the floor of the text score.
            maximum[language] = built.filter { !$0.isConcept }.reduce(0) { sum, group in
                sum + group.weight * (group.alternatives.map { $0.weight * $0.idf }.max() ?? 0)
            }
        }
    }

    /// Raw BM25F scores per document (0 where nothing matched).
    ///
    /// This walks the postings of every query term, so it runs on raw buffers: array writes
    /// through Swift's copy-on-write checks were a large part of a query on 100,000 offers.
    /// A group with alternatives (synonyms, phrases) walks its merged list
    /// (``MergedGroupPostings``): each document's best alternative taken once per distinct
    /// group and kept, so a query adds one value per document of the group. Until session 11
    /// each query took the maxima into `best` and walked every alternative but the longest a
    /// second time to add them: the synonym groups were half of the walk at 100,000 offers.
    ///
    /// The scores array comes from the index's ``ScratchArrays`` (give it back when the query
    /// is done); `best` (for a group merged now) is taken from and given back to its zeroed pool,
    /// because the merge resets every slot it raises.
    func score(_ index: OfferIndex) -> [Float] {
        let count = index.count
        var scores = index.scratch.take(count: count)
        guard !isEmpty else { return scores }
        let needsBest = groups.values.contains { $0.contains { $0.alternatives.count > 1 || $0.alternatives[0].terms.count > 1 } }
        var best = needsBest ? index.scratch.takeZeroed(count: count) : []
        defer { index.scratch.giveZeroed(best) }
        let text = index.text
        let synonymWeight = Float(index.configuration.synonymWeight)

        scores.withUnsafeMutableBufferPointer { scoresBuffer in
        best.withUnsafeMutableBufferPointer { bestBuffer in
        text.docs.withUnsafeBufferPointer { docsBuffer in
        text.impacts.withUnsafeBufferPointer { impactsBuffer in
            // Plain local pointers: through the closures' parameters the loops reloaded each
            // buffer's address after every store (the store might have changed it), which kept
            // the compiler from overlapping the postings' loads.
            guard let scores = scoresBuffer.baseAddress else { return }  // an empty catalogue
            let docs = docsBuffer.baseAddress, impacts = impactsBuffer.baseAddress
            let best = bestBuffer.baseAddress
            for language in groups.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                let entryLists = index.synonymLists.lists(for: language, weight: synonymWeight, synonyms: index.synonyms)
                for group in groups[language]! {
                    if group.alternatives.count == 1, group.alternatives[0].terms.count == 1 {
                        // The common case: one term, no synonyms; add straight into the scores.
                        let term = group.alternatives[0].terms[0]
                        let factor = group.weight * group.alternatives[0].weight * text.idf[Int(term)]
                        guard let docs, let impacts else { continue }
                        for position in text.postings(term) {
                            scores[Int(docs[position])] += factor * impacts[position]
                        }
                        continue
                    }
                    // Synonyms: the entry's list stored with the index (``SynonymLists``)
                    // merged with the own phrase's postings. Other groups with alternatives
                    // (several entries, phrases of the concept layer): the group's merged list
                    // (``MergedGroupPostings``), one add per document of the group; the two
                    // walks below when that store is full.
                    guard let docs, let impacts, let best else { continue }
                    let weight = group.weight
                    func add(_ merged: MergedGroupPostings.List) {
                        merged.docs.withUnsafeBufferPointer { mergedDocs in
                        merged.values.withUnsafeBufferPointer { values in
                            for entry in mergedDocs.indices {
                                scores[Int(mergedDocs[entry])] += weight * values[entry]
                            }
                        }
                        }
                    }
                    if let entry = group.synonymEntry, let entryLists {
                        // One entry of the synonym table: the group's kept list, else its
                        // entry's list from the index file with the own phrase folded in (kept
                        // for the next query within the store's bound).
                        if let kept = index.mergedGroups.kept(group.alternatives) {
                            add(kept)
                        } else {
                            let merged = Self.mergedEntry(group, list: entryLists, entry: entry, text: text, docs: docs,
                                                          impacts: impacts, best: best)
                            index.mergedGroups.keep(group.alternatives, merged)
                            add(merged)
                        }
                    } else if let merged = index.mergedGroups.list(group.alternatives, text: text, best: best, count: count) {
                        add(merged)
                    } else {
                        Self.walk(group, text: text, scores: scores, docs: docs, impacts: impacts, best: best)
                    }
                }
            }
        }
        }
        }
        }
        return scores
    }

    /// A group with alternatives added without a merged list (the store is full): each
    /// document's best alternative taken into `best`, then added and the slot reset, with the
    /// same values and the same single add per document as the merged list, so the same sums.
    /// The single-term alternative with the longest postings is walked once, last, finishing
    /// the maximum and adding in one step; every other alternative is walked twice (for the
    /// maximum, then for the add).
    static func walk(_ group: Group, text: TextIndex, scores: UnsafeMutablePointer<Float>, docs: UnsafePointer<Int32>,
                     impacts: UnsafePointer<Float>, best: UnsafeMutablePointer<Float>) {
        let last = Self.longestSingleTerm(group.alternatives, text: text)
        for (number, alternative) in group.alternatives.enumerated() where number != last {
            Self.raiseBest(alternative, text: text, docs: docs, impacts: impacts, best: best)
        }
        // Every other alternative's maximum is in `best` now, so this walk finishes its
        // documents' maxima (`max` is exact in any order), adds them and resets the slot; the
        // walk below then adds the reset 0 for these documents (x + 0 is x).
        if let last {
            let term = group.alternatives[last].terms[0]
            let factor = group.alternatives[last].weight * text.idf[Int(term)]
            for position in text.postings(term) {
                let doc = Int(docs[position])
                scores[doc] += group.weight * max(best[doc], factor * impacts[position])
                best[doc] = 0
            }
        }
        // Every document with a best alternative is in the postings of one of the group's
        // terms; the first visit adds it, later ones add the reset 0.
        for (number, alternative) in group.alternatives.enumerated() where number != last {
            for term in alternative.terms {
                for position in text.postings(term) {
                    let doc = Int(docs[position])
                    scores[doc] += group.weight * best[doc]
                    best[doc] = 0
                }
            }
        }
    }

    /// `best` raised to one alternative's score for each of its documents: a single term's
    /// `weight · idf · impact`, a phrase's as ``phrase(_:text:docs:impacts:best:)`` scores it.
    /// The step both the walk and ``MergedGroupPostings/merge(_:text:best:count:capacity:)``
    /// take per alternative, so a kept list holds exactly the maxima the walk would take.
    /// Cost: the alternative's postings (a phrase's: its rarest term's, plus lookups).
    @inline(__always)
    static func raiseBest(_ alternative: Alternative, text: TextIndex, docs: UnsafePointer<Int32>,
                          impacts: UnsafePointer<Float>, best: UnsafeMutablePointer<Float>) {
        guard alternative.terms.count == 1 else {
            phrase(alternative, text: text, docs: docs, impacts: impacts, best: best)
            return
        }
        let term = alternative.terms[0]
        let factor = alternative.weight * text.idf[Int(term)]
        for position in text.postings(term) {
            let doc = Int(docs[position])
            best[doc] = max(best[doc], factor * impacts[position])
        }
    }

    /// The position of the single-term alternative with the most postings (the first of equal
    /// ones), or `nil` when every alternative is a phrase.
    static func longestSingleTerm(_ alternatives: [Alternative], text: TextIndex) -> Int? {
        var longest: Int?, length = -1
        for (number, alternative) in alternatives.enumerated() where alternative.terms.count == 1 {
            let count = text.postings(alternative.terms[0]).count
            if count > length { (longest, length) = (number, count) }
        }
        return longest
    }

    /// A phrase's documents (those in the postings of every one of its terms) with `best`
    /// raised to the phrase's score where that is higher: the terms' `idf · impact` added from
    /// 0 in the phrase's order, times the weight's share.
    ///
    /// Walks the shortest term's postings and looks each document up in the others' by
    /// galloping search from where the last lookup ended (postings are sorted): the cost
    /// follows the rarest term. Counting every term's postings into per-document hit counts
    /// and sums (as before) wrote two per-document arrays and kept a list of the documents
    /// touched, with a branch per posting: about a quarter of the postings walk at 100,000
    /// offers. The same sums in the same order, so the same scores.
    static func phrase(_ alternative: Alternative, text: TextIndex, docs: UnsafePointer<Int32>, impacts: UnsafePointer<Float>,
                       best: UnsafeMutablePointer<Float>) {
        let terms = alternative.terms
        let lists = terms.map { text.postings($0) }
        let idfs = terms.map { text.idf[Int($0)] }
        guard let driver = lists.indices.min(by: { lists[$0].count < lists[$1].count }), !lists[driver].isEmpty else { return }
        let share = alternative.weight / Float(terms.count)
        var cursors = lists.map(\.lowerBound)
        var found = [Int](repeating: 0, count: terms.count)
        for position in lists[driver] {
            let doc = docs[position]
            var inAll = true
            for term in terms.indices {
                if term == driver {
                    found[term] = position
                    continue
                }
                let end = lists[term].upperBound
                let at = seek(doc, in: docs, from: cursors[term], to: end)
                cursors[term] = at
                if at == end { return }  // no later document of the driver is in this list either
                if docs[at] != doc {
                    inAll = false
                    break
                }
                found[term] = at
            }
            guard inAll else { continue }
            var sum: Float = 0
            for term in terms.indices { sum += idfs[term] * impacts[found[term]] }
            best[Int(doc)] = max(best[Int(doc)], share * sum)
        }
    }

    /// The first position in `from..<end` whose document is at least `target`, or `end`:
    /// doubling steps from `from`, then a binary search in the last step.
    @inline(__always)
    static func seek(_ target: Int32, in docs: UnsafePointer<Int32>, from start: Int, to end: Int) -> Int {
        guard start < end, docs[start] < target else { return start }
        var low = start, step = 1
        var high = start + 1
        while high < end, docs[high] < target {
            low = high
            step <<= 1
            high = low + step
        }
        high = min(high, end)
        low += 1
        while low < high {
            let middle = (low + high) >> 1
            if docs[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The groups an offer matched, for its explanation.
    func matches(in doc: Int, index: OfferIndex) -> [(group: Group, alternative: Alternative)] {
        let language = index.languages[doc]
        var result: [(group: Group, alternative: Alternative)] = []
        for group in groups[language] ?? [] {
            if let alternative = group.alternatives.first(where: { alternative in
                alternative.terms.allSatisfy { index.text.impact($0, in: Int32(doc)) > 0 }
            }) {
                result.append((group, alternative))
            }
        }
        return result
    }
}
