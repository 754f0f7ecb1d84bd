import ArgumentParser
import CatalogStore
import Consultations
import Foundation
import PostgresStore

struct MigrateStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a SQLite store (catalogue, history, import runs, saved consultations) into an empty PostgreSQL database."
    )

    @Option(name: .long, help: ArgumentHelp("The SQLite store to copy.", valueName: "sqlite:path"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The empty PostgreSQL database to copy it into.", valueName: "postgres://…"))
    var to: String

    func run() throws {
        guard from.hasPrefix("sqlite:") else {
            throw CommandFailure("--from \(from): expected sqlite:PATH (the SQLite file to copy)")
        }
        let path = String(from.dropFirst("sqlite:".count))
        guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("--from: no SQLite store at \(path)") }
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw CommandFailure("--to \(redactedStoreLocation(to)): expected a postgres://user@host[:port]/database URL")
        }
        let source: CatalogStore
        let target: CatalogStore
        do {
            source = try CatalogStore(path: path)
            _ = try ConsultationStore(catalogue: source)
        } catch {
            throw CommandFailure("cannot open the SQLite store \(path): \(error)")
        }
        do {
            target = try CatalogStore.open(to)
            _ = try ConsultationStore(catalogue: target)
        } catch {
            throw CommandFailure("cannot open the PostgreSQL store \(redactedStoreLocation(to)): \(error)")
        }
        let copied: [(table: String, rows: Int)]
        do {
            copied = try StoreCopy.copy(from: source, to: target)
        } catch {
            throw CommandFailure("nothing was copied: \(error)")
        }
        print("Copied \(path) into \(target.path):")
        for (table, rows) in copied { print("  \(table): \(Terminal.count(rows)) rows") }
    }
}
