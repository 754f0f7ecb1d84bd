import CLibXML2
import Foundation
import SupportModel

extension CatalogFormat {
    /// The Grants.gov XML extract (`GrantsDBExtractYYYYMMDDv2.xml`).
    public static let grantsGov: Self = "grantsgov-xml"
}

/// Reads the Grants.gov XML extract: one large file of `OpportunitySynopsisDetail_1_0` and
/// `OpportunityForecastDetail_1_0` records.
///
/// Real extracts are about 300 MB, so the reader streams with libxml2's `xmlTextReader` in
/// constant memory. Element names are compared as interned pointers and text is read only
/// for the fields that are mapped; everything else is skipped without building strings.
/// Codes are mapped with `Catalog/mappings/grantsgov.json`.
public struct GrantsGovReader: CatalogReader {
    public let format: CatalogFormat = .grantsGov
    public static let sourceID = "grants.gov"
    /// The day the status is judged on (open, closed, forthcoming); today (UTC) when `nil`.
    public var today: Day?
    private let mappings: Result<GrantsGovMappings, MappingTableError>

    public init(today: Day? = nil) {
        self.today = today
        mappings = GrantsGovMappings.bundled
    }

    public func recognizes(head: Data, url: URL) -> Bool {
        let markers = ["OpportunitySynopsisDetail_1_0", "OpportunityForecastDetail_1_0", "apply.grants.gov/system/OpportunityDetail"]
        return markers.contains { head.range(of: Data($0.utf8)) != nil }
    }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let mappings: GrantsGovMappings
        switch self.mappings {
        case .success(let loaded): mappings = loaded
        case .failure(let error): throw CatalogReadError(at: SourceLocation(file: input.displayName), error.description)
        }
        guard FileManager.default.isReadableFile(atPath: input.url.path) else {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), "no such file, or not readable")
        }
        let cursor: XMLPullCursor
        do { cursor = try XMLPullCursor(path: input.url.path, maxTextBytes: context.limits.maxTextBytes) } catch let failure as XMLPullFailure {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), failure.message)
        }
        let names = GrantsGovNames(cursor)
        let builder = GrantsGovOfferBuilder(reader: self, mappings: mappings, context: context, today: today ?? Day.todayUTC(), file: input.displayName)

        var fields = GrantsGovFields()
        var inRecord = false
        var sawRoot = false
        do {
            while try cursor.read() {
                let type = cursor.nodeType
                if type == XMLNodeType.element {
                    let depth = cursor.depth
                    if depth > Int32(context.limits.maxDepth) {
                        throw XMLPullFailure(message: "elements nest deeper than \(context.limits.maxDepth) levels", line: cursor.line, column: nil)
                    }
                    guard let name = cursor.localName else { continue }
                    if depth == 0 {
                        sawRoot = true
                        guard name == names.grants else {
                            throw XMLPullFailure(message: "expected the root element <Grants>, found <\(cursor.localNameString)>", line: cursor.line, column: nil)
                        }
                    } else if depth == 1 {
                        if name == names.synopsis || name == names.forecast {
                            fields.reset(isForecast: name == names.forecast, line: cursor.line)
                            inRecord = !cursor.isEmptyElement
                            if !inRecord { try handle(builder.record(fields)) }
                        } else {
                            try cursor.skipElement()
                        }
                    } else if inRecord && depth == 2 {
                        if let field = names.field(for: name) {
                            let line = cursor.line
                            fields.set(field, try cursor.elementText(), line: line)
                        } else {
                            try cursor.skipElement()
                        }
                    }
                } else if type == XMLNodeType.endElement && inRecord && cursor.depth == 1 {
                    inRecord = false
                    try handle(builder.record(fields))
                }
            }
        } catch let failure as XMLPullFailure {
            throw CatalogReadError(at: SourceLocation(file: input.displayName, line: failure.line, column: failure.column),
                                   "not a readable Grants.gov extract: \(failure.message)")
        }
        if !sawRoot {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), "expected a Grants.gov extract (<Grants> with opportunity records); the file is empty")
        }
    }
}

/// The extract's element names, interned once in the parser's dictionary so that the hot
/// loop compares pointers instead of building strings.
struct GrantsGovNames {
    let grants: UnsafePointer<xmlChar>
    let synopsis: UnsafePointer<xmlChar>
    let forecast: UnsafePointer<xmlChar>
    private let fields: [(UnsafePointer<xmlChar>, GrantsGovField)]

    init(_ cursor: XMLPullCursor) {
        grants = cursor.intern("Grants")
        synopsis = cursor.intern("OpportunitySynopsisDetail_1_0")
        forecast = cursor.intern("OpportunityForecastDetail_1_0")
        fields = GrantsGovField.allCases.map { (cursor.intern($0.rawValue), $0) }
    }

    @inline(__always)
    func field(for name: UnsafePointer<xmlChar>) -> GrantsGovField? {
        for (pointer, field) in fields where pointer == name { return field }
        return nil
    }
}

/// The elements of a record that are read; all others are skipped.
enum GrantsGovField: String, CaseIterable {
    case opportunityID = "OpportunityID"
    case opportunityTitle = "OpportunityTitle"
    case opportunityNumber = "OpportunityNumber"
    case opportunityCategory = "OpportunityCategory"
    case fundingInstrumentType = "FundingInstrumentType"
    case categoryOfFundingActivity = "CategoryOfFundingActivity"
    case cfdaNumbers = "CFDANumbers"
    case eligibleApplicants = "EligibleApplicants"
    case additionalInformationOnEligibility = "AdditionalInformationOnEligibility"
    case agencyCode = "AgencyCode"
    case agencyName = "AgencyName"
    case postDate = "PostDate"
    case closeDate = "CloseDate"
    case lastUpdatedDate = "LastUpdatedDate"
    case awardCeiling = "AwardCeiling"
    case awardFloor = "AwardFloor"
    case estimatedTotalProgramFunding = "EstimatedTotalProgramFunding"
    case description = "Description"
    case archiveDate = "ArchiveDate"
    case additionalInformationURL = "AdditionalInformationURL"
    case additionalInformationText = "AdditionalInformationText"
    case grantorContactEmail = "GrantorContactEmail"
    case grantorContactText = "GrantorContactText"
    case grantorContactName = "GrantorContactName"
    case grantorContactPhoneNumber = "GrantorContactPhoneNumber"
    case estimatedSynopsisPostDate = "EstimatedSynopsisPostDate"
    case estimatedSynopsisCloseDate = "EstimatedSynopsisCloseDate"

    var index: Int { Self.indices[self]! }
    private static let indices: [GrantsGovField: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    /// Elements that repeat (0..n); the others keep their first value.
    var repeats: Bool {
        [.fundingInstrumentType, .categoryOfFundingActivity, .cfdaNumbers, .eligibleApplicants].contains(self)
    }
}

/// The raw texts of one record, reused from record to record.
struct GrantsGovFields {
    var isForecast = false
    var line = 0
    private(set) var values: [[String]] = Array(repeating: [], count: GrantsGovField.allCases.count)
    private(set) var lines: [Int] = Array(repeating: 0, count: GrantsGovField.allCases.count)

    mutating func reset(isForecast: Bool, line: Int) {
        self.isForecast = isForecast
        self.line = line
        for index in values.indices where !values[index].isEmpty { values[index].removeAll(keepingCapacity: true) }
    }

    mutating func set(_ field: GrantsGovField, _ text: String, line: Int) {
        let index = field.index
        if values[index].isEmpty { lines[index] = line }
        values[index].append(text)
    }

    /// The first value, trimmed; `nil` when absent or blank.
    func first(_ field: GrantsGovField) -> String? {
        guard let text = values[field.index].first else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    func all(_ field: GrantsGovField) -> [String] {
        values[field.index].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    func line(of field: GrantsGovField) -> Int? {
        values[field.index].isEmpty ? nil : lines[field.index]
    }
}

extension Day {
    /// Today in UTC.
    static func todayUTC() -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
