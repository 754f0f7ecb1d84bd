import CatalogImport
import Crypto
import Foundation
import SupportModel

/// Applies one import run's records to the `offer` table inside the import transaction, and
/// collects what happened for the report.
///
/// Offers are written as they arrive and the ids seen (to find duplicates and withdrawals) go
/// to a temporary table, so memory does not grow with the catalogue: a 100,000-offer import
/// holds no more in memory than a 10,000-offer one. The report keeps every count, but lists at
/// most ``listLimit`` ids per kind of change; the offer history has them all.
struct SnapshotWriter {
    /// Most ids listed per kind of change (added, changed, restored, withdrawn) in a report.
    static let listLimit = 10_000

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

    /// Whether the run has problems that reject it under the policy.
    var hasRejectedRecords: Bool { !rejected.isEmpty }

    // MARK: Records

    mutating func accept(_ record: ReadRecord, format: CatalogFormat, file: String) throws {
        counts.read += 1
        for warning in record.diagnostics where warning.severity == .warning { warnings.add(warning) }
        if let foreign = record.foreignSource, let declared = record.declaredSource {
            // Never a snapshot of the named source: not in `sources`, nothing kept or withdrawn.
            counts.rejected += 1
            let recordID = record.offer?.id.description ?? record.diagnostics.lazy.compactMap(\.recordID).first
            rejected.append(RejectedRecord(id: recordID, location: record.location, diagnostics: [
                Diagnostic(.error, at: record.location, field: "id", message:
                    "the record names source \"\(foreign)\", but its file declares \"\(declared)\": an import writes only the sources it was started for (the file's declared source, or --source)",
                           recordID: recordID),
            ]))
            return
        }
        guard record.isValid, let offer = record.offer else {
            reject(record)
            return
        }
        let inserted = try db.execute("""
            INSERT INTO import_seen (source, local_id, location) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
            """, [.text(offer.id.source), .text(offer.id.localID), .text(record.location.description)])
        if inserted == 0 {
            let first = try db.fetchOne("""
                SELECT location FROM import_seen WHERE source = ? AND local_id = ?
                """, [.text(offer.id.source), .text(offer.id.localID)])?.text("location") ?? "?"
            counts.rejected += 1
            rejected.append(RejectedRecord(id: offer.id.description, location: record.location, diagnostics: [
                Diagnostic(.error, at: record.location, field: "id",
                           message: "duplicate offer id \"\(offer.id)\"; first read at \(first)", recordID: offer.id.description),
            ]))
            return
        }
        sources.insert(offer.id.source)
        try write(offer, provenance: StoredProvenance(format: format.rawValue, file: file, record: sourceRecord(record.location)))
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

    private mutating func write(_ offer: Offer, provenance: StoredProvenance) throws {
        let content = offer.canonicalContentBytes()
        let hash = ContentHash.hex(of: content)
        let id = offer.id
        // Cached statements: these run once per record, so they are prepared once per import.
        let existing = try db.fetchOne("""
            SELECT content, content_hash, status, source_format, source_file, source_record
            FROM offer WHERE source = ? AND local_id = ?
            """, [.text(id.source), .text(id.localID)])

        guard let existing else {
            try insert(offer, content: content, hash: hash, provenance: provenance)
            try history(id, kind: "added", fields: [], previousContent: nil, previousHash: nil)
            counts.added += 1
            Self.list(&added, id.description)
            return
        }

        let wasWithdrawn = try existing.text("status") == "withdrawn"
        let previousHash = try existing.text("content_hash")
        if previousHash == hash {
            if wasWithdrawn {
                try update(offer, content: content, hash: hash, provenance: provenance)
                try history(id, kind: "restored", fields: [], previousContent: nil, previousHash: nil)
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

        let previousContent = try existing.text("content")
        let previous = try StoredOfferDecoding.offer(fromContent: previousContent)
        let fields = offer.changedFields(comparedTo: previous)
        try update(offer, content: content, hash: hash, provenance: provenance)
        try history(id, kind: wasWithdrawn ? "restored" : "changed", fields: fields,
                    previousContent: previousContent, previousHash: previousHash)
        if wasWithdrawn {
            counts.restored += 1
            Self.list(&restored, OfferFieldChanges(id: id.description, fields: fields))
        } else {
            counts.changed += 1
            Self.list(&changed, OfferFieldChanges(id: id.description, fields: fields))
        }
    }

    private func insert(_ offer: Offer, content: [UInt8], hash: String, provenance: StoredProvenance) throws {
        let filter = FilterColumns(offer)
        try db.execute("""
            INSERT INTO offer (source, local_id, content, content_hash, status, withdrawn_in_run,
                first_seen_run, last_changed_run, source_format, source_file, source_record,
                title, provider_name, provider_level, language, schedule_status, topics, instruments,
                regions, search_text)
            VALUES (?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(offer.id.source), .text(offer.id.localID), .text(String(decoding: content, as: UTF8.self)), .text(hash),
                .integer(runID), .integer(runID), .text(provenance.format), .text(provenance.file), SQLValue(provenance.record),
                .text(offer.title), .text(offer.provider.name), .text(offer.provider.level.rawValue), .text(offer.language.rawValue),
                .text(offer.schedule.status.rawValue), .text(filter.topics), .text(filter.instruments), SQLValue(filter.regions),
                .text(filter.searchText),
            ])
    }

    private func update(_ offer: Offer, content: [UInt8], hash: String, provenance: StoredProvenance) throws {
        let filter = FilterColumns(offer)
        try db.execute("""
            UPDATE offer SET content = ?, content_hash = ?, status = 'active', withdrawn_in_run = NULL,
                last_changed_run = ?, source_format = ?, source_file = ?, source_record = ?,
                title = ?, provider_name = ?, provider_level = ?, language = ?, schedule_status = ?,
                topics = ?, instruments = ?, regions = ?, search_text = ?
            WHERE source = ? AND local_id = ?
            """, [
                .text(String(decoding: content, as: UTF8.self)), .text(hash), .integer(runID),
                .text(provenance.format), .text(provenance.file), SQLValue(provenance.record),
                .text(offer.title), .text(offer.provider.name), .text(offer.provider.level.rawValue), .text(offer.language.rawValue),
                .text(offer.schedule.status.rawValue), .text(filter.topics), .text(filter.instruments), SQLValue(filter.regions),
                .text(filter.searchText), .text(offer.id.source), .text(offer.id.localID),
            ])
    }

    private func history(_ id: OfferID, kind: String, fields: [String], previousContent: String?, previousHash: String?) throws {
        try db.execute("""
            INSERT INTO offer_history (run_id, source, local_id, kind, changed_fields, previous_content, previous_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.integer(runID), .text(id.source), .text(id.localID), .text(kind), .text(JSONText.array(fields)),
                  SQLValue(previousContent), SQLValue(previousHash)])
    }

    // MARK: Withdrawals

    /// Marks every active offer of the run's sources that the run did not contain as withdrawn.
    mutating func withdrawAbsent() throws {
        for source in sources.sorted() {
            let absent = try db.fetch("""
                SELECT local_id FROM offer
                WHERE source = ? AND status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM import_seen AS seen
                                  WHERE seen.source = offer.source AND seen.local_id = offer.local_id)
                ORDER BY local_id
                """, [.text(source)]).map { try $0.text("local_id") }
            for localID in absent {
                let id = OfferID(source: source, localID: localID)
                if keptAtPreviousVersion.contains(id) { continue }
                try db.execute("""
                    UPDATE offer SET status = 'withdrawn', withdrawn_in_run = ? WHERE source = ? AND local_id = ?
                    """, [.integer(runID), .text(source), .text(localID)])
                try history(id, kind: "withdrawn", fields: [], previousContent: nil, previousHash: nil)
                counts.withdrawn += 1
                Self.list(&withdrawn, id.description)
            }
        }
    }
}

/// Where a stored version was read from.
struct StoredProvenance {
    var format: String
    var file: String
    var record: String?
}

/// The copies of content fields kept in their own columns for filtering.
struct FilterColumns {
    var topics: String
    var instruments: String
    var regions: String?
    var searchText: String

    init(_ offer: Offer) {
        topics = JSONText.array(offer.topics.map(\.rawValue))
        instruments = JSONText.array(offer.instruments.map(\.rawValue))
        regions = offer.eligibility.regions.map { JSONText.array($0.map(\.rawValue)) }
        searchText = ([offer.id.description, offer.title, offer.summary, offer.description, offer.provider.name]
            + offer.keywords).joined(separator: "\n").lowercased()
    }
}

/// Small JSON texts for columns, written without going through an encoder.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        let data = (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
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
