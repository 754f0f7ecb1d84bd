public import SupportModel
import Foundation
import Synchronization

/// The full records of an index's offers, by document number.
///
/// A query reads a full record only for the offers it shows (the explanation, the snippet's
/// text, "also published by", the next question's unanswered criteria of the results); ranking
/// and eligibility read flat per-offer columns. So an index opened from its file does not hold
/// the catalogue: decoding every stored offer was the largest part of `serve`'s start at
/// 100,000 offers and holding them most of its memory (Benchmarks/RESULTS.md, "Issue 16.1:
/// session 6"). Such an index reads records through a loader (the store, by id and content
/// hash) and keeps the last ``LazyRecords/capacity`` of them; an index built in memory holds
/// its offers as before.
///
/// Reading an element of a lazy collection may read the store, so walking all of it (a test,
/// `evaluate`, the offer search's first use) costs a catalogue read.
public struct OfferRecords: RandomAccessCollection, Sendable {
    /// Reads the offers with these ids, each in the version with that content hash, in the
    /// order given. An index was built from exactly those versions; a loader that cannot
    /// return one (the store lost an offer) stops the process with the reason, as a query
    /// cannot be answered from a catalogue that differs from its index.
    public typealias Loader = @Sendable (_ ids: [OfferID], _ contentHashes: [String]) -> [Offer]

    enum Storage: Sendable {
        case memory([Offer])
        case lazy(LazyRecords)
    }

    let storage: Storage

    init(_ offers: [Offer]) { storage = .memory(offers) }

    /// Records read on demand: `ids` in document order, each with its content hash.
    public init(ids: [OfferID], contentHashes: [String], capacity: Int = LazyRecords.defaultCapacity, loader: @escaping Loader) {
        precondition(ids.count == contentHashes.count)
        storage = .lazy(LazyRecords(ids: ids, contentHashes: contentHashes, capacity: capacity, loader: loader))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .memory(let offers): offers.count
        case .lazy(let records): records.ids.count
        }
    }

    public subscript(doc: Int) -> Offer {
        switch storage {
        case .memory(let offers): offers[doc]
        case .lazy(let records): records.offer(doc)
        }
    }

    /// The id of document `doc`, without reading its record.
    public func id(_ doc: Int) -> OfferID {
        switch storage {
        case .memory(let offers): offers[doc].id
        case .lazy(let records): records.ids[doc]
        }
    }

    /// The ids in document order, without reading any record.
    public var ids: [OfferID] {
        switch storage {
        case .memory(let offers): offers.map(\.id)
        case .lazy(let records): records.ids
        }
    }

    /// The key of each offer's version (``PersistedIndex/key``): the stored content hash.
    var contentHashes: [String] {
        switch storage {
        case .memory(let offers): offers.map { $0.provenance?.contentHash ?? $0.contentHash }
        case .lazy(let records): records.contentHashes
        }
    }

    /// Every record, read in one pass (a lazy collection asks its loader once, not per offer).
    public func all() -> [Offer] {
        switch storage {
        case .memory(let offers): offers
        case .lazy(let records): records.loader(records.ids, records.contentHashes)
        }
    }

    var isLazy: Bool {
        if case .lazy = storage { return true }
        return false
    }
}

/// The loader and the bounded cache behind a lazy ``OfferRecords``: a query shows about twenty
/// offers, and the same popular ones again and again, so a cache of a few thousand records
/// serves most of them without a store read (all of a catalogue the size of the
/// Förderdatenbank's), and bounds what a large catalogue holds.
public final class LazyRecords: Sendable {
    /// Records kept: about 10 MB of typical offers.
    public static let defaultCapacity = 4096

    let ids: [OfferID]
    let contentHashes: [String]
    let capacity: Int
    let loader: OfferRecords.Loader
    private let cache: Mutex<Cache>

    struct Cache {
        var offers: [Int: Offer] = [:]
        /// Documents in the order they were cached; the oldest leave first.
        var order: [Int] = []
        var next = 0
    }

    init(ids: [OfferID], contentHashes: [String], capacity: Int, loader: @escaping OfferRecords.Loader) {
        self.ids = ids
        self.contentHashes = contentHashes
        self.capacity = max(1, capacity)
        self.loader = loader
        cache = Mutex(Cache())
    }

    func offer(_ doc: Int) -> Offer {
        if let cached = cache.withLock({ $0.offers[doc] }) { return cached }
        // Read outside the lock: another request may read the same record meanwhile, and
        // both get the same version.
        guard let offer = loader([ids[doc]], [contentHashes[doc]]).first else {
            fatalError("the store has no offer \(ids[doc]) with content hash \(contentHashes[doc]), which the index was built from")
        }
        cache.withLock { cache in
            guard cache.offers[doc] == nil else { return }
            if cache.order.count < capacity {
                cache.order.append(doc)
            } else {
                cache.offers[cache.order[cache.next]] = nil
                cache.order[cache.next] = doc
                cache.next = (cache.next + 1) % capacity
            }
            cache.offers[doc] = offer
        }
        return offer
    }
}

/// The derived facts of an index's offers, by document: held as values when the index was
/// built, read from the index file's per-document JSON otherwise. Only the shown offers'
/// facts are read per query (their explanation and notes); the ranking reads the signals
/// built from all of them (``DerivedSignals``), which the file stores as sets. Decoding all
/// of them at start was a tenth of it at 100,000 offers.
public struct DerivedColumn: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case memory([DerivedFacts])
        /// Canonical JSON of each document's facts, `bytes[starts[d]..<starts[d + 1]]`, empty
        /// for none; decoded facts are kept (a few hundred bytes each, only for offers shown).
        case file(bytes: Column<UInt8>, starts: Column<UInt64>, cache: DerivedCache)
    }

    let storage: Storage

    init(_ facts: [DerivedFacts]) { storage = .memory(facts) }

    init(bytes: Column<UInt8>, starts: Column<UInt64>) {
        storage = .file(bytes: bytes, starts: starts, cache: DerivedCache())
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .memory(let facts): facts.count
        case .file(_, let starts, _): starts.count - 1
        }
    }

    public subscript(doc: Int) -> DerivedFacts {
        switch storage {
        case .memory(let facts):
            return facts[doc]
        case .file(let bytes, let starts, let cache):
            let from = Int(starts[doc]), to = Int(starts[doc + 1])
            guard from < to else { return DerivedFacts() }
            if let known = cache.facts.withLock({ $0[doc] }) { return known }
            // The file passed its checksum and was written from these values by this build:
            // a slice that does not decode is a broken invariant, not bad input.
            let facts = bytes.withUnsafeBufferPointer { buffer in
                try! JSONDecoder().decode(DerivedFacts.self, from: Data(UnsafeBufferPointer(rebasing: buffer[from..<to])))
            }
            cache.facts.withLock { known in
                if known.count >= LazyRecords.defaultCapacity { known.removeAll(keepingCapacity: true) }
                known[doc] = facts
            }
            return facts
        }
    }

    /// Whether document `doc` has no derived facts, without decoding them.
    func isEmpty(_ doc: Int) -> Bool {
        switch storage {
        case .memory(let facts): facts[doc].isEmpty
        case .file(_, let starts, _): starts[doc] == starts[doc + 1]
        }
    }
}

final class DerivedCache: Sendable {
    let facts = Mutex<[Int: DerivedFacts]>([:])
}
