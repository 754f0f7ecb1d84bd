#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snippet's sentence as its UTF-8 bytes, when it is text of single scalars
/// (``SingleScalarText``): every scalar is one character, so a character position is the number
/// of scalars before it, and that is the number of bytes before it that start a scalar (are
/// not `10xxxxxx` continuation bytes).
///
/// The snippet is built on these bytes and byte offsets: no `String.Index` per scalar, no copy
/// of the sentence before the fragment itself, no `Substring` per matched word. Building it from
/// a `String` copy and an array of scalar indices was a fifth of a Förderdatenbank query.
///
/// Invariant: `bytes` is valid UTF-8 (it comes from a `String`) and every scalar in it is single.
struct SingleScalarSentence {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The number of scalars (= characters) in ``bytes``.
    let scalarCount: Int

    /// `nil` when a scalar of `bytes` is not single. One pass over the bytes.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0, count = 0
        while offset < bytes.count {
            let lead = bytes[offset]
            offset += 1
            count += 1
            guard lead >= 0x80 else {
                guard lead != 0x0D else { return nil }
                continue
            }
            // A String is valid UTF-8: a lead byte and one to three continuation bytes.
            let extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
            var scalar = UInt32(lead) & (0x7F >> (extra + 1))
            for position in offset..<offset + extra { scalar = scalar << 6 | UInt32(bytes[position] & 0x3F) }
            offset += extra
            guard SingleScalarText.isSingle(scalar) else { return nil }
        }
        self.bytes = bytes
        scalarCount = count
    }

    /// Whether byte `offset` (≤ the byte count) is where a scalar starts or the end.
    @inline(__always)
    func isScalarBoundary(_ offset: Int) -> Bool {
        offset == bytes.count || (offset < bytes.count && bytes[offset] & 0xC0 != 0x80)
    }

    /// Whether the scalar starting at byte `offset` is a letter or a number.
    private func isWordCharacter(at offset: Int) -> Bool {
        let lead = bytes[offset]
        guard lead >= 0x80 else { return SingleScalarText.isLetterOrNumber(UInt32(lead)) }
        let extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
        var scalar = UInt32(lead) & (0x7F >> (extra + 1))
        for next in offset + 1...offset + extra { scalar = scalar << 6 | UInt32(bytes[next] & 0x3F) }
        return SingleScalarText.isLetterOrNumber(scalar)
    }

    /// Calls `body` with the byte range of each whole-word occurrence of `pattern` (not empty),
    /// left to right, occurrences not overlapping: the character search's matches, since equal
    /// bytes are equal characters in such text (``Explainer/characterRepetitions(of:in:)``).
    /// Cost: one `memchr` pass over the bytes per pattern, a comparison where the first byte matches.
    func forEachWholeWord<Pattern: Collection<UInt8>>(_ pattern: Pattern, _ body: (Range<Int>) -> Void) {
        let length = pattern.count
        guard let head = pattern.first, length <= bytes.count, let base = bytes.baseAddress else { return }
        var start = 0
        while start + length <= bytes.count {
            // The next place the first byte occurs (`memchr`, vectorised): the positions before
            // it cannot start a match. This scan was most of a snippet's repetition search.
            guard let next = memchr(base + start, Int32(head), bytes.count - length + 1 - start) else { return }
            start = Int(bitPattern: next) - Int(bitPattern: base)
            guard bytes[start..<start + length].elementsEqual(pattern) else {
                start += 1
                continue
            }
            let end = start + length
            var before = start - 1
            while before > 0, bytes[before] & 0xC0 == 0x80 { before -= 1 }
            if (before < 0 || !isWordCharacter(at: before)), (end == bytes.count || !isWordCharacter(at: end)) {
                body(start..<end)
            }
            start = end
        }
    }

    /// The scalar offsets of `marks`, byte ranges on scalar boundaries, ascending and not
    /// overlapping (empty ones allowed). One pass over the bytes up to the last mark's end.
    func scalarOffsets(of marks: [Range<Int>]) -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        result.reserveCapacity(marks.count)
        var byte = 0, counted = 0
        func scalars(before target: Int) -> Int {
            while byte < target {
                if bytes[byte] & 0xC0 != 0x80 { counted += 1 }
                byte += 1
            }
            return counted
        }
        for mark in marks {
            let start = scalars(before: mark.lowerBound)
            result.append((start, scalars(before: mark.upperBound)))
        }
        return result
    }

    /// The text of scalars `range` (`0...scalarCount` bounds), one copy of its bytes.
    func text(scalars range: Range<Int>) -> String {
        var byte = 0, scalar = 0, from = 0
        while scalar < range.upperBound, byte < bytes.count {
            if scalar == range.lowerBound { from = byte }
            byte += 1
            while byte < bytes.count, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
            scalar += 1
        }
        if range.isEmpty { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<byte]), as: UTF8.self)
    }

    /// The whole sentence as a `String`.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
