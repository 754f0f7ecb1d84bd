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

    /// A set from its words (read from an index file, whose reader checks their count and tail).
    init(count: Int, words: [UInt64]) {
        self.count = count
        self.words = words
    }

    init(count: Int, members: some Sequence<Int>) {
        self.init(count: count)
        for member in members { insert(member) }
    }

    /// The members of `within` whose value is above `cut` (NaN is not), `values` holding one
    /// value per document: sixteen compares at a time into a mask, without a branch per
    /// document (about half the documents of a query hold a text score, so a branch
    /// mispredicts), skipping the words `within` leaves empty.
    init(_ values: [Float], above cut: Float, within: Bitset) {
        precondition(values.count == within.count)
        self.init(count: values.count)
        let lanes = SIMD16<UInt32>(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
                                   1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
        let cuts = SIMD16<Float>(repeating: cut)
        words.withUnsafeMutableBufferPointer { words in
            within.words.withUnsafeBufferPointer { mask in
                values.withUnsafeBufferPointer { values in
                    for wordIndex in words.indices where mask[wordIndex] != 0 {
                        let start = wordIndex << 6
                        var word: UInt64 = 0
                        if start + 64 <= values.count {
                            let raw = UnsafeRawPointer(values.baseAddress! + start)
                            for chunk in 0..<4 {
                                let chunkValues = raw.loadUnaligned(fromByteOffset: chunk * 64, as: SIMD16<Float>.self)
                                let bits = SIMD16<UInt32>(repeating: 0).replacing(with: lanes, where: chunkValues .> cuts)
                                word |= UInt64(bits.wrappedSum()) << UInt64(chunk * 16)
                            }
                        } else {
                            for doc in start..<values.count { word |= UInt64(values[doc] > cut ? 1 : 0) << UInt64(doc - start) }
                        }
                        words[wordIndex] = word & mask[wordIndex]
                    }
                }
            }
        }
    }

    /// The largest of `values` at the members, or 0 when none is larger (`values` holds one
    /// value per document): the members' values are kept, the others read as 0, and the
    /// maximum taken sixteen at a time, where visiting each member cost a bit search and a
    /// dependent compare (about 60 % of a catalogue is eligible or a near miss).
    func maximum(of values: [Float]) -> Float {
        precondition(values.count == count)
        let lanes = SIMD16<UInt32>(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
                                   1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
        let zero = SIMD16<Float>(repeating: 0), none = SIMD16<UInt32>(repeating: 0)
        var best = zero
        var tail: Float = 0
        words.withUnsafeBufferPointer { words in
            values.withUnsafeBufferPointer { values in
                for (wordIndex, word) in words.enumerated() where word != 0 {
                    let start = wordIndex << 6
                    if start + 64 <= values.count {
                        let raw = UnsafeRawPointer(values.baseAddress! + start)
                        for chunk in 0..<4 {
                            let members = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: word >> UInt64(chunk * 16))) & lanes
                            let chunkValues = raw.loadUnaligned(fromByteOffset: chunk * 64, as: SIMD16<Float>.self)
                            let kept = zero.replacing(with: chunkValues, where: members .!= none)
                            // (`pointwiseMax` compiled to a lane-by-lane loop, 50 times slower.)
                            best.replace(with: kept, where: kept .> best)
                        }
                    } else {
                        for doc in start..<values.count where word >> UInt64(doc - start) & 1 != 0 { tail = max(tail, values[doc]) }
                    }
                }
            }
        }
        for lane in best.indices { tail = max(tail, best[lane]) }
        return tail
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
