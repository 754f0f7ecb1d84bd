/// A word while a Snowball algorithm works on it: Unicode scalars in a buffer the caller
/// allocates on the stack, so stemming a word allocates nothing but the result string (and not
/// even that when the word comes back unchanged).
///
/// Positions are scalar offsets, where Snowball's C code uses byte offsets into UTF-8: the
/// algorithms only compare positions with each other and step over whole characters, so both
/// give the same stems. Every change happens at the end of the word except the prelude's, which
/// is why the regions (`p1`, `p2`) stay valid while suffixes come off.
struct StemmerWord: ~Copyable {
    private let storage: UnsafeMutableBufferPointer<Unicode.Scalar>
    private(set) var count: Int
    /// Whether any scalar was written: an unchanged word is handed back as the caller's string.
    private(set) var isChanged = false

    /// `storage` must hold at least `word.utf8.count + 1` scalars: the German prelude turns `ß`
    /// (two UTF-8 bytes) into `ss`, and English Step 1b adds an `e` only after removing two or
    /// more letters.
    init(_ word: String, storage: UnsafeMutableBufferPointer<Unicode.Scalar>) {
        self.storage = storage
        var count = 0
        for scalar in word.unicodeScalars {
            storage[count] = scalar
            count += 1
        }
        self.count = count
    }

    subscript(index: Int) -> Unicode.Scalar {
        get { storage[index] }
        set {
            storage[index] = newValue
            isChanged = true
        }
    }

    /// Whether the scalars before `end` (default: the whole word) end with the ASCII `suffix`.
    func hasSuffix(_ suffix: [UInt8], endingAt end: Int? = nil) -> Bool {
        let end = end ?? count
        guard end >= suffix.count else { return false }
        var index = end - suffix.count
        for byte in suffix {
            if storage[index].value != UInt32(byte) { return false }
            index += 1
        }
        return true
    }

    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        guard count >= prefix.count else { return false }
        for (index, byte) in prefix.enumerated() where storage[index].value != UInt32(byte) { return false }
        return true
    }

    /// Whether the word is exactly `text` (ASCII).
    func equals(_ text: [UInt8]) -> Bool {
        count == text.count && hasSuffix(text)
    }

    /// The first position in `range` whose scalar satisfies `predicate`.
    func firstIndex(in range: Range<Int>, where predicate: (Unicode.Scalar) -> Bool) -> Int? {
        for index in range where predicate(storage[index]) { return index }
        return nil
    }

    /// Snowball's `gopast C` for a one-character test: the position just after the first scalar
    /// at or after `start` that satisfies `predicate`.
    func position(after start: Int, past predicate: (Unicode.Scalar) -> Bool) -> Int? {
        firstIndex(in: start..<count, where: predicate).map { $0 + 1 }
    }

    /// Cuts the word at `length`.
    mutating func truncate(to length: Int) {
        guard length < count else { return }
        count = length
        isChanged = true
    }

    /// Replaces everything from `start` on with the ASCII `text`.
    mutating func replaceSuffix(from start: Int, with text: [UInt8]) {
        precondition(start + text.count <= storage.count, "stemmer buffer too small")
        for (offset, byte) in text.enumerated() { storage[start + offset] = Unicode.Scalar(byte) }
        count = start + text.count
        isChanged = true
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        precondition(count < storage.count, "stemmer buffer too small")
        storage[count] = scalar
        count += 1
        isChanged = true
    }

    /// Replaces each `scalar` with two copies of `replacement` (German `ß` → `ss`).
    mutating func expand(_ scalar: Unicode.Scalar, into replacement: Unicode.Scalar) {
        var occurrences = 0
        for index in 0..<count where storage[index] == scalar { occurrences += 1 }
        guard occurrences > 0 else { return }
        precondition(count + occurrences <= storage.count, "stemmer buffer too small")
        // Right to left, so nothing is overwritten before it moved.
        var target = count + occurrences
        for index in stride(from: count - 1, through: 0, by: -1) {
            if storage[index] == scalar {
                target -= 2
                storage[target] = replacement
                storage[target + 1] = replacement
            } else {
                target -= 1
                storage[target] = storage[index]
            }
        }
        count += occurrences
        isChanged = true
    }

    /// Removes the first scalar.
    mutating func removeFirst() {
        guard count > 0 else { return }
        for index in 1..<count { storage[index - 1] = storage[index] }
        count -= 1
        isChanged = true
    }

    /// The word as a string, encoded once into a stack buffer.
    func string() -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 4) { bytes in
            var length = 0
            for index in 0..<count {
                let scalar = storage[index]
                if scalar.isASCII {
                    bytes[length] = UInt8(truncatingIfNeeded: scalar.value)
                    length += 1
                } else {
                    UTF8.encode(scalar) { byte in
                        bytes[length] = byte
                        length += 1
                    }
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
        }
    }
}

/// One Snowball `among` over suffixes: the longest listed suffix the word ends with decides, and
/// its condition (a region, a preceding letter) is then checked for that suffix alone. A shorter
/// suffix is never tried when the longest one's condition fails: that is Snowball's rule, and the
/// reference vocabularies depend on it.
struct SuffixTable<Action: Sendable>: Sendable {
    private struct Entry: Sendable {
        let suffix: [UInt8]
        let action: Action
    }

    /// Longest first, so the first suffix that matches is the longest.
    private let entries: [Entry]

    init(_ suffixes: [(String, Action)]) {
        entries = suffixes.map { Entry(suffix: Array($0.0.utf8), action: $0.1) }
            .sorted { $0.suffix.count > $1.suffix.count }
    }

    /// Where the longest matching suffix starts, and what to do with it.
    func longestMatch(in word: borrowing StemmerWord) -> (start: Int, action: Action)? {
        for entry in entries where word.hasSuffix(entry.suffix) {
            return (word.count - entry.suffix.count, entry.action)
        }
        return nil
    }
}

/// The regions R1 and R2 of Snowball's algorithms, as start positions (the word's length when
/// a region is empty). A suffix is "in R1" when it starts at or after `r1`.
struct StemmerRegions {
    var r1: Int
    var r2: Int
}
