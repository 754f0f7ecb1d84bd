public import Foundation
import Matching
public import SupportApp
public import SupportModel

/// One complete, immutable catalogue as served: the offers, their search index and the
/// matcher's index, all built from the same store state.
///
/// A snapshot is built in full before it is published (see ``CatalogState``), so a request
/// sees either the old catalogue or the new one, never a mixture.
public struct CatalogSnapshot: Sendable {
    public let offers: [Offer]
    /// Identifies the store state the snapshot was built from (changes with every import
    /// that changed the catalogue).
    public let version: String
    /// When the last successful import finished, if the store records one.
    public let lastImportAt: Date?
    /// When this snapshot was built.
    public let loadedAt: Date
    let taxonomies: Taxonomies
    let search: OfferSearchIndex
    /// The matcher's index: recommendations (``recommend(_:limit:today:language:)``) and the
    /// baseline of saved consultations.
    let index: OfferIndex
    /// Positions in `offers` by id text: not a second copy of every offer.
    private let byID: [String: Int]

    public init(catalog: LoadedCatalog, taxonomies: Taxonomies, loadedAt: Date = Date()) {
        offers = catalog.offers
        version = catalog.version
        lastImportAt = catalog.lastImportAt
        self.loadedAt = loadedAt
        self.taxonomies = taxonomies
        index = catalog.index
        search = OfferSearchIndex(offers: catalog.offers, taxonomies: taxonomies)
        byID = Dictionary(catalog.offers.enumerated().map { ($1.id.description, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func offer(id: String) -> Offer? { byID[id].map { offers[$0] } }
}
