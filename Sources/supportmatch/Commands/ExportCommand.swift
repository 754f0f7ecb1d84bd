import ArgumentParser
import CatalogImport
import CatalogStore
import Foundation
import SupportModel

/// Writes the stored catalogue out again, so a maintainer can round-trip it through the native
/// format or hand it to a system that speaks CommonGrants.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the stored catalogue as native JSON, native XML or CommonGrants JSON."
    )

    /// The formats `export` writes, under the names `import --format` reads them by.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case nativeJSON = "native-json"
        case nativeXML = "native-xml"
        case commongrants = "commongrants-json"

        init?(argument: String) {
            self.init(rawValue: CatalogFormat(named: argument).rawValue)
        }
    }

    @Option(help: ArgumentHelp("native-json, native-xml or commongrants-json (the names import --format takes).", valueName: "format"))
    var format: Format = .nativeJSON

    @Option(help: ArgumentHelp("Only offers from this source.", valueName: "source"))
    var source: String?

    @Flag(help: "Include withdrawn offers (they are exported with their last known content).")
    var includeWithdrawn = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        let stored = try store.offers(source: source, status: includeWithdrawn ? .all : .active)
        // Provenance describes how a record entered *this* store; it is not part of the content
        // another system should import.
        let offers = stored.map { record -> Offer in
            var offer = record.offer
            offer.provenance = nil
            return offer
        }

        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw CommandFailure("cannot create \(output)")
            }
            guard let opened = FileHandle(forWritingAtPath: output) else { throw CommandFailure("cannot open \(output) for writing") }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        defer { if output != nil { try? handle.close() } }

        // The document-level source is the one most offers share; others carry their own and
        // are declared in the document's `sources`, so an import of the file may write them.
        let documentSource = source ?? Dictionary(grouping: offers, by: \.id.source)
            .max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? "supportmatch"
        switch format {
        case .nativeJSON:
            let writer = NativeJSONWriter(source: documentSource, otherSources: offers.map(\.id.source), to: handle)
            try writer.write(contentsOf: offers)
            try writer.finish()
        case .nativeXML:
            let writer = NativeXMLWriter(source: documentSource, otherSources: offers.map(\.id.source), to: handle)
            try writer.write(contentsOf: offers)
            try writer.finish()
        case .commongrants:
            try handle.write(contentsOf: try CommonGrantsWriter().paginatedResponse(offers, source: documentSource))
            try handle.write(contentsOf: Data("\n".utf8))
        }
        if let output {
            Terminal.writeError("supportmatch: exported \(Terminal.count(offers.count)) offers to \(output) (\(format.rawValue))")
        }
    }
}
