public import CatalogStore
public import Foundation
import Matching
public import SupportModel

/// Saved consultations in the catalogue's store (tables of ``ConsultationSchema``), on
/// whichever engine the catalogue uses: with PostgreSQL, a consultation saved through one
/// replica is read, changed and deleted through any other.
///
/// The tables and every statement on them live here, the change detector's reads and writes
/// included, so the schema has one owner. Every method is one transaction.
///
/// ```swift
/// let consultations = try ConsultationStore(catalogue: store)
/// let saved = try consultations.create(draft, baseline: Baseline(index: index, today: today))
/// ```
public final class ConsultationStore: Sendable {
    let engine: any StoreEngine

    /// Opens the consultations of `catalogue`, creating their tables on first use.
    public init(catalogue: CatalogStore) throws {
        engine = catalogue.engine
        try engine.migrate(ConsultationSchema.migrations)
    }

    // MARK: Profiles

    /// Saves a new consultation under a fresh id. Its current top 20 and the shortlisted offers'
    /// material fields become the baseline the next import is compared with, so saving never
    /// produces events by itself.
    public func create(_ draft: ProfileDraft, baseline: Baseline, at now: Date = Date()) throws -> SavedProfile {
        try check(draft, baseline: baseline)
        let id = ProfileToken.make()
        let time = Self.timeText(now)
        try engine.write { db in
            try db.execute("""
                INSERT INTO saved_profile (id, label, notes, profile, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(id), .text(draft.label), .text(draft.notes), .text(try Self.profileText(draft.profile)), .text(time), .text(time)])
            try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
            try Self.replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
        }
        return try profile(id)!
    }

    /// Saves many consultations in one transaction (bulk loads, benchmarks); returns their ids
    /// in order. All drafts are checked first: one invalid draft saves none.
    public func create(all drafts: [ProfileDraft], baseline: Baseline, at now: Date = Date()) throws -> [String] {
        for draft in drafts { try check(draft, baseline: baseline) }
        let time = Self.timeText(now)
        let ids = drafts.map { _ in ProfileToken.make() }
        try engine.write { db in
            for (id, draft) in zip(ids, drafts) {
                try db.execute("""
                    INSERT INTO saved_profile (id, label, notes, profile, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(id), .text(draft.label), .text(draft.notes), .text(try Self.profileText(draft.profile)), .text(time), .text(time)])
                try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
                try Self.replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
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
        let found = try engine.write { db -> Bool in
            guard let previous = try db.fetchOne("SELECT profile FROM saved_profile WHERE id = ?", [.text(id)])?.text("profile")
            else { return false }
            try db.execute("UPDATE saved_profile SET label = ?, notes = ?, profile = ?, updated_at = ? WHERE id = ?",
                           [.text(draft.label), .text(draft.notes), .text(profileText), .text(time), .text(id)])
            try replaceShortlist(db, id: id, items: draft.shortlist, baseline: baseline, time: time)
            if previous != profileText {
                try Self.replaceMatches(db, id: id, ranked: baseline.topOffers(for: draft.profile))
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
        try engine.write { db in
            try db.execute("DELETE FROM shortlist_entry WHERE profile_id = ? AND offer_id = ?", [.text(id), .text(offer.description)]) > 0
        }
    }

    /// One consultation, or `nil`.
    public func profile(_ id: String) throws -> SavedProfile? {
        try engine.read { db in try Self.fetchProfile(db, id: id) }
    }

    /// Every consultation, newest first, without answers (the admin listing).
    public func list() throws -> [SavedProfileSummary] {
        try engine.read { db in
            try db.fetch("""
                SELECT p.id, p.label, p.created_at, p.updated_at,
                    (SELECT COUNT(*) FROM shortlist_entry s WHERE s.profile_id = p.id) AS shortlisted,
                    (SELECT COUNT(*) FROM profile_event e WHERE e.profile_id = p.id) AS events
                FROM saved_profile p ORDER BY p.created_at DESC, p.id
                """, []).map { row in
                SavedProfileSummary(
                    id: try row.text("id"), label: try row.text("label"), createdAt: try Self.timestamp(row.text("created_at")),
                    updatedAt: try Self.timestamp(row.text("updated_at")), shortlisted: try row.int("shortlisted"),
                    events: try row.int("events"))
            }
        }
    }

    /// Deletes a consultation with its shortlist, match baseline and events (hard delete);
    /// `false` when there was none.
    public func delete(_ id: String) throws -> Bool {
        try engine.write { db in
            try db.execute("DELETE FROM saved_profile WHERE id = ?", [.text(id)]) > 0
        }
    }

    /// Number of saved consultations.
    public func count() throws -> Int {
        try engine.read { db in try db.fetchOne("SELECT COUNT(*) AS n FROM saved_profile")?.int("n") ?? 0 }
    }

    // MARK: Events

    /// Events of a profile in the order they were stored, after the event id `after`.
    public func events(of id: String, after: Int64 = 0, limit: Int? = nil) throws -> [ChangeEvent] {
        try engine.read { db in
            var sql = """
                SELECT id, profile_id, run_id, kind, offer_id, details, created_at FROM profile_event
                WHERE profile_id = ? AND id > ? ORDER BY id
                """
            var arguments: [SQLValue] = [.text(id), .integer(after)]
            if let limit {
                sql += " LIMIT ?"
                arguments.append(SQLValue(limit))
            }
            return try db.fetch(sql, arguments).map(Self.event)
        }
    }

    /// Number of events of a profile.
    public func eventCount(of id: String) throws -> Int {
        try engine.read { db in
            try db.fetchOne("SELECT COUNT(*) AS n FROM profile_event WHERE profile_id = ?", [.text(id)])?.int("n") ?? 0
        }
    }

    /// Records a visit of the consultation page and returns what was new since the previous
    /// one (events stored after it); `nil` when there is no such profile.
    public func visit(_ id: String, at now: Date = Date()) throws -> (previousVisit: Timestamp?, newEvents: [ChangeEvent])? {
        try engine.write { db in
            guard let row = try db.fetchOne("SELECT last_seen_at, last_seen_event FROM saved_profile WHERE id = ?", [.text(id)])
            else { return nil }
            let seenAt = try row.optionalText("last_seen_at")
            let seenEvent = try row.integer("last_seen_event")
            let events = try db.fetch("""
                SELECT id, profile_id, run_id, kind, offer_id, details, created_at FROM profile_event
                WHERE profile_id = ? AND id > ? ORDER BY id
                """, [.text(id), .integer(seenEvent)]).map(Self.event)
            let newest = events.last?.id ?? seenEvent
            try db.execute("UPDATE saved_profile SET last_seen_at = ?, last_seen_event = ? WHERE id = ?",
                           [.text(Self.timeText(now)), .integer(newest), .text(id)])
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
        let issues = draft.issues { alsoKnown.contains($0) || baseline.index.contains($0) }
        if !issues.isEmpty { throw ConsultationError(issues) }
    }

    private func replaceShortlist(_ db: any SQLSession, id: String, items: [ShortlistItem], baseline: Baseline, time: String) throws {
        var kept: [String: SQLRow] = [:]
        for row in try db.fetch("SELECT offer_id, added_at, title, state, material FROM shortlist_entry WHERE profile_id = ?", [.text(id)]) {
            kept[try row.text("offer_id")] = row
        }
        try db.execute("DELETE FROM shortlist_entry WHERE profile_id = ?", [.text(id)])
        for (position, item) in items.enumerated() {
            let key = item.offerId.description
            if let old = kept[key] {
                try db.execute("""
                    INSERT INTO shortlist_entry (profile_id, offer_id, position, note, added_at, title, state, material)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(id), .text(key), SQLValue(position), .text(item.note), old["added_at"], old["title"],
                          old["state"], old["material"]])
            } else {
                let observed = try baseline.observe(item.offerId)
                try db.execute("""
                    INSERT INTO shortlist_entry (profile_id, offer_id, position, note, added_at, title, state, material)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(id), .text(key), SQLValue(position), .text(item.note), .text(time), .text(observed.title),
                          .text(observed.state.rawValue), .text(observed.material.encoded())])
            }
        }
    }

    static func replaceMatches(_ db: any SQLSession, id: String, ranked: [OfferID]) throws {
        try db.execute("DELETE FROM profile_match WHERE profile_id = ?", [.text(id)])
        for (position, offer) in ranked.enumerated() {
            try db.execute("INSERT INTO profile_match (profile_id, rank, offer_id) VALUES (?, ?, ?)",
                           [.text(id), SQLValue(position + 1), .text(offer.description)])
        }
    }

    // MARK: Change detection

    /// Every saved profile with its stored top list and shortlist: what ``ChangeDetector``
    /// compares against, read in one transaction.
    func comparisonState() throws -> [ChangeDetector.Stored] {
        try engine.read { db in
            var tops: [String: [OfferID]] = [:]
            for row in try db.fetch("SELECT profile_id, offer_id FROM profile_match ORDER BY profile_id, rank", []) {
                tops[try row.text("profile_id"), default: []].append(try Self.offerID(row.text("offer_id")))
            }
            var shortlists: [String: [ChangeDetector.StoredEntry]] = [:]
            for row in try db.fetch("SELECT profile_id, offer_id, title, state, material FROM shortlist_entry ORDER BY profile_id, position", []) {
                shortlists[try row.text("profile_id"), default: []].append(ChangeDetector.StoredEntry(
                    offerID: try Self.offerID(row.text("offer_id")), title: try row.text("title"),
                    state: ShortlistState(rawValue: try row.text("state")) ?? .active,
                    material: MaterialSnapshot.decoded(try row.text("material"))))
            }
            let decoder = JSONDecoder()
            return try db.fetch("SELECT id, profile FROM saved_profile ORDER BY id", []).map { row in
                let id = try row.text("id")
                return ChangeDetector.Stored(
                    id: id, profile: try decoder.decode(Profile.self, from: Data(row.text("profile").utf8)),
                    top: tops[id] ?? [], shortlist: shortlists[id] ?? [])
            }
        }
    }

    /// Stores the events and new baselines of one import run's comparison in one transaction.
    /// An event already stored (same profile, kind, offer and uniqueness key) is skipped, so a
    /// second detection of the same run adds nothing.
    func record(_ outcomes: [ChangeDetector.Outcome], runID: Int64, at now: Date) throws -> ChangeSummary {
        let time = Self.timeText(now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var summary = ChangeSummary(profilesChecked: outcomes.count)
        try engine.write { db in
            for outcome in outcomes {
                var stored = 0
                for event in outcome.events {
                    let inserted = try db.execute("""
                        INSERT INTO profile_event (profile_id, run_id, kind, offer_id, once_key, details, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """, [
                            .text(outcome.profileID), .integer(runID), .text(event.kind.rawValue), .text(event.offerID.description),
                            .text(event.onceKey), .text(String(decoding: try encoder.encode(event.details), as: UTF8.self)), .text(time),
                        ])
                    if inserted > 0 {
                        stored += 1
                        if event.kind == .newMatch { summary.newMatches += 1 }
                    }
                }
                summary.events += stored
                if stored > 0 { summary.profilesAffected += 1 }
                if let top = outcome.newTop {
                    try Self.replaceMatches(db, id: outcome.profileID, ranked: top)
                }
                for entry in outcome.entries {
                    try db.execute("UPDATE shortlist_entry SET title = ?, state = ?, material = ? WHERE profile_id = ? AND offer_id = ?", [
                        .text(entry.title), .text(entry.state.rawValue), .text(entry.material.encoded()),
                        .text(outcome.profileID), .text(entry.offerID.description),
                    ])
                }
                try db.execute("UPDATE saved_profile SET last_matched_run = ? WHERE id = ?", [.integer(runID), .text(outcome.profileID)])
            }
        }
        return summary
    }

    // MARK: Reading helpers

    static func fetchProfile(_ db: any SQLSession, id: String) throws -> SavedProfile? {
        guard let row = try db.fetchOne("""
            SELECT id, label, notes, profile, created_at, updated_at, last_seen_at FROM saved_profile WHERE id = ?
            """, [.text(id)]) else { return nil }
        let shortlist = try db.fetch("""
            SELECT offer_id, note, added_at, title, state FROM shortlist_entry WHERE profile_id = ? ORDER BY position
            """, [.text(id)]).map { entry in
            ShortlistEntry(
                offerId: try offerID(entry.text("offer_id")), note: try entry.text("note"), addedAt: try timestamp(entry.text("added_at")),
                title: try entry.text("title"), state: ShortlistState(rawValue: try entry.text("state")) ?? .active)
        }
        return SavedProfile(
            id: try row.text("id"), label: try row.text("label"), notes: try row.text("notes"),
            profile: try JSONDecoder().decode(Profile.self, from: Data(row.text("profile").utf8)),
            shortlist: shortlist, createdAt: try timestamp(row.text("created_at")), updatedAt: try timestamp(row.text("updated_at")),
            lastSeenAt: try row.optionalText("last_seen_at").map(timestamp))
    }

    static func event(_ row: SQLRow) throws -> ChangeEvent {
        ChangeEvent(
            id: try row.integer("id"), profileId: try row.text("profile_id"), runId: try row.optionalInteger("run_id"),
            kind: ChangeKind(rawValue: try row.text("kind")) ?? .materialChange, offerId: try offerID(row.text("offer_id")),
            details: try JSONDecoder().decode(ChangeDetails.self, from: Data(row.text("details").utf8)),
            createdAt: try timestamp(row.text("created_at")))
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
