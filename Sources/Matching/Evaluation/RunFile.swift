/// Rankings per query, read from or written as a TREC run file:
/// `query_id Q0 doc_id rank score tag`.
///
/// The written score is `count - rank + 1`, strictly decreasing down each ranking. Tools such
/// as `trec_eval` and `ranx` re-sort by score and break ties their own way (by document id),
/// so writing the recommender's own scores, which can tie, would let them evaluate a different
/// order than the one shown to users. The recommender's scores are in `evaluate --json`.
public struct Run: Hashable, Sendable {
    /// Documents per query, best first.
    public var rankings: [String: [String]]

    public init(rankings: [String: [String]] = [:]) {
        self.rankings = rankings
    }

    /// Reads a run file; each query's documents are ordered by descending score, ties by the
    /// rank column.
    public init(trec text: String, source: String = "run") throws {
        var entries: [String: [(doc: String, rank: Int, score: Double)]] = [:]
        for (line, fields) in TRECLines.fields(text) {
            guard fields.count == 6 else {
                throw TRECFormatError(source: source, line: line, message: "expected 6 fields `query_id Q0 doc_id rank score tag`, found \(fields.count)")
            }
            guard let rank = Int(fields[3].text) else {
                throw TRECFormatError(source: source, line: line, column: fields[3].column, message: "expected an integer rank, found \"\(fields[3].text)\"")
            }
            guard let score = Double(fields[4].text), score.isFinite else {
                throw TRECFormatError(source: source, line: line, column: fields[4].column, message: "expected a number as score, found \"\(fields[4].text)\"")
            }
            let query = String(fields[0].text), doc = String(fields[2].text)
            if entries[query]?.contains(where: { $0.doc == doc }) == true {
                throw TRECFormatError(source: source, line: line, column: fields[2].column, message: "\(doc) appears twice in the ranking of \(query)")
            }
            entries[query, default: []].append((doc, rank, score))
        }
        rankings = entries.mapValues { list in
            list.sorted { $0.score != $1.score ? $0.score > $1.score : $0.rank < $1.rank }.map(\.doc)
        }
    }

    /// The run file text, queries sorted, each ranking in order.
    public func trec(tag: String) -> String {
        var text = ""
        for query in rankings.keys.sorted() {
            let docs = rankings[query]!
            for (offset, doc) in docs.enumerated() {
                text += "\(query) Q0 \(doc) \(offset + 1) \(docs.count - offset) \(tag)\n"
            }
        }
        return text
    }
}
