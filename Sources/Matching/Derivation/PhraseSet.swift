/// Phrases matched as whole words, case-insensitively, in a text; a trailing `*` on a word
/// matches any ending (`Kommune*` covers `Kommunen`).
///
/// Built once per rule file and run over every offer when an index is built, so phrases are
/// bucketed by their first word (exact words in a dictionary, `*` words by their first three
/// characters): a text costs one or two dictionary reads per word, not one test per phrase.
struct PhraseSet<Value: Sendable>: Sendable {
    struct Pattern: Sendable {
        var words: [String]
        var prefix: [Bool]
        var value: Value
    }

    private var patterns: [Pattern] = []
    private var byExact: [String: [Int]] = [:]
    private var byPrefixKey: [String: [Int]] = [:]

    init(_ entries: [(phrase: String, value: Value)]) {
        for (phrase, value) in entries {
            let words = PhraseText.words(phrase).map(\.word)
            guard !words.isEmpty else { continue }
            var pattern = Pattern(words: [], prefix: [], value: value)
            for word in words {
                if word.hasSuffix("*"), word.count > 1 {
                    pattern.words.append(String(word.dropLast()))
                    pattern.prefix.append(true)
                } else {
                    pattern.words.append(word)
                    pattern.prefix.append(false)
                }
            }
            let number = patterns.count
            patterns.append(pattern)
            if pattern.prefix[0] {
                byPrefixKey[Self.key(pattern.words[0]), default: []].append(number)
            } else {
                byExact[pattern.words[0], default: []].append(number)
            }
        }
    }

    private static func key(_ word: String) -> String { String(word.prefix(3)) }

    var isEmpty: Bool { patterns.isEmpty }

    /// Every match: the pattern's value and the range of words it covers, in text order.
    func matches(in words: [PhraseText.Word]) -> [(value: Value, first: Int, last: Int)] {
        var result: [(value: Value, first: Int, last: Int)] = []
        for start in words.indices {
            let word = words[start].word
            // A one-word phrase also matches a part of a hyphenated word ("FuE" in "FuE-Projektförderung").
            if word.dropLast().contains("-") {
                for part in word.split(separator: "-").map(String.init) where !part.isEmpty {
                    for number in (byExact[part] ?? []) + (byPrefixKey[Self.key(part)] ?? []) {
                        let pattern = patterns[number]
                        guard pattern.words.count == 1, pattern.prefix[0] ? part.hasPrefix(pattern.words[0]) : part == pattern.words[0] else { continue }
                        result.append((pattern.value, start, start))
                    }
                }
            }
            for number in (byExact[word] ?? []) + (byPrefixKey[Self.key(word)] ?? []) {
                let pattern = patterns[number]
                guard start + pattern.words.count <= words.count else { continue }
                var matched = true
                for (offset, expected) in pattern.words.enumerated() {
                    let actual = words[start + offset].word
                    if pattern.prefix[offset] ? !actual.hasPrefix(expected) : actual != expected {
                        matched = false
                        break
                    }
                }
                if matched { result.append((pattern.value, start, start + pattern.words.count - 1)) }
            }
        }
        return result
    }
}

/// Words of a text for phrase matching: runs of letters, digits, `-`, `&` and `*`, lowercased,
/// with their place in the text for quoting the evidence.
enum PhraseText {
    struct Word: Sendable {
        var word: String
        var range: Range<String.Index>
    }

    static func words(_ text: String) -> [Word] {
        var result: [Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isWord = character.isLetter || character.isNumber || character == "-" || character == "&" || character == "*"
            if isWord {
                if start == nil { start = index }
            } else if let from = start {
                append(text, from..<index, to: &result)
                start = nil
            }
            index = text.index(after: index)
        }
        if let from = start { append(text, from..<text.endIndex, to: &result) }
        return result
    }

    private static func append(_ text: String, _ range: Range<String.Index>, to result: inout [Word]) {
        var word = text[range].lowercased()
        // A leading hyphen is a dash, not part of the word ("– so"); a trailing one is kept
        // ("Forschungs- und Entwicklungsprojekte").
        while word.hasPrefix("-") { word.removeFirst() }
        guard !word.isEmpty else { return }
        result.append(Word(word: word, range: range))
    }
}
