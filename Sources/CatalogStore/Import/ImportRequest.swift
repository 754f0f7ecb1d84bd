public import CatalogImport
import Foundation
public import SupportModel

/// What to do with invalid records.
public enum InvalidRecordPolicy: String, Sendable, Codable, CaseIterable {
    /// Any invalid record, unreadable file or duplicate id rejects the whole import: the
    /// catalogue stays as it was and the report lists every problem.
    case rejectImport = "reject-import"
    /// Valid records are imported; invalid ones are reported and skipped. A stored offer whose
    /// new record is invalid keeps its previous version (it is not withdrawn). Unreadable files
    /// still reject the import, because a truncated file would withdraw everything after the
    /// point where reading stopped.
    case skipInvalid = "skip-invalid"
}

/// One import: which files, how to read them, and what to do with bad records.
public struct ImportRequest: Sendable {
    /// Files or folders, as the user named them. Folders are read recursively (hidden files
    /// skipped); a folder a reader recognises as a whole is read as one input.
    public var paths: [String]
    /// Reads every input with this format instead of detecting it.
    public var format: CatalogFormat?
    public var policy: InvalidRecordPolicy
    /// Computes the full report but changes no offer. The attempt is logged in the import
    /// history, marked as a dry run, so checks of a supplier's file are traceable.
    public var dryRun: Bool
    /// Replaces the source of every record (see ``ReadContext/sourceOverride``).
    public var sourceOverride: String?
    /// The day readers judge date-derived statuses on (``ReadContext/today``); today when `nil`.
    public var today: Day?

    public init(paths: [String], format: CatalogFormat? = nil, policy: InvalidRecordPolicy = .rejectImport,
                dryRun: Bool = false, sourceOverride: String? = nil, today: Day? = nil) {
        self.paths = paths
        self.format = format
        self.policy = policy
        self.dryRun = dryRun
        self.sourceOverride = sourceOverride
        self.today = today
    }
}

/// How far an import has got, handed to a progress callback after every record.
public struct ImportProgress: Sendable {
    /// The input being read, as named in diagnostics.
    public var file: String
    /// Records read so far, over all inputs.
    public var records: Int
    /// Seconds since the import started.
    public var elapsed: Double

    public var recordsPerSecond: Double { elapsed > 0 ? Double(records) / elapsed : 0 }
}
