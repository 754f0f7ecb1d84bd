public import CatalogImport
import Foundation
public import SupportModel

/// Imports catalogue files into a ``CatalogStore`` as one snapshot per source.
///
/// All records are written in a single transaction: either the whole new snapshot becomes the
/// catalogue, or nothing changes (rejected input, dry run, crash). Offers of a source that the
/// new snapshot lacks are withdrawn, never deleted; a withdrawn offer that reappears is restored.
/// Every attempt, successful or not, is logged in the import history with its report.
public struct CatalogImporter: Sendable {
    public var store: CatalogStore
    public var taxonomies: Taxonomies
    public var limits: ReadLimits
    public var readers: [any CatalogReader]

    public init(store: CatalogStore, taxonomies: Taxonomies, limits: ReadLimits = ReadLimits(),
                readers: [any CatalogReader] = CatalogReaders.all) {
        self.store = store
        self.taxonomies = taxonomies
        self.limits = limits
        self.readers = readers
    }

    /// Runs the import and returns its report; bad input and failures are reported, not thrown.
    /// `progress` is called after every record, on the calling thread (throttle it yourself).
    public func run(_ request: ImportRequest, progress: ((ImportProgress) -> Void)? = nil) -> ImportReport {
        let started = Date()
        let clock = ContinuousClock.now
        let resolved = InputResolver(readers: readers, forcedFormat: request.format).resolve(request.paths)
        // Duplicates are found by the snapshot writer, across files, without holding ids in memory.
        let context = ReadContext(taxonomies: taxonomies, limits: limits, sourceOverride: request.sourceOverride,
                                  readersCheckDuplicateIDs: false, today: request.today)

        var inputs = resolved.unreadable.map { ImportInput(file: $0.file, format: nil, records: 0) }
        var fileProblems = resolved.unreadable.map(\.diagnostic)
        var outcome = ImportOutcome.failed
        var report = ImportReport(runID: nil, outcome: .failed, dryRun: request.dryRun, policy: request.policy,
                                  startedAt: started, finishedAt: started)
        report.skipped = resolved.skipped
        do {
            try store.engine.importTransaction { db -> ((), commit: Bool) in
                let runID = try ImportRunLog.insertPlaceholder(db, startedAt: started, dryRun: request.dryRun)
                var writer = try SnapshotWriter(db: db, runID: runID, policy: request.policy)
                for (input, reader) in resolved.inputs {
                    let before = writer.counts.read
                    do {
                        try ReadAhead.run(reader, input: input, context: context) { prepared in
                            try writer.accept(prepared, format: reader.format, file: input.displayName)
                            if let progress {
                                let elapsed = ContinuousClock.now - clock
                                progress(ImportProgress(file: input.displayName, records: writer.counts.read,
                                                        elapsed: elapsed.seconds))
                            }
                        }
                    } catch let error as CatalogReadError {
                        fileProblems.append(Diagnostic(.error, at: error.location, message: error.message))
                    }
                    inputs.append(ImportInput(file: input.displayName, format: reader.format, records: writer.counts.read - before))
                }
                try writer.flush()
                let blocked = !fileProblems.isEmpty || (writer.hasRejectedRecords && request.policy == .rejectImport)
                // Withdrawals are worked out even for a rejected run (it is rolled back), so
                // the report shows everything the snapshot would have done.
                try writer.withdrawAbsent()
                outcome = blocked ? .rejected : .succeeded

                report.runID = runID
                report.outcome = outcome
                report.inputs = inputs
                report.sources = writer.sources.sorted()
                report.counts = writer.counts
                report.added = writer.added
                report.changed = writer.changed
                report.restored = writer.restored
                report.withdrawn = writer.withdrawn
                report.rejected = writer.rejected
                report.fileProblems = fileProblems
                report.problemGroups = ProblemGrouping.groups(fileProblems + writer.rejected.flatMap(\.diagnostics))
                var warnings = ProblemGrouping.Grouper()
                warnings.merge(writer.warnings)
                report.warningGroups = warnings.groups
                report.finishedAt = Timestamp(Date())

                if outcome == .succeeded && !request.dryRun {
                    try ImportRunLog.complete(db, runID: runID, report: report)
                    return ((), commit: true)
                }
                return ((), commit: false)
            }
        } catch {
            outcome = .failed
            report.outcome = .failed
            report.runID = nil
            report.inputs = inputs
            report.fileProblems = fileProblems
            report.failure = String(describing: error)
            report.finishedAt = Timestamp(Date())
        }

        // Rejected, failed and dry runs changed nothing; log the attempt on its own.
        if outcome != .succeeded || request.dryRun {
            report.runID = nil
            do {
                report.runID = try store.engine.write { db in try ImportRunLog.insert(db, report: report) }
            } catch {
                if report.failure == nil { report.failure = "the import could not be logged: \(error)" }
            }
        }
        return report
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
