import ArgumentParser
import CatalogStore
import Foundation

struct ImportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "List the import history, newest first (rejected, failed and dry runs included)."
    )

    @Option(name: .customLong("run"), help: ArgumentHelp("Show the full report of this run.", valueName: "run"))
    var runID: Int64?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try database.openStore()
        if let runID {
            guard let report = try store.importReport(runID: runID) else { throw CommandFailure("no import run \(runID)") }
            if output.json {
                try Terminal.printJSON(report)
            } else {
                print(ImportReportText(report: report, databasePath: database.shown).render())
            }
            return
        }
        let runs = try store.importRuns()
        if output.json {
            try Terminal.printJSON(runs)
            return
        }
        var table = TextTable([
            .init(title: "RUN", alignment: .right), .init(title: "STARTED (UTC)"), .init(title: "OUTCOME"),
            .init(title: "ADDED", alignment: .right), .init(title: "CHANGED", alignment: .right),
            .init(title: "UNCHANGED", alignment: .right), .init(title: "WITHDRAWN", alignment: .right),
            .init(title: "RESTORED", alignment: .right), .init(title: "REJECTED", alignment: .right),
            .init(title: "FILES", maxWidth: 60),
        ])
        for entry in runs {
            let c = entry.counts
            table.append([
                String(entry.id), Self.time(entry.startedAt), entry.outcome.rawValue + (entry.dryRun ? " (dry run)" : ""),
                Terminal.count(c.added), Terminal.count(c.changed), Terminal.count(c.unchanged),
                Terminal.count(c.withdrawn), Terminal.count(c.restored), Terminal.count(c.rejected),
                entry.files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "),
            ])
        }
        if !runs.isEmpty { print(table.render()) }
        let version = try store.catalogueVersion().map { "catalogue version \($0)" } ?? "no successful import yet"
        print("\(runs.count) import run\(runs.count == 1 ? "" : "s"); \(version)")
    }

    static func time(_ timestamp: Timestamp) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: timestamp.date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
