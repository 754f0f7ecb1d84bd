import ArgumentParser
import BundledCatalog
import CatalogImport
import CatalogStore
import Consultations
import Foundation
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
        let store = try database.openStore(starterOnFirstUse: false)
        if starter && !dryRun { try database.importBundledCatalogue(into: store, firstUse: false) }
        let importer = CatalogImporter(store: store, taxonomies: BundledCatalog.taxonomies)
        let request = ImportRequest(paths: paths, format: format.map(CatalogFormat.init(named:)),
                                    policy: skipInvalid ? .skipInvalid : .rejectImport, dryRun: dryRun,
                                    today: day.today.flatMap(Day.init(iso:)))
        let progressLine = ProgressLine(mode: progress)
        var report = importer.run(request) { progressLine.update($0) }
        progressLine.finish()
        if report.outcome == .succeeded && !dryRun, let runID = report.runID {
            report.savedProfiles = try detectChanges(store: store, runID: runID)
        }

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

extension ImportCommand {
    /// Re-matches the saved profiles against the new catalogue and stores what changed for
    /// them; `nil` when no profile is saved (the index is then not even built).
    func detectChanges(store: CatalogStore, runID: Int64) throws -> SavedProfileImpact? {
        let consultations = try ConsultationStore(catalogue: store)
        guard try consultations.count() > 0 else { return nil }
        let detector = ChangeDetector(baseline: Baseline(index: try database.openIndex(), today: day.day))
        return try detector.run(store: consultations, runID: runID).impact
    }
}

extension ProgressLine.Mode: ExpressibleByArgument {}
