import Foundation

/// `Catalog/mappings/commongrants.json`: CommonGrants applicant types and statuses, both ways.
struct CommonGrantsMappings: Sendable, Decodable {
    var applicantTypes: CodeTable
    var applicantTypesOut: [String: [String]]
    var statuses: [String: String]
    var statusesOut: [String: String]

    static let bundled: Result<CommonGrantsMappings, MappingTableError> = Result {
        try MappingTables.load(CommonGrantsMappings.self, named: "commongrants")
    }.mapError { $0 as? MappingTableError ?? MappingTableError(file: "commongrants.json", message: "\($0)") }
}

/// Names of the custom fields SupportMatch writes so that a round trip through CommonGrants
/// keeps what the protocol has no place for. Each holds the native format's JSON for the field.
enum CommonGrantsCustomField {
    static let offerID = "supportmatchId"
    /// Not a custom field: a member of the paginated response naming the one source its
    /// records belong to (see ``ReadRecord/declaredSource``); without it, `commongrants`.
    static let documentSource = "supportmatchSource"
    /// The other sources a multi-source export declares (a list of names), so its import may write them.
    static let documentSources = "supportmatchSources"
    static let summary = "supportmatchSummary"
    static let language = "supportmatchLanguage"
    static let provider = "supportmatchProvider"
    static let links = "supportmatchLinks"
    static let instruments = "supportmatchInstruments"
    static let topics = "supportmatchTopics"
    static let keywords = "supportmatchKeywords"
    static let eligibility = "supportmatchEligibility"
    static let funding = "supportmatchFunding"
    static let status = "supportmatchStatus"
    static let deadlines = "supportmatchDeadlines"
    static let lastUpdated = "supportmatchLastUpdated"
    static let asOf = "supportmatchAsOf"
    static let originalCodes = "supportmatchOriginalCodes"
}

/// RFC 6901 pointers for diagnostics.
enum JSONPointer {
    static func appending(_ pointer: String, _ key: String) -> String {
        pointer + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func appending(_ pointer: String, _ index: Int) -> String { pointer + "/" + String(index) }
}
