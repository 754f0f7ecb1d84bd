import Foundation

/// `Catalog/mappings/grantsgov.json`: Grants.gov extract codes onto our taxonomies.
struct GrantsGovMappings: Sendable, Decodable {
    struct SmallBusinessRule: Sendable, Decodable {
        var code: String
        var sizes: [String]
    }

    var eligibleApplicants: CodeTable
    var categoryOfFundingActivity: CodeTable
    var fundingInstrumentType: CodeTable
    var smallBusinessOnly: SmallBusinessRule?

    static let bundled: Result<GrantsGovMappings, MappingTableError> = Result {
        try MappingTables.load(GrantsGovMappings.self, named: "grantsgov")
    }.mapError { $0 as? MappingTableError ?? MappingTableError(file: "grantsgov.json", message: "\($0)") }
}
