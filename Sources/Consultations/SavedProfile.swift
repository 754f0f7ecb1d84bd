public import CatalogStore
import Foundation
public import SupportModel

/// A saved consultation: the answers an organisation gave, the advisor's label and notes, and
/// the offers the advisor and client shortlisted.
///
/// The id is the only key to it. It is 128 random bits, so holding the id (the link to the
/// consultation, the feed URL) is what grants access; there is no listing without the admin
/// token.
public struct SavedProfile: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var notes: String
    /// The answers as given; nothing derived is stored.
    public var profile: Profile
    public var shortlist: [ShortlistEntry]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// The previous visit of the consultation page; `nil` before the first.
    public var lastSeenAt: Timestamp?
}

/// A shortlisted offer with the advisor's note.
public struct ShortlistEntry: Sendable, Hashable, Codable {
    public var offerId: OfferID
    public var note: String
    public var addedAt: Timestamp
    /// The offer's title when last seen (kept for offers since withdrawn).
    public var title: String
    /// Whether the offer is open, closed or withdrawn as of the last comparison.
    public var state: ShortlistState
}

public enum ShortlistState: String, Sendable, Hashable, Codable {
    case active, closed, withdrawn
}

/// A listing row: enough to find a consultation again, without the answers.
public struct SavedProfileSummary: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var shortlisted: Int
    public var events: Int
}

/// What a client or advisor gives to save (or replace) a consultation.
public struct ProfileDraft: Sendable, Hashable {
    public var label: String
    public var notes: String
    public var profile: Profile
    public var shortlist: [ShortlistItem]

    public init(label: String, notes: String = "", profile: Profile, shortlist: [ShortlistItem] = []) {
        self.label = label
        self.notes = notes
        self.profile = profile
        self.shortlist = shortlist
    }

    /// Longest label and notes accepted, in Unicode scalars (a `Character` can hold any number
    /// of combining marks); a consultation is not a document store.
    public static let maxLabelLength = 200
    public static let maxNotesLength = 10_000
    public static let maxShortlist = 100
    public static let maxNoteLength = 2_000

    /// Problems with the draft as JSON pointers into the API body (`/label`, `/shortlist/2/offerId`);
    /// `isKnown` says whether an offer id is in the current catalogue.
    public func issues(isKnown: (OfferID) -> Bool) -> [ProfileIssue] {
        var issues: [ProfileIssue] = []
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { issues.append(ProfileIssue(pointer: "/label", message: "expected a non-empty label")) }
        if label.unicodeScalars.count > Self.maxLabelLength {
            issues.append(ProfileIssue(pointer: "/label", message: "expected at most \(Self.maxLabelLength) characters, found \(label.unicodeScalars.count)"))
        }
        if notes.unicodeScalars.count > Self.maxNotesLength {
            issues.append(ProfileIssue(pointer: "/notes", message: "expected at most \(Self.maxNotesLength) characters, found \(notes.unicodeScalars.count)"))
        }
        // Labels and notes are set anonymously over HTTP and printed by `profiles list`.
        for (text, pointer) in [(label, "/label"), (notes, "/notes")] + shortlist.enumerated().map({ ($1.note, "/shortlist/\($0)/note") })
        where text.unicodeScalars.contains(where: ControlCharacters.isUnsafe) {
            issues.append(ProfileIssue(pointer: pointer, message: "control characters (C0/C1 controls, bidirectional overrides) are not allowed"))
        }
        if shortlist.count > Self.maxShortlist {
            issues.append(ProfileIssue(pointer: "/shortlist", message: "expected at most \(Self.maxShortlist) offers, found \(shortlist.count)"))
        }
        var seen: Set<OfferID> = []
        for (position, item) in shortlist.enumerated() {
            if !seen.insert(item.offerId).inserted {
                issues.append(ProfileIssue(pointer: "/shortlist/\(position)/offerId", message: "offer \(item.offerId) is listed twice"))
            } else if !isKnown(item.offerId) {
                issues.append(ProfileIssue(pointer: "/shortlist/\(position)/offerId", message: "no active offer with id \"\(item.offerId)\""))
            }
            if item.note.unicodeScalars.count > Self.maxNoteLength {
                issues.append(ProfileIssue(pointer: "/shortlist/\(position)/note", message: "expected at most \(Self.maxNoteLength) characters, found \(item.note.unicodeScalars.count)"))
            }
        }
        return issues
    }
}

/// One offer to shortlist, with the advisor's note.
public struct ShortlistItem: Sendable, Hashable, Codable {
    public var offerId: OfferID
    public var note: String

    public init(offerId: OfferID, note: String = "") {
        self.offerId = offerId
        self.note = note
    }
}

/// Bad input to the consultation store, with JSON pointers like ``ProfileError``.
public struct ConsultationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ProfileIssue]

    public init(_ issues: [ProfileIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Unguessable profile ids.
public enum ProfileToken {
    /// 128 bits from the system's cryptographic generator, base64url without padding (22 characters),
    /// never beginning with `-`.
    ///
    /// Why not any first character: one id in 64 began with `-`, and every command-line parser
    /// (ours included) reads `supportmatch profiles export -Xy…` as an unknown option, so the
    /// advisor's copied id failed with a usage error. Drawing again costs 1/64 of a draw on
    /// average and about 0.02 bits of the 128. Ids saved before this rule still work: after
    /// `--profile`, and as an argument after `--`, behind all options.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let token = draw(using: &generator)
            if !token.hasPrefix("-") { return token }
        }
    }

    private static func draw(using generator: inout SystemRandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `text` has the shape of an id (checked before any lookup, so malformed ids get a
    /// validation error rather than a 404).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 22 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
