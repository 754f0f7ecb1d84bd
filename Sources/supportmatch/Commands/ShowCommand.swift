import ArgumentParser
import BundledCatalog
import CatalogStore
import Foundation
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
        if output.json {
            try Terminal.printJSON(stored)
        } else {
            print(OfferText(stored: stored, taxonomies: BundledCatalog.taxonomies).render())
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
