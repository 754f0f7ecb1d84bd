import CatalogImport
import Foundation

/// Writes the `import_run` table.
enum ImportRunLog {
    /// Creates the run row at the start of the import transaction, so offers and history can
    /// refer to the run. It is completed (or rolled back with everything else) at the end.
    static func insertPlaceholder(_ db: any SQLSession, startedAt: Date, dryRun: Bool) throws -> Int64 {
        try db.fetchOne("""
            INSERT INTO import_run (started_at, finished_at, sources, files, formats, added, changed,
                unchanged, withdrawn, restored, rejected, outcome, dry_run, report)
            VALUES (?, ?, '[]', '[]', '[]', 0, 0, 0, 0, 0, 0, 'failed', ?, '{}')
            RETURNING id
            """, [.date(startedAt), .date(startedAt), .bool(dryRun)])!.integer("id")
    }

    static func complete(_ db: any SQLSession, runID: Int64, report: ImportReport) throws {
        var report = report
        report.runID = runID
        try db.execute("""
            UPDATE import_run SET finished_at = ?, sources = ?, files = ?, formats = ?, added = ?, changed = ?,
                unchanged = ?, withdrawn = ?, restored = ?, rejected = ?, outcome = ?, dry_run = ?, report = ?
            WHERE id = ?
            """, try arguments(report) + [.integer(runID)])
    }

    /// Logs an attempt that changed nothing (rejected, failed, dry run) in its own transaction.
    static func insert(_ db: any SQLSession, report: ImportReport) throws -> Int64 {
        let runID = try insertPlaceholder(db, startedAt: report.startedAt.date, dryRun: report.dryRun)
        try complete(db, runID: runID, report: report)
        return runID
    }

    /// Values for finished_at … report, in column order.
    private static func arguments(_ report: ImportReport) throws -> [SQLValue] {
        let formats = Array(Set(report.inputs.compactMap(\.format?.rawValue))).sorted()
        return [
            .date(report.finishedAt.date), .text(JSONText.array(report.sources)), .text(JSONText.array(report.inputs.map(\.file))),
            .text(JSONText.array(formats)), SQLValue(report.counts.added), SQLValue(report.counts.changed),
            SQLValue(report.counts.unchanged), SQLValue(report.counts.withdrawn), SQLValue(report.counts.restored),
            SQLValue(report.counts.rejected), .text(report.outcome.rawValue), .bool(report.dryRun), .text(try json(report)),
        ]
    }

    static func json(_ report: ImportReport) throws -> String {
        String(decoding: try ImportReport.jsonEncoder().encode(report), as: UTF8.self)
    }
}
