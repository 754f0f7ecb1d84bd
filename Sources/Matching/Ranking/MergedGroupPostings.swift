import Foundation

/// Each multi-alternative query group's documents with their best alternative's score
/// (`max(0, weight · idf · impact, …)`, phrases as ``TextQuery/phrase(_:text:docs:impacts:best:)``
/// scores them), merged once per distinct group and kept for later queries of the index.
///
/// Why: at 100,000 offers the synonym groups were half of the postings walk. A group's
/// alternatives are fixed by the synonym table (the query only picks which entry and which
/// of its phrases is the applicant's, weight 1), so the maxima a query took anew each time,
/// with every alternative but the longest walked twice (once for the maximum, once for the
/// add) and a per-document `best` array, are the same every time the group recurs. A kept
/// list is walked once, sequentially: one scattered add per document of the group.
///
/// The values are the same `Float`s the walk computed (the same products, `max` is exact in
/// any order), and each document still receives one add of `group weight × value` per
/// group in the same group order, so the scores are bit-identical to the two-walk version.
/// Documents whose value is 0 are left out: the walk added `group weight × 0` to them, and
/// `x + 0` is `x` for the non-negative scores.
///
/// Since session 12 a group of one synonym-table entry is added from that entry's list built
/// with the index (``SynonymLists``); this store serves the other groups with alternatives
/// (a word of several entries, the concept layer's phrases) and indexes whose lists do not
/// fit the query (another synonym weight). Kept lazily: a group's first query pays about one
/// walk of the old kind.
/// The key holds the alternatives' terms and weights (their bits), so reweighted copies of
/// the index (another ``RankingConfiguration/synonymWeight``) share the store without
/// mixing values. Memory is bounded by ``budget`` postings (8 bytes each); a group that would
/// pass it is walked as before (``TextQuery/walk(_:text:scores:docs:impacts:best:)``).
final class MergedGroupPostings: @unchecked Sendable {
    struct Key: Hashable {
        var terms: [[Int32]]
        var weights: [UInt32]

        init(_ alternatives: [TextQuery.Alternative]) {
            terms = alternatives.map(\.terms)
            weights = alternatives.map(\.weight.bitPattern)
        }
    }

    /// One group's documents (ascending) and their best alternative's value.
    struct List: Sendable {
        var docs: [Int32]
        var values: [Float]
    }

    /// The most postings kept over all groups: 4 M (32 MB). The 42 groups of the latency
    /// benchmark's 50 queries hold 1.9 M at 100,000 offers (session 11).
    let budget: Int
    private let lock = NSLock()
    private var lists: [Key: List] = [:]
    private var kept = 0

    init(budget: Int = 1 << 22) {
        self.budget = budget
    }

    /// Postings kept now (for tests and measurements).
    var keptPostings: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept
    }

    /// The kept list of a group with these alternatives, if any.
    func kept(_ alternatives: [TextQuery.Alternative]) -> List? {
        let key = Key(alternatives)
        lock.lock()
        defer { lock.unlock() }
        return lists[key]
    }

    /// Keeps a group's list merged elsewhere (``TextQuery/mergedEntry(_:list:entry:text:docs:impacts:best:)``,
    /// from a synonym entry's stored list), unless that would pass ``budget``.
    func keep(_ alternatives: [TextQuery.Alternative], _ list: List) {
        let key = Key(alternatives)
        lock.lock()
        defer { lock.unlock() }
        guard lists[key] == nil, kept + list.docs.count <= budget else { return }
        lists[key] = list
        kept += list.docs.count
    }

    /// The merged list of a group with these alternatives, from the store or merged now and
    /// kept; `nil` when it is not kept and could not be without passing ``budget`` (the caller
    /// then walks the group's postings itself: merging costs a pass over every document, more
    /// than the walk, so a list is merged only to be kept). `best`: a zeroed per-document
    /// array, left zeroed.
    func list(_ alternatives: [TextQuery.Alternative], text: TextIndex, best: UnsafeMutablePointer<Float>, count: Int) -> List? {
        let key = Key(alternatives)
        lock.lock()
        let found = lists[key]
        let keptBefore = kept
        lock.unlock()
        if let found { return found }
        // At most this many documents: each single term's postings, each phrase's rarest term's.
        // Counted only on a miss: a kept group (every later query of it) needs no bound.
        let most = alternatives.reduce(0) { sum, alternative in
            sum + (alternative.terms.map { text.postings($0).count }.min() ?? 0)
        }
        guard keptBefore + most <= budget else { return nil }
        let list = Self.merge(alternatives, text: text, best: best, count: count, capacity: most)
        lock.lock()
        defer { lock.unlock() }
        if let raced = lists[key] { return raced }
        // Another group may have been kept meanwhile; this one is merged, so it is used either way.
        if kept + list.docs.count <= budget {
            lists[key] = list
            kept += list.docs.count
        }
        return list
    }

    /// Every alternative's maximum per document in `best`, then the documents read out in
    /// ascending order and their slots reset. Cost: the alternatives' postings plus one pass
    /// over the catalogue's documents, once per group.
    static func merge(_ alternatives: [TextQuery.Alternative], text: TextIndex, best: UnsafeMutablePointer<Float>,
                      count: Int, capacity: Int = 0) -> List {
        var list = List(docs: [], values: [])
        list.docs.reserveCapacity(capacity)
        list.values.reserveCapacity(capacity)
        text.docs.withUnsafeBufferPointer { docsBuffer in
        text.impacts.withUnsafeBufferPointer { impactsBuffer in
            guard let docs = docsBuffer.baseAddress, let impacts = impactsBuffer.baseAddress else { return }
            for alternative in alternatives {
                TextQuery.raiseBest(alternative, text: text, docs: docs, impacts: impacts, best: best)
            }
        }
        }
        for doc in 0..<count where best[doc] != 0 {
            list.docs.append(Int32(doc))
            list.values.append(best[doc])
            best[doc] = 0
        }
        return list
    }
}
