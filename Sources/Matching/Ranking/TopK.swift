/// The best `capacity` documents by score, ties to the lower document number (= offer id).
struct TopK {
    let capacity: Int
    private(set) var entries: [(doc: Int, score: Double)] = []

    init(capacity: Int) { self.capacity = capacity }

    private static func before(_ a: (doc: Int, score: Double), _ b: (doc: Int, score: Double)) -> Bool {
        a.score != b.score ? a.score > b.score : a.doc < b.doc
    }

    mutating func insert(_ doc: Int, _ score: Double) {
        guard capacity > 0 else { return }
        let entry = (doc: doc, score: score)
        if entries.count == capacity {
            guard Self.before(entry, entries[entries.count - 1]) else { return }
            entries.removeLast()
        }
        var position = entries.count
        while position > 0, Self.before(entry, entries[position - 1]) { position -= 1 }
        entries.insert(entry, at: position)
    }

    /// Whether a document scoring at most `bound` could still enter. Documents are offered in
    /// ascending order, so a later one with the same score as the last entry never enters.
    @inline(__always)
    func admits(_ bound: Double) -> Bool {
        capacity > 0 && (entries.count < capacity || bound > entries[entries.count - 1].score)
    }

    /// The score to beat once the list is full; −∞ before.
    var threshold: Double {
        entries.count == capacity && capacity > 0 ? entries[entries.count - 1].score : -.infinity
    }

    var sorted: [(doc: Int, score: Double)] { entries }
}
