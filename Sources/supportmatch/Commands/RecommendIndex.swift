import BundledCatalog
import CatalogStore
import Foundation
import Matching
import SupportModel
import TextAnalysis

extension DatabaseOptions {
    /// The index over the store's active offers with the bundled matching resources; with
    /// `sources`, over those sources' offers only, as if the store held nothing else (text
    /// statistics included); `weights` replaces the bundled ranking weights.
    func openIndex(sources: Set<String>? = nil, weights: String? = nil) throws -> OfferIndex {
        let store = try openStore()
        var offers = try store.activeOffers()
        if let sources { offers.removeAll { !sources.contains($0.id.source) } }
        let resources: MatchingResources
        do {
            resources = try MatchingResources.load(from: BundledCatalog.analysisDirectory,
                                                   weights: weights.map { URL(fileURLWithPath: $0) })
        } catch {
            throw CommandFailure("matching resources: \(error)")
        }
        return OfferIndex(offers: offers, taxonomies: BundledCatalog.taxonomies, resources: resources)
    }
}
