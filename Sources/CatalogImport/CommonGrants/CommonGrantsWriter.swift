public import Foundation
public import SupportModel

/// Writes offers as CommonGrants JSON, for export to systems that speak the protocol.
///
/// What CommonGrants models (title, description, status, funding, key dates, applicant types,
/// source) is written in its own fields; everything else is written as custom fields holding
/// the native format's JSON, so ``CommonGrantsReader`` reads an export back without loss.
public struct CommonGrantsWriter: Sendable {
    /// The time written as `createdAt`/`lastModifiedAt` for offers without `lastUpdated`.
    public var exportedAt: Date
    private let mappings: Result<CommonGrantsMappings, MappingTableError>

    public init(exportedAt: Date = Date()) {
        self.exportedAt = exportedAt
        mappings = CommonGrantsMappings.bundled
    }

    /// A paginated response (`{"items": [...], "paginationInfo": {...}}`) with every offer on one
    /// page. It declares `source` (by default the one source all offers share) and the other
    /// sources its offers name, so that it imports back as each one's snapshot; an offer of an
    /// undeclared source is refused on import.
    public func paginatedResponse(_ offers: [Offer], source: String? = nil) throws -> Data {
        let items = try offers.map(opportunity)
        var envelope: [String: Any] = [
            "status": 200,
            "message": "Success",
            "items": items,
            "paginationInfo": ["page": 1, "pageSize": max(offers.count, 1), "totalItems": offers.count, "totalPages": 1],
        ]
        let sources = Set(offers.map(\.id.source))
        if let declared = source ?? (sources.count == 1 ? sources.first : nil) {
            envelope[CommonGrantsCustomField.documentSource] = declared
            // A store of several sources exports them in one file, as the native format does:
            // the others are declared too, so the file imports back as each one's snapshot.
            let others = sources.subtracting([declared]).sorted()
            if !others.isEmpty { envelope[CommonGrantsCustomField.documentSources] = others }
        }
        return try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// One opportunity as a JSON object.
    public func opportunityJSON(_ offer: Offer) throws -> Data {
        try JSONSerialization.data(withJSONObject: opportunity(offer), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    func opportunity(_ offer: Offer) throws -> [String: Any] {
        let mappings = try self.mappings.get()
        var object: [String: Any] = [
            "id": Self.stableID(for: offer.id),
            "title": offer.title,
            "description": offer.description,
        ]
        // Status.
        let statusValue = mappings.statusesOut[offer.schedule.status.rawValue] ?? "custom"
        var status: [String: Any] = ["value": statusValue]
        if statusValue == "custom" { status["customValue"] = offer.schedule.status.rawValue }
        if offer.schedule.status == .rolling { status["description"] = "Accepting applications continuously (rolling)" }
        object["status"] = status

        // Funding.
        if let funding = offer.funding {
            var block: [String: Any] = [:]
            func money(_ value: Double?) -> [String: Any]? {
                value.map { ["amount": Self.decimalString($0), "currency": funding.currency] }
            }
            block["minAwardAmount"] = money(funding.amountMin)
            block["maxAwardAmount"] = money(funding.amountMax)
            block["totalAmountAvailable"] = money(funding.totalBudget)
            if !block.isEmpty { object["funding"] = block }
        }

        // Key dates.
        var keyDates: [String: Any] = [:]
        if let opens = offer.schedule.opens {
            keyDates["postDate"] = ["name": "Opens", "eventType": "singleDate", "date": opens.description]
        }
        if let deadline = offer.schedule.deadlines.first {
            keyDates["closeDate"] = ["name": "Application deadline", "eventType": "singleDate", "date": deadline.description]
        }
        if offer.schedule.deadlines.count > 1 {
            var others: [String: Any] = [:]
            for (index, day) in offer.schedule.deadlines.enumerated().dropFirst() {
                others["deadline\(index + 1)"] = ["name": "Application deadline \(index + 1)", "eventType": "singleDate", "date": day.description]
            }
            keyDates["otherDates"] = others
        }
        object["keyDates"] = keyDates

        // Applicant types: mapped where CommonGrants has a value, our own code as custom otherwise.
        if let types = offer.eligibility.applicantTypes {
            var entries: [[String: Any]] = []
            var seen: Set<String> = []
            for type in types {
                let values = mappings.applicantTypesOut[type.rawValue] ?? []
                if values.isEmpty {
                    entries.append(["value": "custom", "customValue": type.rawValue])
                }
                for value in values where seen.insert(value).inserted { entries.append(["value": value]) }
            }
            object["acceptedApplicantTypes"] = entries
        } else {
            object["acceptedApplicantTypes"] = [["value": "unrestricted"]]
        }
        if let url = offer.sourceURL { object["source"] = url }
        let stamp = Self.timestamp(offer.lastUpdated, fallback: exportedAt)
        object["createdAt"] = stamp
        object["lastModifiedAt"] = stamp

        // Custom fields: the rest, in the native format's JSON.
        var custom: [String: Any] = [:]
        func add<Value: Encodable>(_ name: String, _ value: Value, _ description: String) throws {
            let data = try JSONEncoder().encode(value)
            let json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            let type: String
            switch json {
            case is [Any]: type = "array"
            case is [String: Any]: type = "object"
            case is String: type = "string"
            case is NSNull: type = "object"
            default: type = "number"
            }
            custom[name] = ["name": name, "fieldType": type, "value": json, "description": description]
        }
        typealias Field = CommonGrantsCustomField
        try add(Field.offerID, offer.id.description, "SupportMatch offer id (source:localID)")
        try add(Field.summary, offer.summary, "Short summary")
        try add(Field.language, offer.language, "Language of the texts (BCP 47)")
        try add(Field.provider, offer.provider, "Providing body, its level and contact")
        try add(Field.links, offer.links, "Typed links: information, application, legal basis")
        try add(Field.instruments, offer.instruments, "How support is given (SupportMatch instruments)")
        try add(Field.topics, offer.topics, "SupportMatch topics")
        try add(Field.keywords, offer.keywords, "Keywords")
        try add(Field.eligibility, offer.eligibility, "Eligibility criteria in SupportMatch codes")
        try add(Field.status, offer.schedule.status, "SupportMatch status (CommonGrants has no rolling status)")
        try add(Field.deadlines, offer.schedule.deadlines, "Every application deadline")
        try add(Field.lastUpdated, offer.lastUpdated, "Last change by the provider (YYYY-MM-DD) or null")
        if let asOf = offer.asOf { try add(Field.asOf, asOf, "Facts checked on (YYYY-MM-DD)") }
        if let funding = offer.funding { try add(Field.funding, funding, "Funding in SupportMatch terms (currency, amounts, rates)") }
        try add(Field.originalCodes, offer.originalCodes, "Codes as the original source published them")
        object["customFields"] = custom
        return object
    }

    /// A decimal string without exponent (`"1500000"`, `"2500.5"`), as CommonGrants' `decimalString`.
    static func decimalString(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = String(value)
        if !text.contains("e") { return text }
        return String(format: "%.6f", value).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    static func timestamp(_ day: Day?, fallback: Date) -> String {
        if let day { return "\(day)T00:00:00Z" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: fallback)
    }

    /// The CommonGrants `id` written for an offer: UUID-shaped and the same on every export.
    public static func stableID(for id: OfferID) -> String { uuid(for: id.description) }

    /// A stable UUID-shaped id derived from the offer id (two FNV-1a hashes), so that
    /// re-exporting gives the same CommonGrants id.
    static func uuid(for text: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            return hash
        }
        var bytes = withUnsafeBytes(of: fnv(0xcbf29ce484222325).bigEndian, Array.init) + withUnsafeBytes(of: fnv(0x84222325cbf29ce4).bigEndian, Array.init)
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: custom
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
