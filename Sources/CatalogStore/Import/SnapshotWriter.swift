import CatalogImport
import Crypto
import Foundation
import SupportModel

/// Applies one import run's records to the `offer` table inside the import transaction, and
/// collects what happened for the report.
///
/// Offers are written in batches of ``batchSize`` records and the ids seen (to find duplicates
/// and withdrawals) go to a temporary table, so memory does not grow with the catalogue: a
/// 100,000-offer import holds no more in memory than a 10,000-offer one. The report keeps every
/// count, but lists at most ``listLimit`` ids per kind of change; the offer history has them all.
///
/// Why batches: per record the store side used to run four statements (note the id, look up
/// the stored version, insert, add history), each a round trip to PostgreSQL and a statement
/// step in SQLite. A batch does it in three or four multi-row statements for all its records;
/// records are still handled in arrival order, so the report is the same as one at a time.
struct SnapshotWriter {
    /// Most ids listed per kind of change (added, changed, restored, withdrawn) in a report.
    static let listLimit = 10_000
    /// Records per batch: 200 rows of 11 values stay far below both engines' limits on bound
    /// values (SQLite 32,766, PostgreSQL 65,535) and the batch's offers are a few hundred KB.
    static let batchSize = 200

    let db: any SQLSession
    let runID: Int64
    let policy: InvalidRecordPolicy

    private(set) var counts = ImportCounts()
    private(set) var added: [String] = []
    private(set) var changed: [OfferFieldChanges] = []
    private(set) var restored: [OfferFieldChanges] = []
    private(set) var withdrawn: [String] = []
    private(set) var rejected: [RejectedRecord] = []
    /// Warnings on accepted records, grouped as they arrive (one per record would grow with the catalogue).
    private(set) var warnings = ProblemGrouping.Grouper()
    /// Sources present in this run's records: their snapshots are replaced.
    private(set) var sources: Set<String> = []
    /// Ids whose new record was invalid: under ``InvalidRecordPolicy/skipInvalid`` their stored
    /// version is kept rather than withdrawn.
    private var keptAtPreviousVersion: Set<OfferID> = []
    /// Per source, whether the store held none of its offers when the run first wrote one:
    /// then every offer of it is new (a second record with the same id is a duplicate, caught
    /// before writing) and the lookup of stored versions is skipped.
    private var sourceWasEmpty: [String: Bool] = [:]
    /// Records accepted but not yet applied, in arrival order, and the ids among them (a
    /// repeated id flushes first, so a batch never holds an id twice).
    private var pending: [Pending] = []
    private var pendingIDs: Set<OfferID> = []

    private enum Pending {
        case offer(PendingOffer)
        case invalid(ReadRecord)
        case foreign(RejectedRecord)
    }

    /// A valid offer with its stored form and hash, made once from the canonical bytes.
    private struct PendingOffer {
        var offer: Offer
        var location: SourceLocation
        var provenance: StoredProvenance
        var stored: String
        var hash: String
    }

    /// Starts a run inside the import transaction. The table of ids seen is temporary (on the
    /// writer connection: SQLite's temporary file, PostgreSQL's session) and goes with the
    /// transaction.
    init(db: any SQLSession, runID: Int64, policy: InvalidRecordPolicy) throws {
        self.db = db
        self.runID = runID
        self.policy = policy
        switch db.dialect {
        case .sqlite:
            try db.execute("DROP TABLE IF EXISTS temp.import_seen")
            try db.execute("""
                CREATE TEMP TABLE import_seen (
                    source TEXT NOT NULL, local_id TEXT NOT NULL, location TEXT NOT NULL,
                    PRIMARY KEY (source, local_id)) WITHOUT ROWID
                """)
        case .postgres:
            try db.execute("DROP TABLE IF EXISTS pg_temp.import_seen")
            try db.execute("""
                CREATE TEMP TABLE import_seen (
                    source TEXT NOT NULL, local_id TEXT NOT NULL, location TEXT NOT NULL,
                    PRIMARY KEY (source, local_id)) ON COMMIT DROP
                """)
        }
    }

    /// Appends to a report list unless it already holds ``listLimit`` entries.
    private static func list<Element>(_ list: inout [Element], _ element: Element) {
        if list.count < listLimit { list.append(element) }
    }

    /// Whether the run has problems that reject it under the policy. Valid after ``flush()``.
    var hasRejectedRecords: Bool { !rejected.isEmpty }

    // MARK: Records

    /// Takes a record whose stored form was made beforehand (``PreparedRecord``, on the reader's
    /// thread: ``ReadAhead``).
    mutating func accept(_ prepared: PreparedRecord, format: CatalogFormat, file: String) throws {
        let record = prepared.record
        counts.read += 1
        for warning in record.diagnostics where warning.severity == .warning { warnings.add(warning) }
        if let foreign = record.foreignSource, let declared = record.declaredSource {
            // Never a snapshot of the named source: not in `sources`, nothing kept or withdrawn.
            let recordID = record.offer?.id.description ?? record.diagnostics.lazy.compactMap(\.recordID).first
            pending.append(.foreign(RejectedRecord(id: recordID, location: record.location, diagnostics: [
                Diagnostic(.error, at: record.location, field: "id", message:
                    "the record names source \"\(foreign)\", but its file declares \"\(declared)\": an import writes only the sources it was started for (the file's declared source, or --source)",
                           recordID: recordID),
            ])))
        } else if let content = prepared.content, let offer = record.offer {
            if pendingIDs.contains(offer.id) { try flush() }
            // The canonical bytes were made and hashed once (``PreparedRecord``); an unchanged
            // offer costs that and its share of one batched lookup (its stored content is not read).
            pending.append(.offer(PendingOffer(
                offer: offer, location: record.location,
                provenance: StoredProvenance(format: format.rawValue, file: file, record: sourceRecord(record.location)),
                stored: content.stored, hash: content.hash)))
            pendingIDs.insert(offer.id)
        } else {
            pending.append(.invalid(record))
        }
        if pending.count >= Self.batchSize { try flush() }
    }

    /// Applies the records accepted so far. The importer calls it after the last record;
    /// ``withdrawAbsent()`` does too.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        pendingIDs.removeAll(keepingCapacity: true)
        let offers = batch.compactMap { entry -> PendingOffer? in
            if case .offer(let offer) = entry { offer } else { nil }
        }

        // The ids new to this run; the others repeat an id read in an earlier batch.
        var firstSeen: Set<OfferID> = []
        if !offers.isEmpty {
            let rows = try db.fetch(
                "INSERT INTO import_seen (source, local_id, location) VALUES " + Self.rows(offers.count, of: "(?, ?, ?)")
                    + " ON CONFLICT DO NOTHING RETURNING source, local_id",
                offers.flatMap { [.text($0.offer.id.source), .text($0.offer.id.localID), .text($0.location.description)] })
            for row in rows { firstSeen.insert(OfferID(source: try row.text("source"), localID: try row.text("local_id"))) }
        }

        // The stored versions of those ids, one query per source in the batch.
        var existing: [OfferID: SQLRow] = [:]
        for (source, group) in Dictionary(grouping: offers.filter { firstSeen.contains($0.offer.id) }, by: \.offer.id.source) {
            if sourceWasEmpty[source] == nil {
                sourceWasEmpty[source] = !(try db.fetchOne("SELECT EXISTS (SELECT 1 FROM offer WHERE source = ?) AS found",
                                                           [.text(source)])?.bool("found") ?? false)
            }
            if sourceWasEmpty[source] == true { continue }
            let rows = try db.fetch("""
                SELECT local_id, content_hash, status, source_format, source_file, source_record
                FROM offer WHERE source = ? AND local_id IN (\(Self.rows(group.count, of: "?")))
                """, [.text(source)] + group.map { .text($0.offer.id.localID) })
            for row in rows { existing[OfferID(source: source, localID: try row.text("local_id"))] = row }
        }

        var writes = BatchWrites()
        for entry in batch {
            switch entry {
            case .foreign(let rejection):
                counts.rejected += 1
                rejected.append(rejection)
            case .invalid(let record):
                reject(record)
            case .offer(let pendingOffer):
                let id = pendingOffer.offer.id
                guard firstSeen.contains(id) else {
                    let first = try db.fetchOne("""
                        SELECT location FROM import_seen WHERE source = ? AND local_id = ?
                        """, [.text(id.source), .text(id.localID)])?.text("location") ?? "?"
                    counts.rejected += 1
                    rejected.append(RejectedRecord(id: id.description, location: pendingOffer.location, diagnostics: [
                        Diagnostic(.error, at: pendingOffer.location, field: "id",
                                   message: "duplicate offer id \"\(id)\"; first read at \(first)", recordID: id.description),
                    ]))
                    continue
                }
                sources.insert(id.source)
                try write(pendingOffer, existing: existing[id], into: &writes)
            }
        }
        // Offers before their history rows (the history refers to them).
        if writes.offerRows > 0 {
            try db.execute("""
                INSERT INTO offer (source, local_id, content, content_hash, status, withdrawn_in_run,
                    first_seen_run, last_changed_run, source_format, source_file, source_record, topics, instruments)
                VALUES \(Self.rows(writes.offerRows, of: "(?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?, ?, ?, ?)"))
                """, writes.offerValues)
        }
        try insertHistory(&writes)
    }
    /// `count` copies of a row of placeholders, comma-separated: a multi-row `VALUES` list.
    private static func rows(_ count: Int, of row: String) -> String {
        var text = ""
        text.reserveCapacity(count * (row.utf8.count + 2))
        for index in 0..<count {
            if index > 0 { text += ", " }
            text += row
        }
        return text
    }

    private mutating func reject(_ record: ReadRecord) {
        counts.rejected += 1
        var diagnostics = record.diagnostics.filter { $0.severity == .error }
        if diagnostics.isEmpty {
            diagnostics = [Diagnostic(.error, at: record.location, message: "the record could not be read as an offer")]
        }
        let id = record.offer?.id ?? diagnostics.lazy.compactMap { $0.recordID.flatMap(OfferID.init) }.first
        if let id {
            keptAtPreviousVersion.insert(id)
            sources.insert(id.source)
        }
        rejected.append(RejectedRecord(id: id?.description ?? diagnostics.lazy.compactMap(\.recordID).first,
                                       location: record.location, diagnostics: diagnostics))
    }

    private func sourceRecord(_ location: SourceLocation) -> String? {
        var parts: [String] = []
        if let entry = location.entry { parts.append(entry) }
        if let line = location.line { parts.append(location.column.map { "\(line):\($0)" } ?? "\(line)") }
        if let pointer = location.jsonPointer { parts.append("#" + pointer) }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    // MARK: Writing

    /// The rows a batch inserts, gathered while its records are applied in order.
    private struct BatchWrites {
        var offerValues: [SQLValue] = []
        var offerRows = 0
        var historyValues: [SQLValue] = []
        var historyRows = 0
    }

    /// Applies one offer against its stored version (`nil`: new). New offers and every
    /// history row go into the batch's inserts; the rare updates run at once.
    private mutating func write(_ new: PendingOffer, existing: SQLRow?, into writes: inout BatchWrites) throws {
        let offer = new.offer
        let id = offer.id
        let provenance = new.provenance
        guard let existing else {
            writes.offerValues += [
                .text(id.source), .text(id.localID), .text(new.stored), .text(new.hash),
                .integer(runID), .integer(runID), .text(provenance.format), .text(provenance.file), SQLValue(provenance.record),
                .text(JSONText.codes(offer.topics)), .text(JSONText.codes(offer.instruments)),
            ]
            writes.offerRows += 1
            history(id, kind: "added", fields: [], previousContent: nil, previousHash: nil, into: &writes)
            counts.added += 1
            Self.list(&added, id.description)
            return
        }

        let wasWithdrawn = try existing.text("status") == "withdrawn"
        let previousHash = try existing.text("content_hash")
        if previousHash == new.hash {
            if wasWithdrawn {
                try update(new)
                history(id, kind: "restored", fields: [], previousContent: nil, previousHash: nil, into: &writes)
                counts.restored += 1
                Self.list(&restored, OfferFieldChanges(id: id.description, fields: []))
            } else {
                counts.unchanged += 1
                // The content is the same; keep "where it was read from" current without
                // counting it as a change (an offer may move to another file).
                if try existing.text("source_format") != provenance.format || existing.text("source_file") != provenance.file
                    || existing.optionalText("source_record") != provenance.record {
                    try db.execute("""
                        UPDATE offer SET source_format = ?, source_file = ?, source_record = ?
                        WHERE source = ? AND local_id = ?
                        """, [.text(provenance.format), .text(provenance.file), SQLValue(provenance.record),
                              .text(id.source), .text(id.localID)])
                }
            }
            return
        }

        // Changed: only now is the previous version read. Its stored form goes to the history
        // as it is (either form of ``StoredContent`` reads back).
        let previousContent = try db.fetchOne("SELECT content FROM offer WHERE source = ? AND local_id = ?",
                                              [.text(id.source), .text(id.localID)])?.text("content") ?? ""
        let previous = try StoredOfferDecoding.offer(fromStored: previousContent)
        let fields = offer.changedFields(comparedTo: previous)
        try update(new)
        history(id, kind: wasWithdrawn ? "restored" : "changed", fields: fields,
                previousContent: previousContent, previousHash: previousHash, into: &writes)
        if wasWithdrawn {
            counts.restored += 1
            Self.list(&restored, OfferFieldChanges(id: id.description, fields: fields))
        } else {
            counts.changed += 1
            Self.list(&changed, OfferFieldChanges(id: id.description, fields: fields))
        }
    }

    private func update(_ new: PendingOffer) throws {
        let offer = new.offer
        try db.execute("""
            UPDATE offer SET content = ?, content_hash = ?, status = 'active', withdrawn_in_run = NULL,
                last_changed_run = ?, source_format = ?, source_file = ?, source_record = ?,
                topics = ?, instruments = ?
            WHERE source = ? AND local_id = ?
            """, [
                .text(new.stored), .text(new.hash), .integer(runID),
                .text(new.provenance.format), .text(new.provenance.file), SQLValue(new.provenance.record),
                .text(JSONText.codes(offer.topics)), .text(JSONText.codes(offer.instruments)),
                .text(offer.id.source), .text(offer.id.localID),
            ])
    }

    private func history(_ id: OfferID, kind: String, fields: [String], previousContent: String?, previousHash: String?,
                         into writes: inout BatchWrites) {
        writes.historyValues += [.integer(runID), .text(id.source), .text(id.localID), .text(kind),
                                 .text(fields.isEmpty ? "[]" : JSONText.array(fields)), SQLValue(previousContent), SQLValue(previousHash)]
        writes.historyRows += 1
    }

    // MARK: Withdrawals

    /// Marks every active offer of the run's sources that the run did not contain as withdrawn.
    mutating func withdrawAbsent() throws {
        try flush()
        for source in sources.sorted() {
            let absent = try db.fetch("""
                SELECT local_id FROM offer
                WHERE source = ? AND status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM import_seen AS seen
                                  WHERE seen.source = offer.source AND seen.local_id = offer.local_id)
                ORDER BY local_id
                """, [.text(source)]).map { try $0.text("local_id") }
            var writes = BatchWrites()
            for localID in absent {
                let id = OfferID(source: source, localID: localID)
                if keptAtPreviousVersion.contains(id) { continue }
                try db.execute("""
                    UPDATE offer SET status = 'withdrawn', withdrawn_in_run = ? WHERE source = ? AND local_id = ?
                    """, [.integer(runID), .text(source), .text(localID)])
                history(id, kind: "withdrawn", fields: [], previousContent: nil, previousHash: nil, into: &writes)
                counts.withdrawn += 1
                Self.list(&withdrawn, id.description)
                if writes.historyRows == Self.batchSize { try insertHistory(&writes) }
            }
            try insertHistory(&writes)
        }
    }

    private func insertHistory(_ writes: inout BatchWrites) throws {
        guard writes.historyRows > 0 else { return }
        try db.execute("""
            INSERT INTO offer_history (run_id, source, local_id, kind, changed_fields, previous_content, previous_hash)
            VALUES \(Self.rows(writes.historyRows, of: "(?, ?, ?, ?, ?, ?, ?)"))
            """, writes.historyValues)
        writes = BatchWrites()
    }
}

/// Where a stored version was read from.
struct StoredProvenance {
    var format: String
    var file: String
    var record: String?
}

/// Small JSON texts for columns, written without going through an encoder.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        let data = (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A list of vocabulary codes (the `topics` and `instruments` filter columns), written by
    /// ``JSONWriter``: it runs twice per imported offer, and `JSONEncoder` was a visible part
    /// of the store side. Codes hold no `/`, so this is the text ``array(_:)`` writes too.
    static func codes<Code: RawRepresentable>(_ codes: [Code]) -> String where Code.RawValue == String {
        if codes.isEmpty { return "[]" }
        var json = JSONWriter(capacity: 16 + codes.reduce(0) { $0 + $1.rawValue.utf8.count + 3 })
        json.beginArray()
        for code in codes { json.string(code.rawValue) }
        json.endArray()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func strings(_ text: String?) -> [String] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}

/// SHA-256 of canonical content, lowercase hex: the same value as ``Offer/contentHash``,
/// computed from bytes the writer has already encoded.
enum ContentHash {
    static func hex(of content: some DataProtocol) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: content) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
