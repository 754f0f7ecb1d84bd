import ArgumentParser
import Foundation

/// Where the catalogue database is; shared by every command that reads or writes it.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The catalogue database file.",
        discussion: "Defaults to $SUPPORTMATCH_DATABASE, else ./supportmatch.sqlite.",
        valueName: "path"))
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
}

/// How results are printed; shared by every command with output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false
}
