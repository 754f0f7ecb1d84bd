public import CatalogImport
public import Foundation
import SupportModel

/// Everything an import did or would do, for people (`supportmatch import`), scripts (`--json`)
/// and the HTTP API. Stored with the run in the import history.
public struct ImportReport: Sendable, Codable, Hashable {
    /// The import-history entry; `nil` only when even logging the attempt failed.
    public var runID: Int64?
    public var outcome: ImportOutcome
    public var dryRun: Bool
    public var policy: InvalidRecordPolicy
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    public var inputs: [ImportInput]
    /// Sources whose snapshot this import replaced (or would have replaced).
    public var sources: [String]
    public var counts: ImportCounts
    public var added: [String]
    public var changed: [OfferFieldChanges]
    /// Withdrawn offers that reappeared; `fields` lists what differs from the withdrawn version.
    public var restored: [OfferFieldChanges]
    public var withdrawn: [String]
    /// Records not imported, each with its located diagnostics.
    public var rejected: [RejectedRecord]
    /// Problems not tied to one record: unreadable or unrecognised files.
    public var fileProblems: [Diagnostic]
    /// Every error, grouped by what is wrong: "17 records: topics: unknown topics code "xyz"".
    public var problemGroups: [ProblemGroup]
    /// Warnings on imported records (duplicate codes, skipped files), grouped the same way.
    public var warningGroups: [ProblemGroup]
    /// Why the import failed, when the outcome is ``ImportOutcome/failed`` (disk full, ...).
    public var failure: String?
    /// What the import changed for saved consultations; set after the change detection that
    /// follows a successful import, absent otherwise (and in reports from older builds).
    public var savedProfiles: SavedProfileImpact?
    /// Files inside a named folder that were not read, each with why (a README, a code table,
    /// a format description next to the catalogue): every one named, not only a few examples.
    public var skipped: [Diagnostic]

    public var durationSeconds: Double { finishedAt.date.timeIntervalSince(startedAt.date) }
    public var recordsPerSecond: Double { durationSeconds > 0 ? Double(counts.read) / durationSeconds : 0 }

    enum CodingKeys: String, CodingKey {
        case runID, outcome, dryRun, policy, startedAt, finishedAt, durationSeconds, recordsPerSecond
        case inputs, sources, counts, added, changed, restored, withdrawn, rejected, fileProblems
        case problemGroups, warningGroups, failure, savedProfiles, skipped
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runID = try c.decodeIfPresent(Int64.self, forKey: .runID)
        outcome = try c.decode(ImportOutcome.self, forKey: .outcome)
        dryRun = try c.decode(Bool.self, forKey: .dryRun)
        policy = try c.decode(InvalidRecordPolicy.self, forKey: .policy)
        startedAt = try c.decode(Timestamp.self, forKey: .startedAt)
        finishedAt = try c.decode(Timestamp.self, forKey: .finishedAt)
        inputs = try c.decode([ImportInput].self, forKey: .inputs)
        sources = try c.decode([String].self, forKey: .sources)
        counts = try c.decode(ImportCounts.self, forKey: .counts)
        added = try c.decode([String].self, forKey: .added)
        changed = try c.decode([OfferFieldChanges].self, forKey: .changed)
        restored = try c.decode([OfferFieldChanges].self, forKey: .restored)
        withdrawn = try c.decode([String].self, forKey: .withdrawn)
        rejected = try c.decode([RejectedRecord].self, forKey: .rejected)
        fileProblems = try c.decode([Diagnostic].self, forKey: .fileProblems)
        problemGroups = try c.decode([ProblemGroup].self, forKey: .problemGroups)
        warningGroups = try c.decode([ProblemGroup].self, forKey: .warningGroups)
        failure = try c.decodeIfPresent(String.self, forKey: .failure)
        savedProfiles = try c.decodeIfPresent(SavedProfileImpact.self, forKey: .savedProfiles)
        // Absent from reports stored before it existed.
        skipped = try c.decodeIfPresent([Diagnostic].self, forKey: .skipped) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(runID, forKey: .runID)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(policy, forKey: .policy)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(recordsPerSecond.rounded(), forKey: .recordsPerSecond)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(sources, forKey: .sources)
        try c.encode(counts, forKey: .counts)
        try c.encode(added, forKey: .added)
        try c.encode(changed, forKey: .changed)
        try c.encode(restored, forKey: .restored)
        try c.encode(withdrawn, forKey: .withdrawn)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(fileProblems, forKey: .fileProblems)
        try c.encode(problemGroups, forKey: .problemGroups)
        try c.encode(warningGroups, forKey: .warningGroups)
        try c.encodeIfPresent(failure, forKey: .failure)
        try c.encodeIfPresent(savedProfiles, forKey: .savedProfiles)
        try c.encode(skipped, forKey: .skipped)
    }

    init(runID: Int64?, outcome: ImportOutcome, dryRun: Bool, policy: InvalidRecordPolicy,
         startedAt: Date, finishedAt: Date) {
        self.runID = runID
        self.outcome = outcome
        self.dryRun = dryRun
        self.policy = policy
        self.startedAt = Timestamp(startedAt)
        self.finishedAt = Timestamp(finishedAt)
        inputs = []
        sources = []
        counts = ImportCounts()
        added = []
        changed = []
        restored = []
        withdrawn = []
        rejected = []
        fileProblems = []
        problemGroups = []
        warningGroups = []
        skipped = []
    }

    /// The encoder for reports in files, the database and `--json`: stable key order.
    public static func jsonEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// "Affects N saved profiles (M new top-20 matches)": the maintainer's view of what an import
/// meant for the organisations whose consultations are saved.
public struct SavedProfileImpact: Sendable, Codable, Hashable {
    /// Saved profiles re-matched after the import.
    public var profilesChecked: Int
    /// Profiles with at least one change event from this import.
    public var profilesAffected: Int
    /// Offers that entered a profile's top 20, summed over profiles.
    public var newMatches: Int
    /// Change events stored, all kinds.
    public var events: Int

    public init(profilesChecked: Int, profilesAffected: Int, newMatches: Int, events: Int) {
        self.profilesChecked = profilesChecked
        self.profilesAffected = profilesAffected
        self.newMatches = newMatches
        self.events = events
    }

    public var description: String {
        "affects \(profilesAffected) saved profile\(profilesAffected == 1 ? "" : "s") (\(newMatches) new top-20 match\(newMatches == 1 ? "" : "es"))"
    }
}

/// How an import ended.
public enum ImportOutcome: String, Sendable, Codable, Hashable {
    /// The new snapshot is the catalogue (or, for a dry run, would be).
    case succeeded
    /// Bad input: nothing was changed (see the problems).
    case rejected
    /// The import could not run to the end (I/O or database error): nothing was changed.
    case failed
}

/// A file read (or meant to be read) by an import.
public struct ImportInput: Sendable, Codable, Hashable {
    public var file: String
    /// `nil` when the format could not be determined.
    public var format: CatalogFormat?
    public var records: Int
}

public struct ImportCounts: Sendable, Codable, Hashable {
    public var read = 0
    public var added = 0
    public var changed = 0
    public var unchanged = 0
    public var withdrawn = 0
    public var restored = 0
    public var rejected = 0
    public init() {}
}

/// An offer that changed, with the dotted names of the fields that differ.
public struct OfferFieldChanges: Sendable, Codable, Hashable {
    public var id: String
    public var fields: [String]

    public init(id: String, fields: [String]) {
        self.id = id
        self.fields = fields
    }
}

/// A record that was not imported.
public struct RejectedRecord: Sendable, Codable, Hashable {
    /// The record's id, when it could be read.
    public var id: String?
    public var location: SourceLocation
    public var diagnostics: [Diagnostic]
}

/// Diagnostics that say the same thing, counted: the summary a maintainer reads first.
public struct ProblemGroup: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The field, with list positions removed (`topics`, not `topics[3]`).
    public var field: String?
    public var message: String
    /// How many records have this problem.
    public var records: Int
    /// The first few places it occurs.
    public var examples: [SourceLocation]

    public var description: String {
        "\(records) record\(records == 1 ? "" : "s"): " + (field.map { "\($0): " } ?? "") + message
    }
}

/// A point in time that encodes as ISO 8601 text whatever the encoder's date strategy is, so
/// stored reports read back the same from every client.
public struct Timestamp: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = try? Date(text, strategy: Self.style) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 time, found \"\(text)\"")
        }
        self.date = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { date.formatted(Self.style) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.date < rhs.date }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
