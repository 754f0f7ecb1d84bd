import TextAnalysis

/// Per analysis language and entry of the synonym table, the documents in which one of the
/// entry's phrases occurs, each with the best of those phrases' scores at the synonym weight
/// (`max(s · idf · impact, …)`, phrases as ``TextQuery/phrase(_:text:docs:impacts:best:)``
/// scores them), taken when the index is built and stored in the index file.
///
/// Why: at 100,000 offers the synonym groups were half of the postings walk (session 10).
/// Session 11's ``MergedGroupPostings`` keeps such a list per distinct query group, but only
/// once a query has used the group: a freshly started process pays a merge (a pass over every
/// document) for each group it meets first, and the kept lists live in anonymous memory.
/// These lists cost no query anything and sit in the mapped file.
///
/// One list per table entry, not per query group: a query group's alternatives are the
/// applicant's own phrase (weight 1) and the entry's other phrases (weight `s`), and which
/// phrase is the applicant's changes from query to query. The list holds every phrase of
/// the entry at `s`, the own phrase included; a query walks it together with its own
/// phrase's postings and takes `max(own, list)`. That is exactly the walk's maximum
/// `max(own, s-others)` when `0 ≤ s ≤ 1`: the own phrase's value at `s`, `fl(fl(s·idf)·impact)`
/// (a phrase's `fl(fl(s/n)·sum)`), is never above its value at 1, because rounding is monotonic
/// and idf and impacts are not negative. So the 64 entries of the table need 64 lists per
/// language instead of one per phrase (about 350) or per query group.
///
/// Used only when the query's synonym weight is the one the lists were built with
/// (``weight``, bit for bit: ``OfferIndex/reweighted(_:)`` may change it) and the group came
/// from one entry alone; any other group goes through ``MergedGroupPostings`` as before.
struct SynonymLists: Sendable {
    /// One language's lists: entry `e`'s documents (ascending) and values are
    /// `docs[starts[e]..<starts[e + 1]]` and `values[…]`.
    struct Lists: Sendable {
        var starts: Column<Int32>
        var docs: Column<Int32>
        var values: Column<Float>

        func range(_ entry: Int) -> Range<Int> { Int(starts[entry])..<Int(starts[entry + 1]) }
    }

    /// `Float(synonymWeight)`, as ``TextQuery`` weighs a synonym alternative.
    let weight: Float
    /// ``SynonymTable/groups``' count and ``fingerprint(_:)`` of the table the lists were taken
    /// from: a table that differs is not used.
    let entries: Int
    let table: UInt64
    /// Empty when the weight is outside 0…1 (then the shortcut is not exact) or the index has
    /// no synonyms.
    let languages: [AnalysisLanguage: Lists]

    static let none = SynonymLists(weight: .nan, entries: 0, table: 0, languages: [:])

    /// Postings of all lists (8 bytes each in the file).
    var postings: Int { languages.values.reduce(0) { $0 + $1.docs.count } }

    /// The lists a query with this synonym weight and table may use (the table's fingerprint is
    /// compared once, when the index is made: ``OfferIndex``).
    func lists(for language: AnalysisLanguage, weight: Float, synonyms: SynonymTable) -> Lists? {
        guard weight.bitPattern == self.weight.bitPattern, entries == synonyms.groups.count, let lists = languages[language] else {
            return nil
        }
        return lists
    }

    /// FNV-1a over the table's ids and terms (a cheap identity; the index file's key covers the
    /// resources' bytes already when they come from files).
    static func fingerprint(_ synonyms: SynonymTable) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for group in synonyms.groups {
            for text in [group.id] + group.terms {
                for byte in text.utf8 {
                    hash ^= UInt64(byte)
                    hash &*= 0x100_0000_01b3
                }
                hash ^= 0xff
                hash &*= 0x100_0000_01b3
            }
        }
        return hash
    }

    /// The lists of an index with `count` documents. Both builds (in memory and
    /// ``StreamedIndexBuild``) call this with their own access to the postings, so they write the
    /// same bytes.
    ///
    /// - `languages`: the languages with a term dictionary, sorted;
    /// - `termID`: a term's number in its language's dictionary;
    /// - `postings`: a term's documents and impacts; `idf`: its idf.
    ///
    /// Each phrase is raised into a per-document array with the query's own step
    /// (``TextQuery/raiseBest``), then the documents are read out in order. Unlike a
    /// ``MergedGroupPostings`` list, documents a phrase reaches with value 0 are kept, so the
    /// own phrase's documents are always in its entry's list and the query can walk the list
    /// with a cursor in them.
    ///
    /// Cost: each entry's phrases' postings once plus one pass over the documents per entry and
    /// language, about 128 passes at 100,000 offers.
    static func build(synonyms: SynonymTable, synonymWeight: Double, count: Int, languages: [AnalysisLanguage],
                      analyzers: [AnalysisLanguage: Analyzer], termID: (AnalysisLanguage, String) -> Int32?,
                      postings: (Int32) throws -> (docs: [Int32], impacts: [Float]), idf: (Int32) -> Float) rethrows -> SynonymLists {
        let weight = Float(synonymWeight)
        let table = fingerprint(synonyms)
        guard weight >= 0, weight <= 1, !synonyms.groups.isEmpty, count > 0 else {
            return SynonymLists(weight: weight, entries: synonyms.groups.count, table: table, languages: [:])
        }
        var result: [AnalysisLanguage: Lists] = [:]
        // -1 marks a document no phrase reached (every value is at least 0), so a document whose
        // value is 0 is kept too: every document of the own phrase is then in its entry's list.
        var best = [Float](repeating: -1, count: count)
        for language in languages {
            guard let analyzer = analyzers[language] else { continue }
            var starts: [Int32] = [0], docs: [Int32] = [], values: [Float] = []
            for entry in synonyms.groups.indices {
                // A small text index of this entry's terms alone, numbered from 0, so the merge
                // is the query's own step (``TextQuery/raiseBest``) on the same values.
                var local: [Int32: Int32] = [:]
                var alternatives: [TextQuery.Alternative] = []
                var miniStarts: [Int32] = [0], miniDocs: [Int32] = [], miniImpacts: [Float] = [], miniIDF: [Float] = []
                for phrase in synonyms.phrases(ofGroup: entry, analyzer: analyzer) {
                    let ids = phrase.compactMap { termID(language, $0) }
                    guard ids.count == phrase.count, !ids.isEmpty else { continue }
                    var terms: [Int32] = []
                    for id in ids {
                        if let number = local[id] {
                            terms.append(number)
                            continue
                        }
                        let number = Int32(miniIDF.count)
                        local[id] = number
                        let list = try postings(id)
                        miniDocs += list.docs
                        miniImpacts += list.impacts
                        miniStarts.append(Int32(miniDocs.count))
                        miniIDF.append(idf(id))
                        terms.append(number)
                    }
                    alternatives.append(TextQuery.Alternative(terms: terms, text: "", weight: weight, isSynonym: true, idf: 0))
                }
                if !alternatives.isEmpty {
                    let mini = TextIndex(
                        terms: [:], starts: Column(miniStarts), docs: Column(miniDocs), impacts: Column(miniImpacts),
                        idf: Column(miniIDF), firstSentence: Column(), firstOffset: Column(), firstLength: Column(),
                        sentences: SnippetSentences.Spans())
                    best.withUnsafeMutableBufferPointer { buffer in
                        let best = buffer.baseAddress!
                        mini.docs.withUnsafeBufferPointer { miniDocs in
                        mini.impacts.withUnsafeBufferPointer { miniImpacts in
                            for alternative in alternatives {
                                TextQuery.raiseBest(alternative, text: mini, docs: miniDocs.baseAddress!,
                                                    impacts: miniImpacts.baseAddress!, best: best)
                            }
                        }
                        }
                        for doc in 0..<count where best[doc] >= 0 {
                            docs.append(Int32(doc))
                            values.append(best[doc])
                            best[doc] = -1
                        }
                    }
                }
                starts.append(Int32(docs.count))
            }
            result[language] = Lists(starts: Column(starts), docs: Column(docs), values: Column(values))
        }
        return SynonymLists(weight: weight, entries: synonyms.groups.count, table: table, languages: result)
    }
}

extension SynonymLists {
    /// The lists of an index built in memory, from its postings.
    static func build(_ text: TextIndex, count: Int, synonyms: SynonymTable, analyzers: [AnalysisLanguage: Analyzer],
                      configuration: RankingConfiguration) -> SynonymLists {
        build(synonyms: synonyms, synonymWeight: configuration.synonymWeight, count: count,
              languages: text.terms.keys.sorted { $0.rawValue < $1.rawValue }, analyzers: analyzers,
              termID: { text.termID($1, $0) },
              postings: { term in
                  let range = text.postings(term)
                  return (Array(text.docs[range]), Array(text.impacts[range]))
              },
              idf: { text.idf[Int($0)] })
    }
}

extension TextQuery {
    /// The merged list of a group of one synonym-table entry (``SynonymLists``): the entry's
    /// stored list with its own phrase folded in, per document `max(own, list)`, the value the
    /// walk's `best` would hold (see ``SynonymLists`` for why that maximum is the same). Every
    /// document of the own phrase is in the list (it is one of the entry's phrases, and the
    /// list keeps documents whose value is 0), so the result has the list's documents.
    ///
    /// Cost: a copy of the list and a pass over it with a cursor in the own term's postings
    /// that moves when it meets the list's document (by masks, no branch; the cursor's chain
    /// of loads makes this pass slower than a plain walk, which is why the caller keeps the
    /// result in ``MergedGroupPostings``); an own phrase's maxima are taken into `best` first
    /// and read and reset there. No pass over every document of the catalogue, as a merge of
    /// the alternatives' postings needs.
    static func mergedEntry(_ group: Group, list: SynonymLists.Lists, entry: Int, text: TextIndex,
                            docs: UnsafePointer<Int32>, impacts: UnsafePointer<Float>,
                            best: UnsafeMutablePointer<Float>) -> MergedGroupPostings.List {
        let range = list.range(entry)
        var merged = MergedGroupPostings.List(docs: [], values: [])
        guard !range.isEmpty else { return merged }  // no phrase of the entry occurs, the own one neither
        list.docs.withUnsafeBufferPointer { merged.docs = Array($0[range]) }
        list.values.withUnsafeBufferPointer { merged.values = Array($0[range]) }
        guard let own = group.alternatives.first, !own.isSynonym else { return merged }
        merged.docs.withUnsafeBufferPointer { listDocsBuffer in
        merged.values.withUnsafeMutableBufferPointer { valuesBuffer in
            let listDocs = listDocsBuffer.baseAddress!, values = valuesBuffer.baseAddress!
            let count = listDocsBuffer.count
            if own.terms.count == 1 {
                let term = own.terms[0]
                let factor = own.weight * text.idf[Int(term)]
                let postings = text.postings(term)
                guard !postings.isEmpty else { return }
                // Once the own postings are used up the cursor stays on the last one, whose
                // document lies behind the list's.
                var position = postings.lowerBound
                let last = postings.upperBound - 1
                for next in 0..<count {
                    let at = min(position, last)
                    let hit = UInt32(unsafeBitCast(docs[at] == listDocs[next], to: UInt8.self))
                    // The own value where the cursor meets the document, else +0; max(value, 0)
                    // is the value, since values are not negative.
                    let ownValue = Float(bitPattern: (factor * impacts[at]).bitPattern & (0 &- hit))
                    values[next] = max(values[next], ownValue)
                    position &+= Int(hit)
                }
                return
            }
            Self.raiseBest(own, text: text, docs: docs, impacts: impacts, best: best)
            for next in 0..<count {
                let doc = Int(listDocs[next])
                values[next] = max(best[doc], values[next])
                best[doc] = 0
            }
        }
        }
        return merged
    }
}
