import Foundation

/// Per-document `Float` arrays that one query fills and drops (the raw text scores, the
/// synonym groups' best alternatives, the topic hits), kept for the next query of the same
/// index instead of being allocated anew.
///
/// Why: at 100,000 offers each is 400 KB. The allocator serves blocks that large from fresh
/// pages (or returns the freed top of its heap to the system), so every query paid a zero-filled
/// page fault per 4 KB page of each array on top of its own zero fill. A kept array is zeroed by
/// the query that takes it (`memset`, no fault), or not at all where the walk that used it
/// leaves it zero (``takeZeroed(count:)``'s `clean` pool).
///
/// Sharing is safe by construction: arrays are values. An array given back while a copy of it
/// is still alive (another holder has not dropped it yet) is copied on its next write, so a
/// taker never writes into memory someone else reads; it only loses the saving.
final class ScratchArrays: @unchecked Sendable {
    /// At most this many arrays are kept per pool: a few concurrent queries' worth (a query
    /// holds at most two from `dirty` and one from `clean`), 400 KB each at 100,000 offers.
    static let kept = 8

    private let lock = NSLock()
    /// Arrays whose contents are unknown; zeroed when taken.
    private var dirty: [[Float]] = []
    /// Arrays given back all zero (``giveZeroed(_:)``); taken without a fill.
    private var clean: [[Float]] = []

    init() {}

    /// `count` zeros: a kept array filled with zeros, or a new one.
    func take(count: Int) -> [Float] {
        var array = pop(from: \.dirty, count: count) ?? [Float](repeating: 0, count: count)
        array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.update(repeating: 0, count: buffer.count)
        }
        return array
    }

    /// `count` zeros from the arrays given back zeroed, or a new one.
    func takeZeroed(count: Int) -> [Float] {
        pop(from: \.clean, count: count) ?? [Float](repeating: 0, count: count)
    }

    /// Keeps `array` for a later ``take(count:)``.
    func give(_ array: [Float]) { push(array, to: \.dirty) }

    /// Keeps `array`, which must hold only zeros, for a later ``takeZeroed(count:)``.
    func giveZeroed(_ array: [Float]) {
        assert(array.allSatisfy { $0 == 0 }, "an array given back as zeroed holds a value")
        push(array, to: \.clean)
    }

    private func pop(from pool: ReferenceWritableKeyPath<ScratchArrays, [[Float]]>, count: Int) -> [Float]? {
        lock.lock()
        defer { lock.unlock() }
        // A catalogue's arrays all have its count; one of another length is dropped.
        while let array = self[keyPath: pool].popLast() {
            if array.count == count { return array }
        }
        return nil
    }

    private func push(_ array: [Float], to pool: ReferenceWritableKeyPath<ScratchArrays, [[Float]]>) {
        guard !array.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if self[keyPath: pool].count < Self.kept { self[keyPath: pool].append(array) }
    }
}
