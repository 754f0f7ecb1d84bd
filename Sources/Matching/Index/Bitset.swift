/// A fixed-size set of document numbers, one bit each.
///
/// Eligibility over a large catalogue is a handful of unions and intersections of
/// precomputed sets; 100,000 offers are 1,563 words, so each operation is a few microseconds.
struct Bitset: Hashable, Sendable {
    private(set) var words: [UInt64]
    let count: Int

    init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Every document in `0..<count`.
    static func all(_ count: Int) -> Bitset {
        var set = Bitset(count: count)
        for index in set.words.indices { set.words[index] = ~0 }
        set.clearTail()
        return set
    }

    init(count: Int, members: some Sequence<Int>) {
        self.init(count: count)
        for member in members { insert(member) }
    }

    /// The documents whose value is above zero (NaN is not): one compare per document,
    /// without a branch (about half the documents hold a value, so a branch mispredicts),
    /// 64 to a word.
    init(positiveIn values: [Float]) {
        self.init(count: values.count)
        words.withUnsafeMutableBufferPointer { words in
            values.withUnsafeBufferPointer { values in
                for wordIndex in words.indices {
                    let start = wordIndex << 6, end = min(values.count, start + 64)
                    var word: UInt64 = 0
                    for doc in start..<end { word |= UInt64(values[doc] > 0 ? 1 : 0) << UInt64(doc - start) }
                    words[wordIndex] = word
                }
            }
        }
    }

    mutating func insert(_ member: Int) {
        words[member >> 6] |= 1 << UInt64(member & 63)
    }

    @inline(__always)
    func contains(_ member: Int) -> Bool {
        words[member >> 6] & (1 << UInt64(member & 63)) != 0
    }

    /// 1 when `member` is in the set, else 0: for branch-free arithmetic in hot loops.
    @inline(__always)
    func bit(_ member: Int) -> Int {
        Int(truncatingIfNeeded: (words[member >> 6] >> UInt64(member & 63)) & 1)
    }

    var cardinality: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Inserts every document of a sorted list: the cost follows the list, not the catalogue.
    mutating func formUnion(members: [Int32]) {
        words.withUnsafeMutableBufferPointer { words in
            for member in members { words[Int(member) >> 6] |= 1 << UInt64(member & 63) }
        }
    }

    mutating func formUnion(_ other: Bitset) {
        words.withUnsafeMutableBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] |= theirs[index] }
            }
        }
    }

    mutating func formIntersection(_ other: Bitset) {
        words.withUnsafeMutableBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] &= theirs[index] }
            }
        }
    }

    mutating func subtract(_ other: Bitset) {
        words.withUnsafeMutableBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] &= ~theirs[index] }
            }
        }
    }

    func union(_ other: Bitset) -> Bitset { var copy = self; copy.formUnion(other); return copy }
    func intersection(_ other: Bitset) -> Bitset { var copy = self; copy.formIntersection(other); return copy }
    func subtracting(_ other: Bitset) -> Bitset { var copy = self; copy.subtract(other); return copy }

    /// Calls `body` with each member in increasing order.
    func forEach(_ body: (Int) -> Void) {
        words.withUnsafeBufferPointer { words in
            for (wordIndex, word) in words.enumerated() where word != 0 {
                var remaining = word
                while remaining != 0 {
                    body(wordIndex << 6 | remaining.trailingZeroBitCount)
                    remaining &= remaining - 1
                }
            }
        }
    }

    var members: [Int] {
        var result: [Int] = []
        forEach { result.append($0) }
        return result
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - count
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}

/// Counts, per document, how many of several sets contain it — saturating at two, which is
/// all near misses need ("fails exactly one criterion").
struct FailureCounter {
    private(set) var atLeastOne: Bitset
    private(set) var atLeastTwo: Bitset

    init(count: Int) {
        atLeastOne = Bitset(count: count)
        atLeastTwo = Bitset(count: count)
    }

    mutating func add(_ failures: Bitset) {
        atLeastTwo.formUnion(atLeastOne.intersection(failures))
        atLeastOne.formUnion(failures)
    }

    var exactlyOne: Bitset { atLeastOne.subtracting(atLeastTwo) }
}
