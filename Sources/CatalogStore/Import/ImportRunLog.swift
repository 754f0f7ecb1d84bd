import Foundation
import GRDB

/// Writes the `import_run` table.
enum ImportRunLog {
    /// Creates the run row at the start of the import transaction, so offers and history can
    /// refer to the run. It is completed (or rolled back with everything else) at the end.
    static func insertPlaceholder(_ db: Database, startedAt: Date, dryRun: Bool) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO import_run (started_at, finished_at, sources, files, formats, added, changed,
                unchanged, withdrawn, restored, rejected, outcome, dry_run, report)
            VALUES (?, ?, '[]', '[]', '[]', 0, 0, 0, 0, 0, 0, 'failed', ?, '{}')
            """, arguments: [startedAt, startedAt, dryRun])
        return db.lastInsertedRowID
    }

    static func complete(_ db: Database, runID: Int64, report: ImportReport) throws {
        var report = report
        report.runID = runID
        try db.execute(sql: """
            UPDATE import_run SET finished_at = ?, sources = ?, files = ?, formats = ?, added = ?, changed = ?,
                unchanged = ?, withdrawn = ?, restored = ?, rejected = ?, outcome = ?, dry_run = ?, report = ?
            WHERE id = ?
            """, arguments: arguments(report) + [runID])
    }

    /// Logs an attempt that changed nothing (rejected, failed, dry run) in its own transaction.
    static func insert(_ db: Database, report: ImportReport) throws -> Int64 {
        let runID = try insertPlaceholder(db, startedAt: report.startedAt.date, dryRun: report.dryRun)
        try complete(db, runID: runID, report: report)
        return runID
    }

    /// Values for finished_at … report, in column order.
    private static func arguments(_ report: ImportReport) throws -> StatementArguments {
        let formats = Array(Set(report.inputs.compactMap(\.format?.rawValue))).sorted()
        return [
            report.finishedAt.date, JSONText.array(report.sources), JSONText.array(report.inputs.map(\.file)),
            JSONText.array(formats), report.counts.added, report.counts.changed, report.counts.unchanged,
            report.counts.withdrawn, report.counts.restored, report.counts.rejected, report.outcome.rawValue,
            report.dryRun, try json(report),
        ]
    }

    static func json(_ report: ImportReport) throws -> String {
        String(decoding: try ImportReport.jsonEncoder().encode(report), as: UTF8.self)
    }
}
