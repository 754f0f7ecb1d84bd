import Foundation
public import SupportModel

/// Whether an offer is in the current catalogue.
public enum OfferLifecycle: String, Sendable, Codable, Hashable, CaseIterable {
    /// In the latest snapshot of its source.
    case active
    /// Absent from the latest snapshot of its source; kept with its last version.
    case withdrawn
}

/// An offer as stored: its current version, where it stands, and (when asked for) its history.
public struct StoredOffer: Sendable, Codable, Hashable {
    public var id: OfferID
    public var status: OfferLifecycle
    /// The offer, with ``Provenance`` set from the store.
    public var offer: Offer
    public var firstSeenRun: Int64
    public var lastChangedRun: Int64
    public var withdrawnInRun: Int64?
    /// Oldest first; empty unless loaded with ``CatalogStore/offer(_:)``.
    public var history: [OfferChange]
}

/// One event in an offer's life.
public struct OfferChange: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case added, changed, withdrawn, restored
    }

    public var runID: Int64
    /// When the import run that made the change started.
    public var at: Timestamp
    public var kind: Kind
    /// Dotted names of the fields that differ from the previous version.
    public var changedFields: [String]
    /// The version this change replaced (for content changes).
    public var previous: Offer?
}

/// Decodes what the importer stored.
enum StoredOfferDecoding {
    /// An offer from its stored content (``StoredContent``, either form).
    static func offer(fromStored stored: String) throws -> Offer {
        try JSONDecoder().decode(Offer.self, from: Data(StoredContent.decode(Array(stored.utf8))))
    }

    /// Columns every offer query selects, in the order ``storedOffer(_:)`` reads them.
    static let columns = """
        offer.source, offer.local_id, offer.content, offer.content_hash, offer.status, offer.first_seen_run,
        offer.last_changed_run, offer.withdrawn_in_run, offer.source_format, offer.source_file, offer.source_record
        """

    static func storedOffer(_ row: SQLRow) throws -> StoredOffer {
        var offer = try offer(fromStored: row.text("content"))
        let lastChangedRun = try row.integer("last_changed_run")
        offer.provenance = Provenance(sourceFormat: try row.text("source_format"), sourceFile: try row.text("source_file"),
                                      sourceRecord: try row.optionalText("source_record"), contentHash: try row.text("content_hash"),
                                      importRun: lastChangedRun)
        return StoredOffer(
            id: OfferID(source: try row.text("source"), localID: try row.text("local_id")),
            status: OfferLifecycle(rawValue: try row.text("status")) ?? .withdrawn,
            offer: offer, firstSeenRun: try row.integer("first_seen_run"), lastChangedRun: lastChangedRun,
            withdrawnInRun: try row.optionalInteger("withdrawn_in_run"), history: [])
    }
}
