/// The terms of one analysis language with their term numbers, sorted by their UTF-8 bytes and
/// looked up by binary search: three flat columns, so an index opened from its file uses the
/// dictionary in place instead of hashing a million strings into a `Dictionary` at start.
///
/// Lookup compares bytes, so a term is found only in the exact spelling the analyzer wrote;
/// analyzer output is NFKC-folded, where canonically equal terms have equal bytes.
struct TermDictionary: Sendable {
    /// Every term's UTF-8 bytes, in sorted order; term `i` ends at `ends[i]`.
    let bytes: Column<UInt8>
    let ends: Column<UInt32>
    /// The term number of each sorted term.
    let numbers: Column<Int32>

    var count: Int { numbers.count }

    init(bytes: Column<UInt8>, ends: Column<UInt32>, numbers: Column<Int32>) {
        self.bytes = bytes
        self.ends = ends
        self.numbers = numbers
    }

    init(_ terms: [String: Int32]) {
        let sorted = terms.map { (bytes: Array($0.key.utf8), number: $0.value) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        var bytes: [UInt8] = []
        var ends: [UInt32] = []
        bytes.reserveCapacity(sorted.reduce(0) { $0 + $1.bytes.count })
        ends.reserveCapacity(sorted.count)
        for entry in sorted {
            bytes += entry.bytes
            ends.append(UInt32(bytes.count))
        }
        self.init(bytes: Column(bytes), ends: Column(ends), numbers: Column(sorted.map(\.number)))
    }

    subscript(term: String) -> Int32? {
        var term = term
        return term.withUTF8 { key in
            bytes.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in
                    var low = 0, high = ends.count
                    while low < high {
                        let middle = (low + high) / 2
                        let start = middle == 0 ? 0 : Int(ends[middle - 1])
                        let candidate = UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[middle])])
                        let order = Self.compare(candidate, key)
                        if order == 0 { return numbers[middle] }
                        if order < 0 { low = middle + 1 } else { high = middle }
                    }
                    return nil
                }
            }
        }
    }

    /// Byte-wise order: negative when `a` sorts first.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        for index in 0..<common where a[index] != b[index] {
            return Int(a[index]) - Int(b[index])
        }
        return a.count - b.count
    }
}
