import ArgumentParser
import Foundation
import PostgresStore

/// Where the catalogue database is; shared by every command that reads or writes it.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The catalogue database: a SQLite file, or a postgres://user@host[:port]/database URL.",
        discussion: "Defaults to $SUPPORTMATCH_DATABASE, else ./supportmatch.sqlite.",
        valueName: "path-or-url"))
    var database: String?

    static let environmentVariable = "SUPPORTMATCH_DATABASE"
    static let defaultPath = "./supportmatch.sqlite"

    /// The path in effect: the option, else the environment, else the default.
    var path: String {
        if let database, !database.isEmpty { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Self.defaultPath
    }

    /// The location for messages and logs: a PostgreSQL URL without its password.
    var shown: String { redactedStoreLocation(path) }
}

/// How results are printed; shared by every command with output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false
}
