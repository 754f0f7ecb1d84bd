import Foundation
public import SupportModel

extension CatalogStore {
    /// The stored offers of `source` (every source when `nil`) in the given lifecycle state,
    /// ordered by id, without history. Further criteria are an ``OfferQuery`` applied to these.
    public func offers(source: String? = nil, status: LifecycleFilter = .active) throws -> [StoredOffer] {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        switch status {
        case .active: conditions.append("offer.status = 'active'")
        case .withdrawn: conditions.append("offer.status = 'withdrawn'")
        case .all: break
        }
        if let source {
            conditions.append("offer.source = ?")
            arguments.append(.text(source))
        }
        var sql = "SELECT \(StoredOfferDecoding.columns) FROM offer"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY offer.source, offer.local_id"
        return try engine.read { db in
            // Decoding is most of the cost; half of it goes to a second core.
            try SplitDecoding.values(of: sql, arguments, in: db) { try StoredOfferDecoding.storedOffer($0) }
        }
    }

    /// The current catalogue: what the matcher and the HTTP service serve.
    public func activeOffers() throws -> [Offer] {
        try offers().map(\.offer)
    }

    /// One offer by id, whatever its status, with its full history.
    public func offer(_ id: OfferID) throws -> StoredOffer? {
        try engine.read { db in
            guard let row = try db.fetchOne("""
                SELECT \(StoredOfferDecoding.columns) FROM offer WHERE source = ? AND local_id = ?
                """, [.text(id.source), .text(id.localID)]) else { return nil }
            var stored = try StoredOfferDecoding.storedOffer(row)
            let history = try db.fetch("""
                SELECT offer_history.run_id, import_run.started_at, offer_history.kind,
                    offer_history.changed_fields, offer_history.previous_content
                FROM offer_history JOIN import_run ON import_run.id = offer_history.run_id
                WHERE offer_history.source = ? AND offer_history.local_id = ?
                ORDER BY offer_history.id
                """, [.text(id.source), .text(id.localID)])
            stored.history = try history.map { row in
                let kind = try row.text("kind")
                let previous = try row.optionalText("previous_content")
                return OfferChange(
                    runID: try row.integer("run_id"), at: Timestamp(try row.date("started_at")),
                    kind: OfferChange.Kind(rawValue: kind) ?? .changed,
                    changedFields: JSONText.strings(try row.text("changed_fields")),
                    previous: try previous.map(StoredOfferDecoding.offer(fromStored:)))
            }
            return stored
        }
    }

    /// Ids of stored offers (any source) whose local id is `localID`: lets people type
    /// `sab-innostartbonus` instead of `supportmatch:sab-innostartbonus`.
    public func offerIDs(localID: String) throws -> [OfferID] {
        try engine.read { db in
            try db.fetch("SELECT source, local_id FROM offer WHERE local_id = ? ORDER BY source", [.text(localID)])
                .map { OfferID(source: try $0.text("source"), localID: try $0.text("local_id")) }
        }
    }

    /// The id of the last successful (non-dry) import: changes whenever the catalogue does,
    /// so caches of matched results know when to refresh. `nil` before the first import.
    public func catalogueVersion() throws -> Int64? {
        try engine.read { db in
            try db.fetchOne("""
                SELECT MAX(id) AS version FROM import_run WHERE outcome = 'succeeded' AND dry_run = FALSE
                """)?.optionalInteger("version")
        }
    }

    /// Whether any import was ever attempted.
    public func hasImportRuns() throws -> Bool {
        try engine.read { db in try db.fetchOne("SELECT EXISTS (SELECT 1 FROM import_run) AS found")?.bool("found") ?? false }
    }

    /// Whether an import ever succeeded (used to decide on the first-use import: a starter
    /// import that failed, on a full disk say, is tried again rather than leaving an empty store).
    public func hasSucceededImport() throws -> Bool {
        try engine.read { db in
            try db.fetchOne("""
                SELECT EXISTS (SELECT 1 FROM import_run WHERE outcome = 'succeeded' AND dry_run = FALSE) AS found
                """)?.bool("found") ?? false
        }
    }

    /// The import history, newest first.
    public func importRuns(limit: Int? = nil) throws -> [ImportRunSummary] {
        try engine.read { db in
            var sql = """
                SELECT id, started_at, finished_at, sources, files, formats, added, changed, unchanged,
                    withdrawn, restored, rejected, outcome, dry_run
                FROM import_run ORDER BY id DESC
                """
            var arguments: [SQLValue] = []
            if let limit {
                sql += " LIMIT ?"
                arguments.append(SQLValue(limit))
            }
            return try db.fetch(sql, arguments).map(ImportRunSummary.init(row:))
        }
    }

    /// The full report of one import run.
    public func importReport(runID: Int64) throws -> ImportReport? {
        try engine.read { db in
            guard let json = try db.fetchOne("SELECT report FROM import_run WHERE id = ?", [.integer(runID)])?.text("report")
            else { return nil }
            return try JSONDecoder().decode(ImportReport.self, from: Data(json.utf8))
        }
    }
}

/// One line of the import history.
public struct ImportRunSummary: Sendable, Codable, Hashable {
    public var id: Int64
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    public var sources: [String]
    public var files: [String]
    public var formats: [String]
    public var counts: ImportCounts
    public var outcome: ImportOutcome
    public var dryRun: Bool

    init(row: SQLRow) throws {
        id = try row.integer("id")
        startedAt = Timestamp(try row.date("started_at"))
        finishedAt = Timestamp(try row.date("finished_at"))
        sources = JSONText.strings(try row.text("sources"))
        files = JSONText.strings(try row.text("files"))
        formats = JSONText.strings(try row.text("formats"))
        var counts = ImportCounts()
        counts.added = try row.int("added")
        counts.changed = try row.int("changed")
        counts.unchanged = try row.int("unchanged")
        counts.withdrawn = try row.int("withdrawn")
        counts.restored = try row.int("restored")
        counts.rejected = try row.int("rejected")
        counts.read = counts.added + counts.changed + counts.unchanged + counts.restored + counts.rejected
        self.counts = counts
        outcome = ImportOutcome(rawValue: try row.text("outcome")) ?? .failed
        dryRun = try row.bool("dry_run")
    }
}
