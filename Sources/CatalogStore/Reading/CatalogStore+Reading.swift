import Foundation
import GRDB
public import SupportModel

extension CatalogStore {
    /// The stored offers of `source` (every source when `nil`) in the given lifecycle state,
    /// ordered by id, without history. Further criteria are an ``OfferQuery`` applied to these.
    public func offers(source: String? = nil, status: LifecycleFilter = .active) throws -> [StoredOffer] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        switch status {
        case .active: conditions.append("offer.status = 'active'")
        case .withdrawn: conditions.append("offer.status = 'withdrawn'")
        case .all: break
        }
        if let source {
            conditions.append("offer.source = ?")
            arguments += [source]
        }
        var sql = "SELECT \(StoredOfferDecoding.columns) FROM offer"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY offer.source, offer.local_id"
        return try pool.read { db in
            var result: [StoredOffer] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                result.append(try StoredOfferDecoding.storedOffer(row))
            }
            return result
        }
    }

    /// The current catalogue: what the matcher and the HTTP service serve.
    public func activeOffers() throws -> [Offer] {
        try offers().map(\.offer)
    }

    /// One offer by id, whatever its status, with its full history.
    public func offer(_ id: OfferID) throws -> StoredOffer? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(StoredOfferDecoding.columns) FROM offer WHERE source = ? AND local_id = ?
                """, arguments: [id.source, id.localID]) else { return nil }
            var stored = try StoredOfferDecoding.storedOffer(row)
            let history = try Row.fetchAll(db, sql: """
                SELECT offer_history.run_id, import_run.started_at, offer_history.kind,
                    offer_history.changed_fields, offer_history.previous_content
                FROM offer_history JOIN import_run ON import_run.id = offer_history.run_id
                WHERE offer_history.source = ? AND offer_history.local_id = ?
                ORDER BY offer_history.id
                """, arguments: [id.source, id.localID])
            stored.history = try history.map { row in
                let kind: String = row["kind"]
                let previous: String? = row["previous_content"]
                return OfferChange(
                    runID: row["run_id"], at: Timestamp(row["started_at"]),
                    kind: OfferChange.Kind(rawValue: kind) ?? .changed,
                    changedFields: JSONText.strings(row["changed_fields"]),
                    previous: try previous.map(StoredOfferDecoding.offer(fromContent:)))
            }
            return stored
        }
    }

    /// Ids of stored offers (any source) whose local id is `localID`: lets people type
    /// `sab-innostartbonus` instead of `supportmatch:sab-innostartbonus`.
    public func offerIDs(localID: String) throws -> [OfferID] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT source, local_id FROM offer WHERE local_id = ? ORDER BY source",
                             arguments: [localID])
                .map { OfferID(source: $0["source"], localID: $0["local_id"]) }
        }
    }

    /// The id of the last successful (non-dry) import: changes whenever the catalogue does,
    /// so caches of matched results know when to refresh. `nil` before the first import.
    public func catalogueVersion() throws -> Int64? {
        try pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MAX(id) FROM import_run WHERE outcome = 'succeeded' AND dry_run = 0
                """)
        }
    }

    /// Whether any import was ever attempted.
    public func hasImportRuns() throws -> Bool {
        try pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM import_run)") ?? false }
    }

    /// Whether an import ever succeeded (used to decide on the first-use import: a starter
    /// import that failed, on a full disk say, is tried again rather than leaving an empty store).
    public func hasSucceededImport() throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM import_run WHERE outcome = 'succeeded' AND dry_run = 0)") ?? false
        }
    }

    /// The import history, newest first.
    public func importRuns(limit: Int? = nil) throws -> [ImportRunSummary] {
        try pool.read { db in
            var sql = """
                SELECT id, started_at, finished_at, sources, files, formats, added, changed, unchanged,
                    withdrawn, restored, rejected, outcome, dry_run
                FROM import_run ORDER BY id DESC
                """
            var arguments = StatementArguments()
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(ImportRunSummary.init(row:))
        }
    }

    /// The full report of one import run.
    public func importReport(runID: Int64) throws -> ImportReport? {
        try pool.read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT report FROM import_run WHERE id = ?", arguments: [runID])
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

    init(row: Row) {
        id = row["id"]
        startedAt = Timestamp(row["started_at"])
        finishedAt = Timestamp(row["finished_at"])
        sources = JSONText.strings(row["sources"])
        files = JSONText.strings(row["files"])
        formats = JSONText.strings(row["formats"])
        var counts = ImportCounts()
        counts.added = row["added"]
        counts.changed = row["changed"]
        counts.unchanged = row["unchanged"]
        counts.withdrawn = row["withdrawn"]
        counts.restored = row["restored"]
        counts.rejected = row["rejected"]
        counts.read = counts.added + counts.changed + counts.unchanged + counts.restored + counts.rejected
        self.counts = counts
        let outcomeText: String = row["outcome"]
        outcome = ImportOutcome(rawValue: outcomeText) ?? .failed
        dryRun = row["dry_run"]
    }
}
