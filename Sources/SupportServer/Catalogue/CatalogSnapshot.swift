public import Foundation
import Matching
public import SupportApp
public import SupportModel
import Synchronization

/// One complete, immutable catalogue as served: the matcher's index, which reads its offers'
/// records (``OfferIndex/offers``), and their search, all from the same store state.
///
/// A snapshot is built in full before it is published (see ``CatalogState``), so a request
/// sees either the old catalogue or the new one, never a mixture.
///
/// A class (every property a `let`): each request takes the current snapshot out of the state's
/// lock, and a copy of the struct retained and released every reference of the index, its
/// taxonomies and columns, about forty, twice per recommendation (1.3 % of its server CPU in the
/// live profile, Benchmarks/RESULTS.md, "session 10 (s10-http)"); a reference is one retain.
public final class CatalogSnapshot: Sendable {
    /// Identifies the store state the snapshot was built from (changes with every import
    /// that changed the catalogue).
    public let version: String
    /// When the last successful import finished, if the store records one.
    public let lastImportAt: Date?
    /// When this snapshot was built.
    public let loadedAt: Date
    let taxonomies: Taxonomies
    /// The matcher's index: recommendations (``recommend(_:limit:today:language:)``), the
    /// baseline of saved consultations, and the offers by id (`GET /v1/offers/{id}`).
    let index: OfferIndex
    private let lazySearch: LazySearch

    public init(catalog: LoadedCatalog, taxonomies: Taxonomies, loadedAt: Date = Date()) {
        version = catalog.version
        lastImportAt = catalog.lastImportAt
        self.loadedAt = loadedAt
        self.taxonomies = taxonomies
        index = catalog.index
        lazySearch = LazySearch()
    }

    /// Number of offers served.
    public var offerCount: Int { index.count }

    func offer(id: String) throws -> Offer? { try OfferID(id).flatMap(index.offer) }

    /// `GET /v1/offers`'s search over every offer of this snapshot, made at its first use,
    /// off the cooperative pool (concurrent first requests wait for the one making it): it
    /// needs every record and their folded texts, which a server that only recommends never
    /// reads (an index opened from its file holds no record), and which took a tenth of the
    /// start and a third of the memory at 100,000 offers.
    func search() async throws -> OfferSearchIndex {
        let task = lazySearch.task.withLock { task in
            if let task { return task }
            let index = index, taxonomies = taxonomies
            let made = Task { try await offPool { OfferSearchIndex(offers: try index.offers.all(), taxonomies: taxonomies) } }
            task = made
            return made
        }
        return try await task.value
    }

    private final class LazySearch: Sendable {
        let task = Mutex<Task<OfferSearchIndex, any Error>?>(nil)
    }
}
