import ArgumentParser
import BundledCatalog
import CatalogStore
import Foundation
import Matching
import SupportModel

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one offer in full, with its status and history.",
        discussion: "The id is source:local-id; the local id alone is enough when only one source uses it."
    )

    @Argument(help: ArgumentHelp("The offer id, e.g. supportmatch:sab-innostartbonus.", valueName: "id"))
    var id: String

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try database.openStore()
        let offerID = try resolve(id, in: store)
        guard let stored = try store.offer(offerID) else {
            throw CommandFailure("no offer with id \(offerID)")
        }
        let rules = try Self.derivationRules()
        let derived = rules.derive(stored.offer)
        if output.json {
            try Terminal.printJSON(ShownOffer(stored: stored, derived: derived))
        } else {
            print(OfferText(stored: stored, taxonomies: BundledCatalog.taxonomies, derived: derived,
                            subjects: rules.subjects(stated: stored.offer.topics, derived: derived)).render())
        }
    }

    static func derivationRules() throws -> DerivationRules {
        let url = BundledCatalog.analysisDirectory.appendingPathComponent(MatchingResources.derivationFile)
        do { return try DerivationRules(jsonData: Data(contentsOf: url), source: url.path) } catch {
            throw CommandFailure("derivation rules: \(error)")
        }
    }

    private func resolve(_ text: String, in store: CatalogStore) throws -> OfferID {
        if let id = OfferID(text) { return id }
        let candidates = try store.offerIDs(localID: text)
        switch candidates.count {
        case 0: throw CommandFailure("no offer with id \(text)")
        case 1: return candidates[0]
        default:
            throw CommandFailure("\(text) is ambiguous; say which: \(candidates.map(\.description).joined(separator: ", "))")
        }
    }
}

/// The stored offer as JSON plus, under `derived`, what the matcher derives from its text.
struct ShownOffer: Encodable {
    var stored: StoredOffer
    var derived: DerivedFacts

    enum Key: String, CodingKey { case derived }

    func encode(to encoder: any Encoder) throws {
        try stored.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(derived, forKey: .derived)
    }
}
