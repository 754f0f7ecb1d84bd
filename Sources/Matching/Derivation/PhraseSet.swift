import Foundation

/// Phrases matched as whole words, case-insensitively, in a text; a trailing `*` on a word
/// matches any ending (`Kommune*` covers `Kommunen`).
///
/// Built once per rule file and run over every offer when an index is built, so phrases are
/// bucketed by their first word (exact words in a dictionary, `*` words by their first three
/// characters): a text costs one or two dictionary reads per word, not one test per phrase.
/// A rule file has a dozen sets, all run over the same words: ``PhraseStarts`` reads each word
/// once for all of them and a set then visits only the words where one of its phrases may
/// start (`bit`), so the dictionaries are read for a few words of a text instead of every word
/// a dozen times (that was most of building an index over 100,000 offers).
struct PhraseSet<Value: Sendable>: Sendable {
    struct Pattern: Sendable {
        var words: [String]
        var prefix: [Bool]
        var value: Value
    }

    private var patterns: [Pattern] = []
    fileprivate private(set) var byExact: [String: [Int]] = [:]
    fileprivate private(set) var byPrefixKey: [String: [Int]] = [:]
    /// This set's bit in ``PhraseWords/starts``: one bit per set of a ``PhraseStarts``.
    let bit: UInt32

    /// `bit` may be 0 only for a set without phrases (it would never be visited).
    init(_ entries: [(phrase: String, value: Value)], bit: UInt32 = 0) {
        precondition(bit != 0 || entries.isEmpty, "a phrase set with phrases needs its bit in a PhraseStarts")
        self.bit = bit
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

    /// The bucket of a `*` word: its first three characters (`String(word.prefix(3))`).
    ///
    /// A word of scalars below U+0300 without CR (``PhraseText/isSingleScalarWord(_:)``) takes
    /// its first three scalars' bytes (``keyEnd(_:)``); other words take the character walk.
    static func key(_ word: String) -> String {
        let fast = word.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard PhraseText.isSingleScalarWord(bytes) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<keyEnd(bytes[...])]), as: UTF8.self)
        }
        return (fast ?? nil) ?? String(word.prefix(3))
    }

    /// Where the key of `word` ends, for a word of ``PhraseText/isSingleScalarWord(_:)``:
    /// after its first three scalars, each one byte below U+0080 and two up to U+02FF, and each
    /// a character of its own.
    static func keyEnd(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var end = word.startIndex
        var scalars = 0
        while end < word.endIndex, scalars < 3 {
            end += word[end] < 0x80 ? 1 : 2
            scalars += 1
        }
        return end
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Every match: the pattern's value and the range of words it covers, in text order.
    /// Words whose ``PhraseWords/starts`` lack this set's bit are skipped: no phrase of the set
    /// can start there (see ``PhraseStarts``).
    func matches(in text: PhraseWords) -> [(value: Value, first: Int, last: Int)] {
        var result: [(value: Value, first: Int, last: Int)] = []
        let words = text.words
        for start in words.indices where text.starts[start] & bit != 0 {
            let word = words[start].word
            // A one-word phrase also matches a part of a hyphenated word ("FuE" in "FuE-Projektförderung").
            // The byte test first: `Substring.contains("-")` is Foundation's `range(of:)`, which
            // was 4 % of a Grants.gov import's CPU for the few words that have a hyphen at all.
            if PhraseText.containsHyphen(word), word.dropLast().contains("-") {
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

/// The words of a text with, per word, the bits of the phrase sets (``PhraseSet/bit``) that
/// may start a match there.
struct PhraseWords: Sendable {
    var words: [PhraseText.Word]
    var starts: [UInt32]

    var count: Int { words.count }

    /// The words of `range` alone, numbered from 0 (a match cannot run past its end).
    subscript(range: ClosedRange<Int>) -> PhraseWords {
        PhraseWords(words: Array(words[range]), starts: Array(starts[range]))
    }

    subscript(range: PartialRangeFrom<Int>) -> PhraseWords {
        PhraseWords(words: Array(words[range]), starts: Array(starts[range]))
    }
}

/// For every word of a text, which of up to 32 phrase sets may start a match there: the
/// union of the sets' first-word dictionaries, read once per word (and per part of a
/// hyphenated word) instead of once per set.
///
/// A set's bit is on wherever its own dictionaries would find a candidate phrase for the word
/// or one of its hyphen parts, so skipping the words without it changes no match.
///
/// Read for every word of every text an index build derives from. A word of scalars below
/// U+0300 (every German word) is looked up by its UTF-8 bytes in ``ByteKeyTable``s: such a
/// word is in NFC and each scalar is a character, so its bytes equal the NFC bytes of exactly
/// the keys `String` equality matches, its key is its first three scalars and its hyphen parts
/// split at `-` bytes. That saves hashing a `String` twice per word (Unicode-aware, slower for
/// umlauts). Other words take the `String` dictionaries.
struct PhraseStarts: Sendable {
    private var byExact: [String: UInt32] = [:]
    private var byPrefixKey: [String: UInt32] = [:]
    private var exactBytes = ByteKeyTable()
    private var prefixKeyBytes = ByteKeyTable()

    init() {}

    /// Adds a set; its ``PhraseSet/bit`` must be a single bit no other added set has.
    mutating func add<Value>(_ set: PhraseSet<Value>) {
        precondition(set.bit != 0 && set.bit & (set.bit - 1) == 0, "a phrase set needs a bit of its own")
        for word in set.byExact.keys { byExact[word, default: 0] |= set.bit }
        for key in set.byPrefixKey.keys { byPrefixKey[key, default: 0] |= set.bit }
        exactBytes = ByteKeyTable(byExact)
        prefixKeyBytes = ByteKeyTable(byPrefixKey)
    }

    /// The words of `text` (``PhraseText/words(_:)``) with their start bits.
    func words(_ text: String) -> PhraseWords {
        let words = PhraseText.words(text)
        return PhraseWords(words: words, starts: words.map { bits($0.word) })
    }

    /// The start bits of `word`: over its bytes where that is exact, else ``stringBits(_:)``.
    func bits(_ word: String) -> UInt32 {
        let fast = word.utf8.withContiguousStorageIfAvailable { bytes -> UInt32? in
            guard PhraseText.isSingleScalarWord(bytes) else { return nil }
            var bits = bytesBits(bytes[...])
            // As `stringBits`: parts when a `-` precedes the last character.
            if bytes.count > 1, bytes[..<(bytes.count - 1)].contains(0x2D) {
                for part in bytes.split(separator: 0x2D) { bits |= bytesBits(part) }
            }
            return bits
        }
        return (fast ?? nil) ?? stringBits(word)
    }

    /// The bits of one word or hyphen part of scalars below U+0300.
    private func bytesBits(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32 {
        exactBytes.value(UnsafeBufferPointer(rebasing: word))
            | prefixKeyBytes.value(UnsafeBufferPointer(rebasing: word[..<PhraseSet<Int>.keyEnd(word)]))
    }

    /// The start bits of `word` read from the `String` dictionaries: the definition.
    func stringBits(_ word: String) -> UInt32 {
        var bits = (byExact[word] ?? 0) | (byPrefixKey[PhraseSet<Int>.key(word)] ?? 0)
        // As ``PhraseSet/matches(in:)`` reads parts; the byte test only saves the character walk.
        if PhraseText.containsHyphen(word), word.dropLast().contains("-") {
            for part in word.split(separator: "-").map(String.init) where !part.isEmpty {
                bits |= (byExact[part] ?? 0) | (byPrefixKey[PhraseSet<Int>.key(part)] ?? 0)
            }
        }
        return bits
    }
}

/// A read-only hash table from byte strings to bits, built from a `String`-keyed dictionary:
/// each key is stored as the UTF-8 of its NFC form, so a lookup with the bytes of a word in
/// NFC finds what the dictionary finds for that word (`String` equality is canonical
/// equivalence). Keys that share an NFC form have their bits joined, as the dictionary would.
///
/// Cost: an FNV-1a hash of the looked-up bytes and, on a hash match, one byte comparison;
/// open addressing at most half full, so a miss ends at an empty slot after a probe or two.
struct ByteKeyTable: Sendable {
    /// Per slot: index into `entries`, or -1 for an empty slot. The count is a power of two.
    private var slots: [Int32] = [-1]
    private var entries: [(hash: UInt64, start: Int32, count: Int32, value: UInt32)] = []
    private var keyBytes: [UInt8] = []

    init() {}

    init(_ dictionary: [String: UInt32]) {
        var joined: [[UInt8]: UInt32] = [:]
        for (key, value) in dictionary { joined[Array(key.precomposedStringWithCanonicalMapping.utf8), default: 0] |= value }
        var capacity = 1
        while capacity < joined.count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        // Sorted: the answers do not depend on the order, but the probe sequences would, and
        // so would the instruction counts a profile compares.
        for (key, value) in joined.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let hash = key.withUnsafeBufferPointer(Self.hash)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(entries.count)
            entries.append((hash, Int32(keyBytes.count), Int32(key.count), value))
            keyBytes += key
        }
    }

    /// The bits of `key`'s bytes, or 0.
    func value(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let number = Int(slots[slot])
            guard number >= 0 else { return 0 }
            let entry = entries[number]
            if entry.hash == hash, Int(entry.count) == key.count,
               keyBytes[Int(entry.start)..<Int(entry.start + entry.count)].elementsEqual(key) {
                return entry.value
            }
            slot = (slot + 1) & mask
        }
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
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
        singleScalarWords(text) ?? characterWords(text)
    }

    /// ``words(_:)`` for any text, walking its characters.
    static func characterWords(_ text: String) -> [Word] {
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

    /// ``words(_:)`` over UTF-8 bytes, for a text of single scalars (``SingleScalarText``);
    /// `nil` for any other text. There every scalar is a character, so testing scalars finds
    /// the same words at the same places without the grapheme breaking of a character walk,
    /// which was most of reading an offer's words.
    static func singleScalarWords(_ text: String) -> [Word]? {
        var result: [Word] = []
        var start: String.Index?
        let single = SingleScalarText.forEachScalar(in: text) { scalar, index, _ in
            if SingleScalarText.isLetterOrNumber(scalar) || scalar == 0x2D || scalar == 0x26 || scalar == 0x2A {  // - & *
                if start == nil { start = index }
            } else if let from = start {
                append(text, from..<index, to: &result)
                start = nil
            }
        }
        guard single else { return nil }
        if let from = start { append(text, from..<text.endIndex, to: &result) }
        return result
    }

    /// Appends the word of `range`, lowercased, without leading hyphens: a leading hyphen is a
    /// dash, not part of the word ("– so"); a trailing one is kept ("Forschungs- und
    /// Entwicklungsprojekte").
    private static func append(_ text: String, _ range: Range<String.Index>, to result: inout [Word]) {
        let slice = text[range]
        let word: String
        if let latin1 = latin1Lowercased(slice) {
            word = latin1
        } else {
            var lowered = slice.lowercased()
            while lowered.hasPrefix("-") { lowered.removeFirst() }
            word = lowered
        }
        guard !word.isEmpty else { return }
        result.append(Word(word: word, range: range))
    }

    /// `word.lowercased()` without its leading hyphens, written byte by byte, for a word of
    /// scalars below U+0100 (ASCII and Latin-1: all of German); `nil` for any other word or a
    /// string without contiguous UTF-8.
    ///
    /// Invariant: Unicode lowercases exactly A–Z and À–Þ (not ×) below U+0100, each to the
    /// scalar 0x20 above; every other scalar there, `ß` and `µ` among them, is its own
    /// lowercase. Such a scalar is a character of its own, so a leading `-` byte is a `-`
    /// character. `String.lowercased()` on a substring costs a general Unicode walk and an
    /// allocation per word: it was the larger half of reading a text's phrase words.
    static func latin1Lowercased(_ word: Substring) -> String? {
        let lowered = word.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var start = 0
            while start < bytes.count, bytes[start] == 0x2D { start += 1 }  // -
            // Lead bytes C2 and C3 start U+0080…U+00FF; anything higher leaves the fast path.
            for byte in bytes[start...] where byte >= 0xC4 { return nil }
            return String(unsafeUninitializedCapacity: bytes.count - start) { buffer in
                var count = 0
                var latin1Lead = false
                for byte in bytes[start...] {
                    var byte = byte
                    if byte >= 0x41 && byte <= 0x5A {
                        byte |= 0x20  // A–Z
                    } else if latin1Lead && byte >= 0x80 && byte <= 0x9E && byte != 0x97 {
                        byte |= 0x20  // À–Þ (C3 80…C3 9E) to à–þ (C3 A0…C3 BE), not × (C3 97)
                    }
                    latin1Lead = byte == 0xC3
                    buffer[count] = byte
                    count += 1
                }
                return count
            }
        }
        return lowered ?? nil
    }

    /// Whether the UTF-8 `bytes` of a word are scalars below U+0300 (lead bytes below 0xCC)
    /// and no CR. Such a word is in NFC (no scalar below U+0300 changes under it or combines),
    /// and each of its scalars is a character (``SingleScalarText``; CR LF would be one), so
    /// its bytes can stand for it in comparisons, prefixes and splits at `-`.
    static func isSingleScalarWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0xCC || byte == 0x0D { return false }
        return true
    }

    /// Whether `word` has a `-`, over its bytes in place (a hyphen is one byte, never part of
    /// another scalar's bytes).
    static func containsHyphen(_ word: String) -> Bool {
        word.utf8.withContiguousStorageIfAvailable { $0.contains(0x2D) } ?? word.utf8.contains(0x2D)
    }
}
