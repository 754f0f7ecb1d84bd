import BundledCatalog
import CatalogStore
import Foundation
import Matching
import SupportModel
import TextAnalysis

extension DatabaseOptions {
    /// The matching index over the store's active offers, with the bundled synonyms.
    func openIndex() throws -> OfferIndex {
        let store = try openStore()
        let offers = try store.activeOffers()
        let synonymsURL = BundledCatalog.analysisDirectory.appendingPathComponent("synonyms.json")
        let synonyms: SynonymTable
        do {
            synonyms = try SynonymTable(jsonData: Data(contentsOf: synonymsURL))
        } catch {
            Terminal.writeError("supportmatch: synonyms not loaded (\(error)); matching words only")
            synonyms = .empty
        }
        return OfferIndex(offers: offers, taxonomies: BundledCatalog.taxonomies, synonyms: synonyms)
    }
}
