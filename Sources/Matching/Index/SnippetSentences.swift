import SupportModel

/// The text a snippet is taken from, as numbered sentences: the summary, then the
/// description, then the title, each split at line breaks and after `.`, `!` or `?`.
///
/// The index and the explainer must number sentences the same way: the index records, for
/// every term of an offer, the first sentence it occurs in, and the explainer then analyses
/// only that one sentence instead of the whole text (see ``TextIndex/firstSentence``).
enum SnippetSentences {
    /// The fields in snippet order, the only fields whose sentences are numbered.
    static let fields: [TextField] = [.summary, .description, .title]

    /// Calls `body` with each sentence's number, field and text, in order, until `body`
    /// returns `false`. Splitting stops where the caller stops, so finding sentence 3 never
    /// splits sentence 40.
    static func forEach(in offer: Offer, _ body: (_ number: Int, _ field: TextField, _ sentence: Substring) -> Bool) {
        forEach(text: { $0.text(of: offer) }, body)
    }

    /// The same sentences of an offer's ``OfferTexts``.
    static func forEach(in texts: OfferTexts, _ body: (_ number: Int, _ field: TextField, _ sentence: Substring) -> Bool) {
        forEach(text: { $0.text(of: texts) }, body)
    }

    private static func forEach(text: (TextField) -> String, _ body: (_ number: Int, _ field: TextField, _ sentence: Substring) -> Bool) {
        var number = 0
        for field in fields {
            var keepGoing = true
            split(text(field)) { sentence in
                keepGoing = body(number, field, sentence)
                number += 1
                return keepGoing
            }
            if !keepGoing { return }
        }
    }

    /// The sentence numbered `number` of an offer, from its span in ``Spans``: the same
    /// slice ``forEach(in:_:)`` hands out, without splitting the text again.
    static func sentence(_ number: Int, of offer: Offer, doc: Int, spans: Spans) -> Substring? {
        let position = Int(spans.starts[doc]) + number
        guard number >= 0, position < Int(spans.starts[doc + 1]) else { return nil }
        let text = fields[Int(spans.fields[position])].text(of: offer)
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: Int(spans.from[position]))
        let to = utf8.index(from, offsetBy: Int(spans.to[position] - spans.from[position]))
        return text[from..<to]
    }

    /// Where every offer's numbered sentences lie, recorded while the index reads them: the
    /// snippet of a result is one of them, and finding it by splitting the offer's text again
    /// was a fifth of the server's CPU on the Förderdatenbank store (1,434 offers with long
    /// descriptions). Nine bytes per sentence.
    struct Spans: Sendable {
        /// The sentences of document `d` are `starts[d]..<starts[d + 1]`, in number order.
        private(set) var starts: [Int32] = [0]
        /// Per sentence: its field (a position in ``SnippetSentences/fields``) and its UTF-8
        /// byte range in that field's text, as ``forEach(in:_:)`` cut and trimmed it.
        private(set) var fields: [UInt8] = []
        private(set) var from: [UInt32] = []
        private(set) var to: [UInt32] = []

        init() {}

        /// Spans read back from an index file (``PersistedIndex``).
        init(starts: [Int32], fields: [UInt8], from: [UInt32], to: [UInt32]) {
            self.starts = starts
            self.fields = fields
            self.from = from
            self.to = to
        }

        /// Records the next sentence of the document being added (a slice of its field's text).
        mutating func append(_ field: TextField, _ sentence: Substring) {
            let base = sentence.base.utf8
            let start = base.distance(from: base.startIndex, to: sentence.startIndex)
            fields.append(UInt8(SnippetSentences.fields.firstIndex(of: field)!))
            from.append(UInt32(start))
            to.append(UInt32(start + sentence.utf8.count))
        }

        /// Closes the document being added.
        mutating func endDocument() { starts.append(Int32(fields.count)) }
    }

    /// Splits `text` into trimmed, non-empty sentences, stopping when `body` returns `false`.
    ///
    /// The boundaries are ASCII (a line break, or a space after `.`, `!` or `?`), so the text is
    /// scanned as UTF-8 bytes in place, only as far as the caller reads, and sentences are
    /// handed out as slices of it.
    static func split(_ text: String, _ body: (Substring) -> Bool) {
        let utf8 = text.utf8
        func sentence(_ start: Int, _ end: Int) -> Bool {
            guard end > start else { return true }
            let from = utf8.index(utf8.startIndex, offsetBy: start), to = utf8.index(from, offsetBy: end - start)
            let sentence = trimmed(text[from..<to])
            return sentence.isEmpty || body(sentence)
        }
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            var previous: UInt8 = 0x20
            for offset in 0..<bytes.count {
                let byte = bytes[offset]
                if byte == 0x0A || (byte == 0x20 && (previous == 0x2E || previous == 0x21 || previous == 0x3F)) {
                    guard sentence(start, offset) else { return }
                    start = offset + 1
                }
                previous = byte
            }
            _ = sentence(start, bytes.count)
        }
        if utf8.withContiguousStorageIfAvailable(scan) == nil {
            Array(utf8).withUnsafeBufferPointer(scan)
        }
    }

    /// Without leading and trailing spaces and tabs (Unicode space separators included).
    static func trimmed(_ text: Substring) -> Substring {
        // Nearly always the sentence starts and ends with a visible ASCII character.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return text
        }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        return text[first...last]
    }
}
