/// A read-only array of plain values that lives either in memory of its own or inside a mapped
/// index file (``IndexFile``), read in place.
///
/// The index's flat arrays (postings, impacts, sentence spans) are columns so that an index
/// opened from its file costs a mapping, not a copy: the kernel pages in what queries touch and
/// may drop clean pages again, and two processes serving one store share them. The query code
/// reads a column exactly as it read the `Array` it replaced (subscript, `count`, `indices`,
/// `withUnsafeBufferPointer`).
///
/// Immutable after creation; the memory is kept alive by `owner` for as long as any copy of the
/// column (or of a slice) exists, so a published snapshot can be swapped while a request still
/// reads the old one.
struct Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafePointer<Element>?
    let count: Int
    /// A ``ColumnStorage`` or an ``IndexFile/Mapping``: whatever owns the bytes at `base`.
    private let owner: AnyObject?

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "Column index out of range")
        return base.unsafelyUnwrapped[position]
    }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// A column holding a copy of `elements`.
    init(_ elements: [Element]) {
        let storage = ColumnStorage<Element>(elements)
        base = UnsafePointer(storage.pointer)
        count = elements.count
        owner = storage
    }

    init() { self.init([]) }

    /// A column of `count` values at `pointer`, which `owner` keeps valid and unchanged.
    init(unsafeStart pointer: UnsafeRawPointer, count: Int, owner: AnyObject) {
        base = count == 0 ? nil : pointer.assumingMemoryBound(to: Element.self)
        self.count = count
        self.owner = owner
    }
}

extension Column: Equatable where Element: Equatable {
    static func == (lhs: Column, rhs: Column) -> Bool { lhs.elementsEqual(rhs) }
}

extension Column: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: Element...) { self.init(elements) }
}

/// Memory a column made from an array owns.
final class ColumnStorage<Element: BitwiseCopyable> {
    let pointer: UnsafeMutablePointer<Element>?

    init(_ elements: [Element]) {
        guard !elements.isEmpty else { pointer = nil; return }
        let pointer = UnsafeMutablePointer<Element>.allocate(capacity: elements.count)
        elements.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: $0.count) }
        self.pointer = pointer
    }

    deinit { pointer?.deallocate() }
}
