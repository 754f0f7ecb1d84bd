public import CatalogStore
public import Foundation
import GRDB
import Matching
public import SupportModel

/// Saved consultations in the catalogue's SQLite file (tables of migration `v2-consultations`).
///
/// Shares the catalogue's `DatabasePool`: one file to back up, and an import and a change
/// detection never write at the same time. Every method is one transaction.
///
/// ```swift
/// let consultations = ConsultationStore(catalogue: store)
/// let saved = try consultations.create(draft, baseline: Baseline(index: index, today: today))
/// ```
public final class ConsultationStore: Sendable {
    let pool: DatabasePool

    public init(catalogue: CatalogStore) {
        pool = catalogue.database
    }

    // MARK: Profiles

    /// Saves a new consultation under a fresh id. Its current top 20 and the shortlisted offers'
    /// material fields become the baseline the next import is compared with, so saving never
    /// produces events by itself.
    public func create(_ draft: ProfileDraft, baseline: Baseline, at now: Date = Date()) throws -> SavedProfile {
        try check(draft, baseline: baseline)
        let id = ProfileToken.make()
        let time = Self.timeText(now)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO saved_profile (id, label, notes, profile, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, draft.label, draft.notes, try Self.profileText(draft.profile), time, time])
            try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
            try replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
        }
        return try profile(id)!
    }

    /// Saves many consultations in one transaction (bulk loads, benchmarks); returns their ids
    /// in order. All drafts are checked first: one invalid draft saves none.
    public func create(all drafts: [ProfileDraft], baseline: Baseline, at now: Date = Date()) throws -> [String] {
        for draft in drafts { try check(draft, baseline: baseline) }
        let time = Self.timeText(now)
        let ids = drafts.map { _ in ProfileToken.make() }
        try pool.write { db in
            for (id, draft) in zip(ids, drafts) {
                try db.execute(sql: """
                    INSERT INTO saved_profile (id, label, notes, profile, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, draft.label, draft.notes, try Self.profileText(draft.profile), time, time])
                try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
                try replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
            }
        }
        return ids
    }

    /// Replaces label, notes, answers and shortlist. Entries kept on the shortlist keep their
    /// baseline and date added; the top-20 baseline is recomputed when the answers changed.
    /// `nil` when there is no such profile.
    public func update(_ id: String, with draft: ProfileDraft, baseline: Baseline, at now: Date = Date()) throws -> SavedProfile? {
        // Offers already on the shortlist may stay even if withdrawn since: the advisor keeps
        // the record; only offers newly added must be in the current catalogue.
        let existing = Set(try profile(id)?.shortlist.map(\.offerId) ?? [])
        try check(draft, baseline: baseline, alsoKnown: existing)
        let time = Self.timeText(now)
        let profileText = try Self.profileText(draft.profile)
        let found = try pool.write { db -> Bool in
            guard let previous = try String.fetchOne(db, sql: "SELECT profile FROM saved_profile WHERE id = ?", arguments: [id]) else { return false }
            try db.execute(sql: "UPDATE saved_profile SET label = ?, notes = ?, profile = ?, updated_at = ? WHERE id = ?",
                           arguments: [draft.label, draft.notes, profileText, time, id])
            try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
            if previous != profileText {
                try replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
            }
            return true
        }
        return found ? try profile(id) : nil
    }

    /// Adds an offer to the shortlist or changes its note; `false` when there is no such profile.
    public func shortlist(_ id: String, offer: OfferID, note: String, baseline: Baseline, at now: Date = Date()) throws -> Bool {
        guard let saved = try profile(id) else { return false }
        var items = saved.shortlist.map { ShortlistItem(offerId: $0.offerId, note: $0.note) }
        if let position = items.firstIndex(where: { $0.offerId == offer }) {
            items[position].note = note
        } else {
            items.append(ShortlistItem(offerId: offer, note: note))
        }
        var draft = ProfileDraft(label: saved.label, notes: saved.notes, profile: saved.profile, shortlist: items)
        draft.shortlist = items
        return try update(id, with: draft, baseline: baseline, at: now) != nil
    }

    /// Removes an offer from the shortlist; `false` when the profile or the entry does not exist.
    public func unshortlist(_ id: String, offer: OfferID) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM shortlist_entry WHERE profile_id = ? AND offer_id = ?", arguments: [id, offer.description])
            return db.changesCount > 0
        }
    }

    /// One consultation, or `nil`.
    public func profile(_ id: String) throws -> SavedProfile? {
        try pool.read { db in try Self.fetchProfile(db, id: id) }
    }

    /// Every consultation, newest first, without answers (the admin listing).
    public func list() throws -> [SavedProfileSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.label, p.created_at, p.updated_at,
                    (SELECT COUNT(*) FROM shortlist_entry s WHERE s.profile_id = p.id) AS shortlisted,
                    (SELECT COUNT(*) FROM profile_event e WHERE e.profile_id = p.id) AS events
                FROM saved_profile p ORDER BY p.created_at DESC, p.id
                """).map { row in
                SavedProfileSummary(
                    id: row["id"], label: row["label"], createdAt: try Self.timestamp(row["created_at"]),
                    updatedAt: try Self.timestamp(row["updated_at"]), shortlisted: row["shortlisted"], events: row["events"])
            }
        }
    }

    /// Deletes a consultation with its shortlist, match baseline and events (hard delete);
    /// `false` when there was none.
    public func delete(_ id: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM saved_profile WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Number of saved consultations.
    public func count() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM saved_profile") ?? 0 }
    }

    // MARK: Events

    /// Events of a profile in the order they were stored, after the event id `after`.
    public func events(of id: String, after: Int64 = 0, limit: Int? = nil) throws -> [ChangeEvent] {
        try pool.read { db in
            var sql = """
                SELECT id, profile_id, run_id, kind, offer_id, details, created_at FROM profile_event
                WHERE profile_id = ? AND id > ? ORDER BY id
                """
            var arguments: StatementArguments = [id, after]
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.event)
        }
    }

    /// Number of events of a profile.
    public func eventCount(of id: String) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM profile_event WHERE profile_id = ?", arguments: [id]) ?? 0 }
    }

    /// Records a visit of the consultation page and returns what was new since the previous
    /// one (events stored after it); `nil` when there is no such profile.
    public func visit(_ id: String, at now: Date = Date()) throws -> (previousVisit: Timestamp?, newEvents: [ChangeEvent])? {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT last_seen_at, last_seen_event FROM saved_profile WHERE id = ?", arguments: [id]) else { return nil }
            let seenAt: String? = row["last_seen_at"]
            let seenEvent: Int64 = row["last_seen_event"]
            let events = try Row.fetchAll(db, sql: """
                SELECT id, profile_id, run_id, kind, offer_id, details, created_at FROM profile_event
                WHERE profile_id = ? AND id > ? ORDER BY id
                """, arguments: [id, seenEvent]).map(Self.event)
            let newest = events.last?.id ?? seenEvent
            try db.execute(sql: "UPDATE saved_profile SET last_seen_at = ?, last_seen_event = ? WHERE id = ?",
                           arguments: [Self.timeText(now), newest, id])
            return (try seenAt.map(Self.timestamp), events)
        }
    }

    /// Everything stored about a consultation, for the owner to take away (privacy: export).
    public func export(_ id: String) throws -> ProfileExport? {
        guard let saved = try profile(id) else { return nil }
        return ProfileExport(profile: saved, events: try events(of: id))
    }

    // MARK: Writing helpers

    func check(_ draft: ProfileDraft, baseline: Baseline, alsoKnown: Set<OfferID> = []) throws {
        let issues = draft.issues { alsoKnown.contains($0) || baseline.index.offer($0) != nil }
        if !issues.isEmpty { throw ConsultationError(issues) }
    }

    private func replaceShortlist(_ db: Database, id: String, items: [ShortlistItem], baseline: Baseline, time: String) throws {
        var kept: [String: Row] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT offer_id, added_at, title, state, material FROM shortlist_entry WHERE profile_id = ?", arguments: [id]) {
            kept[row["offer_id"]] = row
        }
        try db.execute(sql: "DELETE FROM shortlist_entry WHERE profile_id = ?", arguments: [id])
        for (position, item) in items.enumerated() {
            let key = item.offerId.description
            if let old = kept[key] {
                try db.execute(sql: """
                    INSERT INTO shortlist_entry (profile_id, offer_id, position, note, added_at, title, state, material)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, key, position, item.note, old["added_at"] as String, old["title"] as String,
                                     old["state"] as String, old["material"] as String])
            } else {
                let observed = baseline.observe(item.offerId)
                try db.execute(sql: """
                    INSERT INTO shortlist_entry (profile_id, offer_id, position, note, added_at, title, state, material)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, key, position, item.note, time, observed.title, observed.state.rawValue,
                                     observed.material.encoded()])
            }
        }
    }

    private func replaceMatches(_ db: Database, id: String, ranked: [OfferID]) throws {
        try db.execute(sql: "DELETE FROM profile_match WHERE profile_id = ?", arguments: [id])
        let insert = try db.cachedStatement(sql: "INSERT INTO profile_match (profile_id, rank, offer_id) VALUES (?, ?, ?)")
        for (position, offer) in ranked.enumerated() {
            try insert.execute(arguments: [id, position + 1, offer.description])
        }
    }

    // MARK: Reading helpers

    static func fetchProfile(_ db: Database, id: String) throws -> SavedProfile? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, label, notes, profile, created_at, updated_at, last_seen_at FROM saved_profile WHERE id = ?
            """, arguments: [id]) else { return nil }
        let shortlist = try Row.fetchAll(db, sql: """
            SELECT offer_id, note, added_at, title, state FROM shortlist_entry WHERE profile_id = ? ORDER BY position
            """, arguments: [id]).map { entry in
            ShortlistEntry(
                offerId: try offerID(entry["offer_id"]), note: entry["note"], addedAt: try timestamp(entry["added_at"]),
                title: entry["title"], state: ShortlistState(rawValue: entry["state"]) ?? .active)
        }
        let seen: String? = row["last_seen_at"]
        return SavedProfile(
            id: row["id"], label: row["label"], notes: row["notes"],
            profile: try JSONDecoder().decode(Profile.self, from: Data((row["profile"] as String).utf8)),
            shortlist: shortlist, createdAt: try timestamp(row["created_at"]), updatedAt: try timestamp(row["updated_at"]),
            lastSeenAt: try seen.map(timestamp))
    }

    static func event(_ row: Row) throws -> ChangeEvent {
        let kind: String = row["kind"]
        return ChangeEvent(
            id: row["id"], profileId: row["profile_id"], runId: row["run_id"],
            kind: ChangeKind(rawValue: kind) ?? .materialChange, offerId: try offerID(row["offer_id"]),
            details: try JSONDecoder().decode(ChangeDetails.self, from: Data((row["details"] as String).utf8)),
            createdAt: try timestamp(row["created_at"]))
    }

    static func offerID(_ text: String) throws -> OfferID {
        guard let id = OfferID(text) else { throw StoredDataError("stored offer id \"\(text)\" is malformed") }
        return id
    }

    static func timestamp(_ text: String) throws -> Timestamp {
        guard let date = try? Date(text, strategy: .iso8601) else { throw StoredDataError("stored time \"\(text)\" is not ISO 8601") }
        return Timestamp(date)
    }

    /// Times are stored as ISO 8601 UTC to the second: readable in the file, and the exact text
    /// the Atom feed shows, so feeds are byte-stable.
    static func timeText(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    static let profileEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func profileText(_ profile: Profile) throws -> String {
        String(decoding: try profileEncoder.encode(profile), as: UTF8.self)
    }
}

/// A consultation with all its events: the privacy export.
public struct ProfileExport: Sendable, Hashable, Codable {
    public var profile: SavedProfile
    public var events: [ChangeEvent]
}

/// A stored row that cannot be read back (hand-edited file, bug).
struct StoredDataError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
