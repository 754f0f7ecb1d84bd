import BundledCatalog
import CatalogStore
import Matching
import Consultations
import Foundation
import PostgresStore
import SupportApp

extension DatabaseOptions {
    /// Opens the catalogue database. On first use (no file yet, or no import ever attempted)
    /// it imports the bundled catalogue first, so `supportmatch offers` works out of the box;
    /// `import` opens with `starterOnFirstUse: false`, so a store built by importing a catalogue
    /// holds that catalogue only (the rule is in README "Command-line reference").
    func openStore(starterOnFirstUse: Bool = true) throws -> CatalogStore {
        let store: CatalogStore
        do {
            store = try CatalogStore.open(path)
        } catch {
            throw CommandFailure("cannot open the catalogue database \(shown): \(error)")
        }
        if starterOnFirstUse, try !store.hasSucceededImport() {
            try importBundledCatalog(into: store, firstUse: true)
        }
        return store
    }

    /// The store with its workflows (index, import) and saved consultations, as the server has them.
    func openWorkflow(starterOnFirstUse: Bool = true) throws -> CatalogWorkflow {
        let store = try openStore(starterOnFirstUse: starterOnFirstUse)
        var workflow = CatalogWorkflow(store: store, consultations: try ConsultationStore(catalogue: store))
        // A rebuilt index is the command's own business; only a warning is worth a line.
        workflow.indexLog = { outcome, message in
            if outcome?.isWarning == true { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
        }
        return workflow
    }

    /// The matcher's index over the store's active offers (see ``CatalogWorkflow/index(sources:weights:)``).
    func openIndex(sources: Set<String>? = nil, weights: String? = nil) throws -> OfferIndex {
        try openWorkflow().index(sources: sources, weights: weights.map { URL(fileURLWithPath: $0) })
    }

    /// Imports the bundled starter catalogue (source `supportmatch`) as its own run, reporting on
    /// stderr. A failure ends the command (exit 1): an empty store would answer "0 offers" as if
    /// that were the catalogue. On first use the next command tries again.
    func importBundledCatalog(into store: CatalogStore, firstUse: Bool) throws {
        let occasion = firstUse ? "first use of \(shown)" : shown
        let files: [URL]
        do { files = try BundledCatalog.offerFiles() } catch {
            Terminal.writeError("supportmatch: \(occasion): the bundled catalogue is missing: \(error)")
            return
        }
        let importer = CatalogImporter(store: store, taxonomies: BundledCatalog.taxonomies)
        let report = importer.run(ImportRequest(paths: files.map(\.path)))
        switch report.outcome {
        case .succeeded:
            Terminal.writeError("supportmatch: \(occasion): imported the bundled catalogue (\(Terminal.count(report.counts.added)) offers from \(files.count) files)")
        case .rejected, .failed:
            let reason = report.failure ?? report.problemGroups.first?.description ?? "unknown problem"
            throw CommandFailure("\(occasion): the bundled catalogue could not be imported (\(reason))\(firstUse ? "; it is tried again on the next command" : ""); see `supportmatch imports`")
        }
    }
}

/// An error that ends the command with a message and an exit status (1 unless said otherwise).
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: Int32

    init(_ message: String, status: Int32 = ExitStatus.badInput) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}
