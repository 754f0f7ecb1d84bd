import SupportModel

/// Which offers to list. Every criterion is optional; all given criteria must hold.
public struct OfferQuery: Sendable {
    /// Offers in the current catalogue by default; withdrawn ones on request.
    public enum StatusFilter: String, Sendable, CaseIterable {
        case active, withdrawn, all
    }

    public var source: String?
    public var status: StatusFilter
    public var topic: TopicCode?
    public var instrument: Instrument?
    /// Offers usable in the region or aimed at part of it (see ``RegionFilter``).
    public var region: RegionFilter?
    /// Case-insensitive substring of id, title, summary, description, keywords or provider.
    /// With a text, offers come most relevant first: those with it in the title, then by how
    /// often it occurs (a substring count in SQL: no index to build for a one-off listing).
    public var text: String?
    /// At most this many offers; all when `nil`.
    public var limit: Int?

    public init(source: String? = nil, status: StatusFilter = .active, topic: TopicCode? = nil,
                instrument: Instrument? = nil, region: RegionFilter? = nil, text: String? = nil, limit: Int? = nil) {
        self.source = source
        self.status = status
        self.topic = topic
        self.instrument = instrument
        self.region = region
        self.text = text
        self.limit = limit
    }
}

/// A region criterion, resolved with the region hierarchy.
///
/// An offer matches `DE-SN` when it has no regional restriction, when one of its regions
/// contains Saxony (`DE`, `EU`), or when one of its regions lies in Saxony (`DED51`): the
/// offers someone in or advising on that region should see.
public struct RegionFilter: Sendable {
    public var region: RegionCode
    public var taxonomies: Taxonomies

    public init(_ region: RegionCode, taxonomies: Taxonomies) {
        self.region = region
        self.taxonomies = taxonomies
    }

    public func matches(_ offer: Offer) -> Bool {
        taxonomies.offer(areas: offer.eligibility.regions, touches: region)
    }
}

extension OfferQuery {
    /// The SQL part of the query; the region criterion is applied to decoded offers.
    func sql(_ dialect: SQLDialect) -> (sql: String, arguments: [SQLValue]) {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        switch status {
        case .active: conditions.append("offer.status = 'active'")
        case .withdrawn: conditions.append("offer.status = 'withdrawn'")
        case .all: break
        }
        if let source {
            conditions.append("offer.source = ?")
            arguments.append(.text(source))
        }
        if let topic {
            conditions.append(dialect.jsonArrayContains("offer.topics"))
            arguments.append(.text(topic.rawValue))
        }
        if let instrument {
            conditions.append(dialect.jsonArrayContains("offer.instruments"))
            arguments.append(.text(instrument.rawValue))
        }
        if let text, !text.isEmpty {
            conditions.append("\(dialect.position(in: "offer.search_text")) > 0")
            arguments.append(.text(text.lowercased()))
        }
        var sql = "SELECT \(StoredOfferDecoding.columns) FROM offer"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        if let text, !text.isEmpty {
            // SQLite's lower() folds ASCII only: a title whose match has non-ASCII capitals
            // ("Ökologie" for "ökolog") ranks by its occurrences alone there (PostgreSQL's
            // folds them).
            sql += """
                 ORDER BY \(dialect.position(in: "lower(offer.title)")) > 0 DESC,
                 (length(offer.search_text) - length(replace(offer.search_text, ?, ''))) DESC,
                 offer.source, offer.local_id
                """
            arguments += [.text(text.lowercased()), .text(text.lowercased())]
        } else {
            sql += " ORDER BY offer.source, offer.local_id"
        }
        if region == nil, let limit {
            sql += " LIMIT ?"
            arguments.append(SQLValue(limit))
        }
        return (sql, arguments)
    }
}
