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
/// Reading a record of a lazy collection may read the store, and so may fail
/// (``RecordUnavailable``); ``all()`` (a test, the offer search's first use) costs a catalogue
/// read.
public struct OfferRecords: Sendable {
    /// Reads the offers with these ids, each in the version with that content hash, in the
    /// order given, one per id. An index was built from exactly those versions; a loader that
    /// cannot return one (the store failed, or no longer holds that version) throws, and the
    /// query that needed it fails with ``RecordUnavailable``: it cannot be answered from a
    /// catalogue that differs from its index, but the process goes on serving (the next
    /// snapshot, or the offers it can still read).
    public typealias Loader = @Sendable (_ ids: [OfferID], _ contentHashes: [String]) throws -> [Offer]

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

    /// Number of offers.
    public var count: Int {
        switch storage {
        case .memory(let offers): offers.count
        case .lazy(let records): records.ids.count
        }
    }

    /// The record of document `doc`.
    public func record(_ doc: Int) throws(RecordUnavailable) -> Offer {
        switch storage {
        case .memory(let offers): offers[doc]
        case .lazy(let records): try records.offers([doc])[0]
        }
    }

    /// The records of `docs`, in that order: those not cached are read in one call of the
    /// loader (one store query for the offers a recommendation shows, not one per offer).
    public func records(_ docs: [Int]) throws(RecordUnavailable) -> [Offer] {
        switch storage {
        case .memory(let offers): docs.map { offers[$0] }
        case .lazy(let records): try records.offers(docs)
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
    public func all() throws(RecordUnavailable) -> [Offer] {
        switch storage {
        case .memory(let offers): offers
        case .lazy(let records): try records.read(Array(records.ids.indices))
        }
    }

    /// Document `doc`'s record, read from the store without keeping it (lazy records) or taken
    /// from memory: a streamed build (``StreamedIndexBuild``) reads the few records its stream
    /// did not give this way, and must not fill the cache with them.
    func uncached(_ doc: Int) throws(RecordUnavailable) -> Offer {
        switch storage {
        case .memory(let offers): offers[doc]
        case .lazy(let records): try records.read([doc])[0]
        }
    }

    var isLazy: Bool {
        if case .lazy = storage { return true }
        return false
    }
}

/// An offer record the index shows could not be read: the store failed, or no longer holds
/// the version the index was built from (an import replaced it and this snapshot is stale, or
/// the store file was changed or damaged underneath the server). A query that needs it cannot
/// be answered from this index; the server answers 503, the CLI names the offer.
public struct RecordUnavailable: Error, CustomStringConvertible, Sendable {
    public let id: OfferID
    public let contentHash: String
    /// The store's error, or nil when the store answered without that version.
    public let cause: String?

    public init(id: OfferID, contentHash: String, cause: String?) {
        self.id = id
        self.contentHash = contentHash
        self.cause = cause
    }

    public var description: String {
        if let cause {
            return "could not read offer \(id) (version \(contentHash)), which the index shows, from the store: \(cause)"
        }
        return "the store no longer holds offer \(id) in the version the index was built from (\(contentHash)); the catalogue changed underneath this index"
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

    /// The records of `docs` in that order, from the cache or, for the rest, one loader call.
    func offers(_ docs: [Int]) throws(RecordUnavailable) -> [Offer] {
        // Every one cached (nearly every query on a warm cache): one copy of each record out of
        // the cache. A copy retains each of the record's strings and arrays, whose counts every
        // request thread shares; the general path below copies each twice more.
        let cached: [Offer]? = cache.withLock { cache in
            var offers: [Offer] = []
            offers.reserveCapacity(docs.count)
            for doc in docs {
                guard let offer = cache.offers[doc] else { return nil }
                offers.append(offer)
            }
            return offers
        }
        if let cached { return cached }
        var found: [Offer?] = cache.withLock { cache in docs.map { cache.offers[$0] } }
        let missing = docs.indices.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found.map { $0! } }
        // Read outside the lock: another request may read the same record meanwhile, and
        // both get the same version.
        let missingDocs = missing.map { docs[$0] }
        let read = try read(missingDocs)
        cache.withLock { cache in
            for (doc, offer) in zip(missingDocs, read) where cache.offers[doc] == nil {
                if cache.order.count < capacity {
                    cache.order.append(doc)
                } else {
                    cache.offers[cache.order[cache.next]] = nil
                    cache.order[cache.next] = doc
                    cache.next = (cache.next + 1) % capacity
                }
                cache.offers[doc] = offer
            }
        }
        for (position, offer) in zip(missing, read) { found[position] = offer }
        return found.map { $0! }
    }

    /// The records of `docs` from the loader, uncached; a failure names the first offer asked for
    /// (the store's error) or the first one it did not return.
    func read(_ docs: [Int]) throws(RecordUnavailable) -> [Offer] {
        let wantedIDs = docs.map { ids[$0] }, wantedHashes = docs.map { contentHashes[$0] }
        let offers: [Offer]
        do { offers = try loader(wantedIDs, wantedHashes) } catch let error as RecordUnavailable {
            throw error
        } catch {
            throw RecordUnavailable(id: wantedIDs[0], contentHash: wantedHashes[0], cause: "\(error)")
        }
        guard offers.count == docs.count else {
            let position = zip(offers, wantedIDs).enumerated().first { $0.element.0.id != $0.element.1 }?.offset ?? offers.count
            throw RecordUnavailable(id: wantedIDs[position], contentHash: wantedHashes[position], cause: nil)
        }
        return offers
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
