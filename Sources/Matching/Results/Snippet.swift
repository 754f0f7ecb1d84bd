/// A passage of an offer with the words that matched the query, as tantivy's `Snippet`: the
/// plain fragment plus the highlighted ranges, computed in one place (the explainer).
///
/// No mark travels inside the text, so an offer's own «» or `<mark>` stay text, and each
/// front end marks the ranges its own way at the edge: bold on a terminal, `<mark>` around
/// escaped text on the page, the ranges as they are in JSON.
public struct Snippet: Hashable, Sendable, Codable {
    /// A highlighted span: offsets in Unicode scalars (code points) of ``fragment``, the unit
    /// Python indexes strings in and `Array.from` gives in JavaScript.
    public struct Highlight: Hashable, Sendable, Codable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// Plain text: one sentence, cut with "…" where it is longer than the explainer's limit.
    public var fragment: String
    /// Ascending, not overlapping, not empty.
    public var highlighted: [Highlight]

    public init(fragment: String, highlighted: [Highlight] = []) {
        self.fragment = fragment
        self.highlighted = highlighted
    }

    /// The fragment cut at the highlights, in order: what a renderer walks. Ranges outside the
    /// fragment (a decoded snippet from elsewhere) are clamped to it.
    public var parts: [(text: Substring, highlighted: Bool)] {
        let scalars = fragment.unicodeScalars
        var parts: [(text: Substring, highlighted: Bool)] = []
        var cursor = scalars.startIndex
        var offset = 0
        func index(_ target: Int) -> String.Index {
            scalars.index(cursor, offsetBy: max(0, target - offset), limitedBy: scalars.endIndex) ?? scalars.endIndex
        }
        for highlight in highlighted where highlight.start >= offset && highlight.end > highlight.start {
            let from = index(highlight.start)
            if from > cursor { parts.append((fragment[cursor..<from], false)) }
            cursor = from
            offset = highlight.start
            let to = index(highlight.end)
            if to > from { parts.append((fragment[from..<to], true)) }
            cursor = to
            offset = highlight.end
        }
        if cursor < fragment.endIndex { parts.append((fragment[cursor...], false)) }
        return parts
    }

    /// The fragment with each highlight between `open` and `close`: for text outputs that have
    /// no styling (the benchmark's dump writes «» as the explainer once did).
    public func marked(open: String, close: String) -> String {
        parts.map { $0.highlighted ? open + $0.text + close : String($0.text) }.joined()
    }
}
