import CatalogStore
public import Foundation
import GRDB
import Matching
import SupportModel

/// After an import: re-matches every saved profile against the new index, compares with its
/// last result and stores what changed, once, with the import run that caused it.
///
/// Per profile it looks for offers that newly entered the top 20, and, among shortlisted
/// offers, material changes (``MaterialField``), closing, withdrawal, reappearance and
/// deadlines within ``reminderDays`` of the import day. Events carry a uniqueness key (the run,
/// or the deadline for reminders), so running the detector twice for one import, or seeing the
/// same deadline at two imports, stores nothing twice.
///
/// Cost: one read of all profiles, ranking of each against the one shared index (in parallel
/// over the machine's cores), and one write transaction for all events and new baselines.
public struct ChangeDetector: Sendable {
    public var baseline: Baseline
    /// Reminders go out for shortlisted deadlines at most this many days after the import day.
    public var reminderDays: Int

    public init(baseline: Baseline, reminderDays: Int = 14) {
        self.baseline = baseline
        self.reminderDays = reminderDays
    }

    /// Compares every saved profile and stores the events; `runID` is the import that made the index.
    public func run(store: ConsultationStore, runID: Int64, at now: Date = Date()) throws -> ChangeSummary {
        let saved = try store.pool.read { db in try Self.loadProfiles(db) }
        guard !saved.isEmpty else { return ChangeSummary() }

        // Rank in parallel: chunks over the cores, each writing only its own slots.
        let outcomes = ResultSlots<Outcome>(count: saved.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, saved.count))
        let chunk = (saved.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(saved.count, (worker + 1) * chunk)
            guard !range.isEmpty else { return }
            var local: [Outcome] = []
            local.reserveCapacity(range.count)
            for position in range { local.append(compare(saved[position], runID: runID)) }
            outcomes.store(local, at: range.lowerBound)
        }

        let time = ConsultationStore.timeText(now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var summary = ChangeSummary(profilesChecked: saved.count)
        try store.pool.write { db in
            let insertEvent = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO profile_event (profile_id, run_id, kind, offer_id, once_key, details, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let deleteMatches = try db.cachedStatement(sql: "DELETE FROM profile_match WHERE profile_id = ?")
            let insertMatch = try db.cachedStatement(sql: "INSERT INTO profile_match (profile_id, rank, offer_id) VALUES (?, ?, ?)")
            let updateEntry = try db.cachedStatement(sql: """
                UPDATE shortlist_entry SET title = ?, state = ?, material = ? WHERE profile_id = ? AND offer_id = ?
                """)
            let markRun = try db.cachedStatement(sql: "UPDATE saved_profile SET last_matched_run = ? WHERE id = ?")
            for outcome in outcomes.values {
                var stored = 0
                for event in outcome.events {
                    try insertEvent.execute(arguments: [
                        outcome.profileID, runID, event.kind.rawValue, event.offerID.description, event.onceKey,
                        String(decoding: try encoder.encode(event.details), as: UTF8.self), time,
                    ])
                    if db.changesCount > 0 {
                        stored += 1
                        if event.kind == .newMatch { summary.newMatches += 1 }
                    }
                }
                summary.events += stored
                if stored > 0 { summary.profilesAffected += 1 }
                if let top = outcome.newTop {
                    try deleteMatches.execute(arguments: [outcome.profileID])
                    for (position, offer) in top.enumerated() {
                        try insertMatch.execute(arguments: [outcome.profileID, position + 1, offer.description])
                    }
                }
                for entry in outcome.entries {
                    try updateEntry.execute(arguments: [entry.title, entry.state.rawValue, entry.material.encoded(), outcome.profileID, entry.offerID.description])
                }
                try markRun.execute(arguments: [runID, outcome.profileID])
            }
        }
        return summary
    }

    // MARK: Comparing one profile

    struct Stored: Sendable {
        var id: String
        var profile: Profile
        var top: [OfferID]
        var shortlist: [StoredEntry]
    }

    struct StoredEntry: Sendable {
        var offerID: OfferID
        var title: String
        var state: ShortlistState
        var material: MaterialSnapshot
    }

    struct Event: Sendable {
        var kind: ChangeKind
        var offerID: OfferID
        var onceKey: String
        var details: ChangeDetails
    }

    struct Outcome: Sendable {
        var profileID: String
        var events: [Event]
        /// The new top list when it differs from the stored one.
        var newTop: [OfferID]?
        /// Shortlist entries whose observation changed.
        var entries: [StoredEntry]
    }

    func compare(_ saved: Stored, runID: Int64) -> Outcome {
        var events: [Event] = []
        let runKey = "run:\(runID)"
        let top = baseline.topOffers(for: saved.profile)
        // Shortlisted offers are left out: the advisor knows them, and their own events
        // (restored, material change) say what happened.
        let before = Set(saved.top).union(saved.shortlist.map(\.offerID))
        for (position, id) in top.enumerated() where !before.contains(id) {
            events.append(Event(kind: .newMatch, offerID: id, onceKey: runKey,
                                details: ChangeDetails(title: baseline.index.offer(id)?.title ?? id.description, rank: position + 1)))
        }

        var entries: [StoredEntry] = []
        for entry in saved.shortlist {
            let now = baseline.observe(entry.offerID)
            let title = now.state == .withdrawn ? entry.title : now.title
            let transition: ChangeKind? = switch (entry.state, now.state) {
            case (.active, .withdrawn), (.closed, .withdrawn): .withdrawn
            case (.active, .closed): .closed
            case (.withdrawn, .active), (.closed, .active): .restored
            default: nil
            }
            if let transition {
                events.append(Event(kind: transition, offerID: entry.offerID, onceKey: runKey, details: ChangeDetails(title: title)))
            }
            var material = entry.material
            if now.state != .withdrawn {
                // A withdrawn offer's fields are unknown; compare again when (if) it returns.
                // A status change that closed or reopened the offer is already told by that event.
                let changes = now.material.changes(since: entry.material)
                    .filter { transition == nil || $0.field != "schedule.status" }
                if entry.state != .withdrawn && !changes.isEmpty {
                    events.append(Event(kind: .materialChange, offerID: entry.offerID, onceKey: runKey,
                                        details: ChangeDetails(title: title, changes: changes)))
                }
                material = now.material
                if now.state == .active, let deadline = now.nextDeadline {
                    let days = baseline.today.days(until: deadline)
                    if days <= reminderDays {
                        events.append(Event(kind: .deadlineSoon, offerID: entry.offerID, onceKey: "deadline:\(deadline)",
                                            details: ChangeDetails(title: title, deadline: deadline, daysLeft: days)))
                    }
                }
            }
            if title != entry.title || now.state != entry.state || material != entry.material {
                entries.append(StoredEntry(offerID: entry.offerID, title: title, state: now.state, material: material))
            }
        }
        return Outcome(profileID: saved.id, events: events, newTop: top == saved.top ? nil : top, entries: entries)
    }

    static func loadProfiles(_ db: Database) throws -> [Stored] {
        var tops: [String: [OfferID]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT profile_id, offer_id FROM profile_match ORDER BY profile_id, rank") {
            tops[row["profile_id"], default: []].append(try ConsultationStore.offerID(row["offer_id"]))
        }
        var shortlists: [String: [StoredEntry]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT profile_id, offer_id, title, state, material FROM shortlist_entry ORDER BY profile_id, position") {
            shortlists[row["profile_id"], default: []].append(StoredEntry(
                offerID: try ConsultationStore.offerID(row["offer_id"]), title: row["title"],
                state: ShortlistState(rawValue: row["state"]) ?? .active,
                material: MaterialSnapshot.decoded(row["material"])))
        }
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: "SELECT id, profile FROM saved_profile ORDER BY id").map { row in
            let id: String = row["id"]
            return Stored(
                id: id, profile: try decoder.decode(Profile.self, from: Data((row["profile"] as String).utf8)),
                top: tops[id] ?? [], shortlist: shortlists[id] ?? [])
        }
    }
}

/// Result slots filled by parallel workers, each writing a disjoint range under a lock.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ values: [Value], at start: Int) {
        lock.lock()
        defer { lock.unlock() }
        for (offset, value) in values.enumerated() { slots[start + offset] = value }
    }

    /// The values in order; call after every worker finished.
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
