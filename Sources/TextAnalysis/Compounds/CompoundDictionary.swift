import Foundation

/// German decompounding against a dictionary of known words, in the spirit of Lucene's
/// `DictionaryCompoundWordTokenFilter`: the analyzer keeps the compound and adds the dictionary
/// words found inside it, so `Digitalisierungszuschuss` also matches `Zuschuss`.
///
/// Unlike Lucene's filter, which adds every dictionary word that occurs anywhere inside the
/// compound (`Beratung` would yield `rat`), ``split(_:)`` looks for a segmentation that covers the
/// whole word with as few parts as possible, allowing German linking elements between parts
/// (`Digitalisierung|s|zuschuss`, `Land|es|programm`, `Existenz|gründung`) and verb stems
/// (`Förder|programm` via `fördern`). Parts that are compounds themselves are split again, so
/// `Energieeffizienzförderprogramm` yields `energieeffizienz`, `energie`, `effizienz`,
/// `förderprogramm`, `fördern`, `programm` when those words are in the dictionary. When no
/// segmentation exists, it falls back to the longest known head (last part).
///
/// The dictionary comes from a vocabulary: typically the catalogue's own words, see
/// ``build(fromTexts:minFrequency:)``. Stopwords are never dictionary words.
public struct CompoundDictionary: Sendable {
    /// Words shorter than this (in characters) are never split.
    public let minimumWordLength: Int
    /// Shortest part. Parts this short or one longer must be exact dictionary words (no stem variant).
    public let minimumPartLength: Int
    /// Longest part; longer dictionary words are not kept.
    public let maximumPartLength: Int
    private let trie: ByteTrie
    private let cache = SplitCache()

    /// Number of words in the dictionary.
    public var count: Int { trie.wordCount }

    /// - Parameter words: the vocabulary; folded like analyzer tokens (NFKC, lowercase). Words with
    ///   anything but letters, stopwords, and words outside the part length limits are left out.
    public init(
        words: some Sequence<String>,
        minimumWordLength: Int = 5,
        minimumPartLength: Int = 3,
        maximumPartLength: Int = 15
    ) {
        self.minimumWordLength = minimumWordLength
        self.minimumPartLength = minimumPartLength
        self.maximumPartLength = maximumPartLength
        var trie = ByteTrie()
        for word in words {
            let folded = Tokenizer.fold(Substring(word))
            let length = folded.unicodeScalars.count
            guard length >= minimumPartLength, length <= maximumPartLength,
                  folded.unicodeScalars.allSatisfy(CharacterClass.isLetter),
                  !Stopwords.containsInAnyLanguage(folded)
            else { continue }
            trie.insert(Array(folded.utf8))
        }
        self.trie = trie
    }

    /// Builds the dictionary from the words of a corpus (offer titles and descriptions, say):
    /// every letters-only word that occurs at least `minFrequency` times. A threshold of 2 or more
    /// keeps typos and one-off compounds out.
    public static func build(fromTexts texts: some Sequence<String>, minFrequency: Int) -> CompoundDictionary {
        CompoundDictionary(words: frequentWords(in: texts, minFrequency: minFrequency))
    }

    /// The words `build(fromTexts:minFrequency:)` would use; exposed for other settings of the limits.
    public static func frequentWords(in texts: some Sequence<String>, minFrequency: Int) -> [String] {
        var counter = WordCounter()
        for text in texts { counter.count(text) }
        return counter.words(minFrequency: minFrequency)
    }

    /// Counts the vocabulary words of texts given one at a time, so a dictionary can be made
    /// from a catalogue streamed past it (``frequentWords(in:minFrequency:)`` is this over a
    /// sequence).
    public struct WordCounter: Sendable {
        private var counts: [String: Int] = [:]

        public init() {}

        public mutating func count(_ text: String) {
            for token in Tokenizer.tokenize(text).tokens where CompoundDictionary.isVocabulary(token) {
                counts[token.text, default: 0] += 1
            }
        }

        /// Adds `other`'s counts (counted on another thread), as if its texts had been
        /// counted here now: a word already held keeps its spelling, as it would.
        public mutating func add(_ other: WordCounter) {
            if counts.isEmpty { counts = other.counts; return }
            counts.merge(other.counts, uniquingKeysWith: +)
        }

        /// The words counted at least `minFrequency` times, sorted.
        public func words(minFrequency: Int) -> [String] {
            counts.filter { $0.value >= minFrequency }.keys.sorted()
        }
    }

    /// Words, not names: acronyms (`EXIST`, `INNO-KOM`) and short pieces of hyphenated names
    /// (`Digi-Z`, `go-inno`) would otherwise be found inside ordinary words (`existenz`, `innovation`).
    fileprivate static func isVocabulary(_ token: RawToken) -> Bool {
        guard token.isAlphabetic, !token.isCapitalised else { return false }
        switch token.kind {
        case .word: return true
        case .joined: return false
        case .part: return token.text.unicodeScalars.count >= 5
        }
    }

    /// Whether `word` (folded like analyzer tokens) is a dictionary word.
    public func contains(_ word: String) -> Bool {
        trie.contains(Array(Tokenizer.fold(Substring(word)).utf8))
    }

    /// The dictionary words inside `word`, in reading order, without `word` itself; empty when the
    /// word is short or nothing is found. Output is folded (lowercase, `ß` kept) and unstemmed.
    public func split(_ word: String) -> [String] {
        split(folded: Tokenizer.fold(Substring(word)))
    }

    /// ``split(_:)`` for a word already folded by the tokenizer. Results are cached: a corpus
    /// repeats its words, and a cache hit costs a fraction of a segmentation.
    func split(folded: String) -> [String] {
        if let cached = cache.parts(of: folded) { return cached }
        let parts = segmentAll(folded)
        cache.store(parts, for: folded)
        return parts
    }

    private func segmentAll(_ folded: String) -> [String] {
        var found: [String] = []
        var seen: Set<String> = [folded]
        collectParts(of: Array(folded.utf8), into: &found, seen: &seen, depth: 0)
        return found
    }

    private func collectParts(of bytes: [UInt8], into found: inout [String], seen: inout Set<String>, depth: Int) {
        guard depth < 4, characterCount(bytes[...]) >= minimumWordLength else { return }
        let parts = segment(bytes) ?? fallbackParts(bytes)
        for part in parts {
            let string = String(decoding: part, as: UTF8.self)
            guard seen.insert(string).inserted else { continue }
            found.append(string)
            collectParts(of: part, into: &found, seen: &seen, depth: depth + 1)
        }
    }

    // MARK: Segmentation

    /// Linking elements (Fugenelemente) allowed after a non-final part, and inflection endings
    /// allowed after the final part. Longest first is not needed: the search tries all.
    /// (`-er-` as in `Kind|er|garten` is left out: it cuts `Meister` into `meist|er`.)
    private static let linkers: [[UInt8]] = ["", "s", "es", "n", "en", "e", "ens"].map { Array($0.utf8) }
    /// Endings that turn a stem found in the word into a dictionary word: `förder` → `fördern`,
    /// `schul` → `schule`.
    private static let stemCompletions: [[UInt8]] = ["n", "e", "en"].map { Array($0.utf8) }

    private struct Step {
        var cost: Int
        /// The dictionary word of this part.
        var word: [UInt8]
        /// Where the next part starts, or `bytes.count` when this part is the last.
        var next: Int
    }

    /// The cheapest cover of the whole word by two or more dictionary parts, or nil.
    private func segment(_ bytes: [UInt8]) -> [[UInt8]]? {
        let n = bytes.count
        // best[i]: the cheapest way to cover bytes[i...] with one or more parts.
        var best = [Step?](repeating: nil, count: n + 1)
        for start in stride(from: n - 1, through: 0, by: -1) where isCharacterStart(bytes, start) {
            best[start] = bestStep(bytes, from: start, best: best, requireSplit: start == 0)
        }
        guard best[0] != nil else { return nil }
        var parts: [[UInt8]] = []
        var index = 0
        while index < n, let step = best[index] {
            parts.append(step.word)
            index = step.next
        }
        return parts.count >= 2 ? parts : nil
    }

    private func bestStep(_ bytes: [UInt8], from start: Int, best: [Step?], requireSplit: Bool) -> Step? {
        let n = bytes.count
        var chosen: Step?
        var node = ByteTrie.root
        var characters = 0
        var end = start
        while end < n {
            guard let child = trie.child(of: node, byte: bytes[end]) else { break }
            node = child
            if bytes[end] & 0xC0 != 0x80 { characters += 1 }
            end += 1
            guard characters <= maximumPartLength else { break }
            guard characters >= minimumPartLength, end == n || isCharacterStart(bytes, end) else { continue }
            let shortPart = characters <= minimumPartLength
            var matches: [(word: [UInt8], penalty: Int)] = []
            if trie.isWord(node) { matches.append((Array(bytes[start..<end]), shortPart ? 40 : 0)) }
            if !shortPart {
                for completion in Self.stemCompletions {
                    if let completed = trie.descend(from: node, completion), trie.isWord(completed) {
                        matches.append((Array(bytes[start..<end]) + completion, 25))
                    }
                }
            }
            guard !matches.isEmpty else { continue }
            for linker in Self.linkers where bytes.hasElements(linker, at: end) {
                let next = end + linker.count
                let linkerCost = linker.count * 10
                let restCost: Int
                if next == n {
                    if requireSplit { continue }  // the whole word as one part is no split
                    restCost = 0
                } else if let rest = best[next] {
                    restCost = rest.cost
                } else {
                    continue
                }
                for match in matches {
                    let cost = 1000 + linkerCost + match.penalty + restCost
                    if chosen == nil || cost < chosen!.cost {
                        chosen = Step(cost: cost, word: match.word, next: next)
                    }
                }
            }
        }
        return chosen
    }

    /// When no full cover exists: the longest dictionary word ending the compound, its head
    /// (`…darlehen` in `mikrodarlehen`, `…zuschuss` in `eingliederungszuschuss`). The rest must be
    /// at least 4 characters and not a function word, which keeps prefixed words whole
    /// (`unter|nehmen`, `ko|finanzierung`). No modifier is guessed: a known word at the start of an
    /// unknown one is too often a coincidence (`inno|vation`, `exist|enzgründung`).
    private func fallbackParts(_ bytes: [UInt8]) -> [[UInt8]] {
        let n = bytes.count
        let minimumLength = max(4, minimumPartLength + 1)
        for start in 1..<n where isCharacterStart(bytes, start) {
            let length = characterCount(bytes[start...])
            guard length <= maximumPartLength else { continue }
            guard length >= minimumLength else { break }
            let rest = bytes[..<start]
            guard characterCount(rest) >= 4,
                  !Stopwords.containsInAnyLanguage(String(decoding: rest, as: UTF8.self)),
                  trie.contains(bytes[start...])
            else { continue }
            return [Array(bytes[start...])]
        }
        return []
    }

    private func isCharacterStart(_ bytes: [UInt8], _ index: Int) -> Bool {
        bytes[index] & 0xC0 != 0x80
    }

    private func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
}

private extension Array where Element == UInt8 {
    func hasElements(_ elements: [UInt8], at index: Int) -> Bool {
        guard index + elements.count <= count else { return false }
        for (offset, element) in elements.enumerated() where self[index + offset] != element { return false }
        return true
    }
}

/// Splits already computed, shared by copies of a dictionary. Bounded: past `capacity` words new
/// results are computed but not kept, so a stream of unique words cannot grow it without end.
final class SplitCache: @unchecked Sendable {
    // @unchecked: `parts` is only touched under `lock`.
    private let lock = NSLock()
    private var parts: [String: [String]] = [:]
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func parts(of word: String) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        return parts[word]
    }

    func store(_ value: [String], for word: String) {
        lock.lock()
        defer { lock.unlock() }
        if parts.count < capacity { parts[word] = value }
    }
}
