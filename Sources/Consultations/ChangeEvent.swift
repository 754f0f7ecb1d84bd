public import CatalogStore
import Foundation
public import SupportModel

/// Something an import changed that matters to one saved profile, stored once.
public struct ChangeEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var profileId: String
    /// The import run that caused it (`nil` never happens for stored events today; kept optional
    /// so a future manual re-check needs no migration).
    public var runId: Int64?
    public var kind: ChangeKind
    public var offerId: OfferID
    public var details: ChangeDetails
    public var createdAt: Timestamp

    /// One line for people: feed entry titles, `supportmatch changes`, the consultation page.
    public var headline: String {
        let title = details.title
        switch kind {
        case .newMatch: return "New in your top 20 (rank \(details.rank ?? 0)): \(title)"
        case .materialChange:
            let fields = (details.changes ?? []).map(\.field).joined(separator: ", ")
            return "Changed (\(fields)): \(title)"
        case .closed: return "Closed: \(title)"
        case .withdrawn: return "Withdrawn: \(title)"
        case .restored: return "Available again: \(title)"
        case .deadlineSoon:
            let days = details.daysLeft ?? 0
            return "Deadline in \(days) day\(days == 1 ? "" : "s") (\(details.deadline?.description ?? "?")): \(title)"
        }
    }

    /// The changed fields, one line each ("schedule.deadlines: 2027-03-31 → 2027-04-30").
    public var detailLines: [String] {
        (details.changes ?? []).map { change in
            "\(change.field): \(change.before.isEmpty ? "–" : change.before) → \(change.after.isEmpty ? "–" : change.after)"
        }
    }
}

/// Kinds of change. Raw values are stored and appear in the API.
public enum ChangeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The offer entered the profile's top 20.
    case newMatch = "new-match"
    /// A shortlisted offer changed in a material field (see ``MaterialField``).
    case materialChange = "material-change"
    /// A shortlisted offer stopped taking applications (status closed, or every deadline passed).
    case closed
    /// A shortlisted offer is no longer in its source's catalogue.
    case withdrawn
    /// A shortlisted offer that was withdrawn or closed is open again.
    case restored
    /// A shortlisted offer's next deadline is within the reminder window of the import day.
    case deadlineSoon = "deadline-soon"
}

/// What an event says; fields not relevant to its kind are absent.
public struct ChangeDetails: Sendable, Hashable, Codable {
    public var title: String
    /// Rank in the new top list (new matches).
    public var rank: Int?
    /// Material fields that changed (material changes).
    public var changes: [FieldChange]?
    /// The deadline a reminder is about, and the days left from the import day.
    public var deadline: Day?
    public var daysLeft: Int?

    public init(title: String, rank: Int? = nil, changes: [FieldChange]? = nil, deadline: Day? = nil, daysLeft: Int? = nil) {
        self.title = title
        self.rank = rank
        self.changes = changes
        self.deadline = deadline
        self.daysLeft = daysLeft
    }
}

/// What change detection after one import found: the maintainer's view in the import report.
public struct ChangeSummary: Sendable, Hashable, Codable {
    /// Saved profiles compared.
    public var profilesChecked: Int
    /// Profiles with at least one new event from this run.
    public var profilesAffected: Int
    /// New top-20 entries over all profiles.
    public var newMatches: Int
    /// Events stored by this run, all kinds.
    public var events: Int

    public init(profilesChecked: Int = 0, profilesAffected: Int = 0, newMatches: Int = 0, events: Int = 0) {
        self.profilesChecked = profilesChecked
        self.profilesAffected = profilesAffected
        self.newMatches = newMatches
        self.events = events
    }

    /// For the import report.
    public var impact: SavedProfileImpact {
        SavedProfileImpact(profilesChecked: profilesChecked, profilesAffected: profilesAffected, newMatches: newMatches, events: events)
    }
}
