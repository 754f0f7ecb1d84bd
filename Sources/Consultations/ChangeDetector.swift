import CatalogStore
public import Foundation
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
        let saved = try store.comparisonState()
        guard !saved.isEmpty else { return ChangeSummary() }

        // Rank in parallel: chunks over the cores, each writing only its own slots.
        // An offer record the index cannot read fails the run (``RecordUnavailable``).
        let outcomes = ResultSlots<Result<Outcome, any Error>>(count: saved.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, saved.count))
        let chunk = (saved.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(saved.count, (worker + 1) * chunk)
            guard !range.isEmpty else { return }
            var local: [Result<Outcome, any Error>] = []
            local.reserveCapacity(range.count)
            for position in range { local.append(Result { try compare(saved[position], runID: runID) }) }
            outcomes.store(local, at: range.lowerBound)
        }

        return try store.record(outcomes.values.map { try $0.get() }, runID: runID, at: now)
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

    func compare(_ saved: Stored, runID: Int64) throws -> Outcome {
        var events: [Event] = []
        let runKey = "run:\(runID)"
        let top = baseline.topOffers(for: saved.profile)
        // Shortlisted offers are left out: the advisor knows them, and their own events
        // (restored, material change) say what happened.
        let before = Set(saved.top).union(saved.shortlist.map(\.offerID))
        for (position, id) in top.enumerated() where !before.contains(id) {
            events.append(Event(kind: .newMatch, offerID: id, onceKey: runKey,
                                details: ChangeDetails(title: try baseline.index.offer(id)?.title ?? id.description, rank: position + 1)))
        }

        var entries: [StoredEntry] = []
        for entry in saved.shortlist {
            let now = try baseline.observe(entry.offerID)
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
