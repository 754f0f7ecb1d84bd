import ArgumentParser
import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import SupportApp
import SupportModel

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import catalogue files as the new snapshot of their sources.",
        discussion: """
            All files are imported in one transaction. Offers of a source that the new files do \
            not contain are withdrawn (kept, with their history). By default any invalid record \
            rejects the whole import and every problem is listed with its location; nothing changes.

            A new database gets only what is imported: the bundled starter catalogue (source \
            `supportmatch`), which other commands import on first use, is added by `import` only \
            with --starter. So `supportmatch import fdb-export.zip --database fdb.sqlite` makes a \
            store of the Förderdatenbank alone.
            """
    )

    @Argument(help: ArgumentHelp("Catalogue files or folders.", valueName: "file-or-folder"))
    var paths: [String]

    @Option(help: ArgumentHelp("Read every input as this format instead of detecting it (\(CatalogReaders.all.map(\.format.rawValue).joined(separator: ", "))).",
                               valueName: "format"))
    var format: String?

    @Flag(help: "Check and report what the import would do, without changing the catalogue.")
    var dryRun = false

    @Flag(help: "Import the valid records and report the invalid ones, instead of rejecting the import.")
    var skipInvalid = false

    @Flag(help: "Also import the bundled starter catalogue (its own run, before the files; not with --dry-run).")
    var starter = false

    @Option(help: ArgumentHelp("Show records/s on stderr: auto (on a terminal), always, never.", valueName: "when"))
    var progress: ProgressLine.Mode = .auto

    @OptionGroup var day: DayOption
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one catalogue file or folder.") }
        if let format, CatalogReaders.reader(for: CatalogFormat(named: format)) == nil {
            throw ValidationError("Unknown format '\(format)'; expected one of: \(CatalogReaders.all.map(\.format.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        let workflow = try database.openWorkflow(starterOnFirstUse: false)
        if starter && !dryRun { try database.importBundledCatalog(into: workflow.store, firstUse: false) }
        let request = ImportRequest(paths: paths, format: format.map(CatalogFormat.init(named:)),
                                    policy: skipInvalid ? .skipInvalid : .rejectImport, dryRun: dryRun,
                                    today: day.today.flatMap(Day.init(iso:)))
        let progressLine = ProgressLine(mode: progress)
        // Nothing is served from this process: saved consultations are re-matched against an
        // index built from the store, and only if there are any.
        let report = try workflow.importCatalog(request, today: day.day, progress: { progressLine.update($0) })
        progressLine.finish()

        if output.json {
            try Terminal.printJSON(report)
        } else if report.outcome == .succeeded {
            print(ImportReportText(report: report, databasePath: database.shown).render())
        } else {
            // A rejected import is an error: its report, naming every problem and file, goes
            // to stderr, so `2>` catches it and stdout stays for results.
            Terminal.writeError(ImportReportText(report: report, databasePath: database.shown).render())
        }
        if report.outcome != .succeeded { throw ExitCode(ExitStatus.badInput) }
    }
}

extension ProgressLine.Mode: ExpressibleByArgument {}
