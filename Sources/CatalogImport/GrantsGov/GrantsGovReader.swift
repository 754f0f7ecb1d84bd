import CLibXML2
public import Foundation
public import SupportModel

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

    /// An XML document that names the extract's elements or namespace. The XML test matters:
    /// the format's own field description (`field-spec.json` beside an extract) names them too.
    public func recognizes(head: Data, url: URL) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "<") else { return false }
        let markers = ["OpportunitySynopsisDetail_1_0", "OpportunityForecastDetail_1_0", "apply.grants.gov/system/OpportunityDetail"]
        return markers.contains { bytes.range(of: Data($0.utf8)) != nil }
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
        // An encoding conversion failure reaches libxml2's thread-wide handlers, not the
        // reader's: routed into the cursor's error box, it becomes the file's located problem.
        let errors = XMLPullErrorBox()
        try errors.routingThreadMessages {
            try read(input, mappings: mappings, errors: errors, context: context, handle: handle)
        }
    }

    private func read(_ input: CatalogInput, mappings: GrantsGovMappings, errors: XMLPullErrorBox, context: ReadContext,
                      handle: (ReadRecord) throws -> Void) throws {
        let cursor: XMLPullCursor
        do { cursor = try XMLPullCursor(path: input.url.path, maxTextBytes: context.limits.maxTextBytes, droppingBlankText: true, errors: errors) } catch let failure as XMLPullFailure {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), failure.message)
        }
        let names = GrantsGovNames(cursor)
        let builder = GrantsGovOfferBuilder(reader: self, mappings: mappings, context: context, today: today ?? context.today ?? Day.todayUTC(), file: input.displayName)

        var fields = GrantsGovFields()
        fields.maxValues = context.limits.maxValuesPerField
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
                        if let (_, index) = names.field(for: name) {
                            let line = cursor.line
                            fields.set(index: index, try cursor.elementText(trimmed: true), line: line)
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
    private let fields: [(UnsafePointer<xmlChar>, GrantsGovField, Int)]

    init(_ cursor: XMLPullCursor) {
        grants = cursor.intern("Grants")
        synopsis = cursor.intern("OpportunitySynopsisDetail_1_0")
        forecast = cursor.intern("OpportunityForecastDetail_1_0")
        fields = GrantsGovField.allCases.map { (cursor.intern($0.elementName), $0, $0.rawValue) }
    }

    @inline(__always)
    func field(for name: UnsafePointer<xmlChar>) -> (field: GrantsGovField, index: Int)? {
        for (pointer, field, index) in fields where pointer == name { return (field, index) }
        return nil
    }
}

/// The elements of a record that are read; all others are skipped. The raw value is the
/// field's slot in ``GrantsGovFields``.
enum GrantsGovField: Int, CaseIterable {
    case opportunityID
    case opportunityTitle
    case opportunityNumber
    case opportunityCategory
    case fundingInstrumentType
    case categoryOfFundingActivity
    case cfdaNumbers
    case eligibleApplicants
    case additionalInformationOnEligibility
    case agencyCode
    case agencyName
    case postDate
    case closeDate
    case lastUpdatedDate
    case awardCeiling
    case awardFloor
    case estimatedTotalProgramFunding
    case description
    case archiveDate
    case additionalInformationURL
    case additionalInformationText
    case grantorContactEmail
    case grantorContactText
    case grantorContactName
    case grantorContactPhoneNumber
    case estimatedSynopsisPostDate
    case estimatedSynopsisCloseDate

    /// The element name in the extract.
    var elementName: String { Self.elementNames[rawValue] }
    private static let elementNames = [
        "OpportunityID",
        "OpportunityTitle",
        "OpportunityNumber",
        "OpportunityCategory",
        "FundingInstrumentType",
        "CategoryOfFundingActivity",
        "CFDANumbers",
        "EligibleApplicants",
        "AdditionalInformationOnEligibility",
        "AgencyCode",
        "AgencyName",
        "PostDate",
        "CloseDate",
        "LastUpdatedDate",
        "AwardCeiling",
        "AwardFloor",
        "EstimatedTotalProgramFunding",
        "Description",
        "ArchiveDate",
        "AdditionalInformationURL",
        "AdditionalInformationText",
        "GrantorContactEmail",
        "GrantorContactText",
        "GrantorContactName",
        "GrantorContactPhoneNumber",
        "EstimatedSynopsisPostDate",
        "EstimatedSynopsisCloseDate",
    ]

    var index: Int { rawValue }
}

/// The raw texts of one record, reused from record to record.
///
/// Most fields occur once per record; only code lists (EligibleApplicants, CFDANumbers,
/// CategoryOfFundingActivity, FundingInstrumentType) repeat. So each field keeps its first
/// value in a flat slot and only repeats go to a per-field list, and bit sets say which slots
/// this record filled: starting a record clears two integers instead of 27 arrays.
struct GrantsGovFields {
    var isForecast = false
    var line = 0
    /// The first value of each field (trimmed when read); meaningful where `present` says so.
    private var firsts: [String] = Array(repeating: "", count: GrantsGovField.allCases.count)
    /// Values after the first, where a field occurs more than once; cleared where `repeated` says so.
    private var repeats: [[String]] = Array(repeating: [], count: GrantsGovField.allCases.count)
    /// The line of each field's first occurrence.
    private var lines: [Int] = Array(repeating: 0, count: GrantsGovField.allCases.count)
    /// Bit `index` set: the field occurred in this record / occurred more than once. (There
    /// are 27 fields; a `UInt64` has room for 64.)
    private var present: UInt64 = 0
    private var repeated: UInt64 = 0
    /// Most values kept per field (``ReadLimits/maxValuesPerField``); bit set where more came
    /// (a record of a million unknown codes took 2.4 GB and wrote a 290 MB report row).
    var maxValues = Int.max
    private(set) var overflowing: UInt64 = 0

    mutating func reset(isForecast: Bool, line: Int) {
        self.isForecast = isForecast
        self.line = line
        var bits = repeated
        while bits != 0 {
            repeats[bits.trailingZeroBitCount].removeAll(keepingCapacity: true)
            bits &= bits - 1
        }
        present = 0
        repeated = 0
        overflowing = 0
    }

    mutating func set(index: Int, _ text: String, line: Int) {
        let bit = UInt64(1) << UInt64(index)
        if present & bit == 0 {
            present |= bit
            firsts[index] = text
            lines[index] = line
        } else if repeats[index].count + 1 < maxValues {
            repeated |= bit
            repeats[index].append(text)
        } else {
            overflowing |= bit
        }
    }

    /// Whether the field had more than ``maxValues`` values (the rest were dropped).
    func overflowed(_ field: GrantsGovField) -> Bool { overflowing & (UInt64(1) << UInt64(field.index)) != 0 }

    /// The first value (trimmed when read); `nil` when absent or blank.
    func first(_ field: GrantsGovField) -> String? {
        guard present & (UInt64(1) << UInt64(field.index)) != 0, !firsts[field.index].isEmpty else { return nil }
        return firsts[field.index]
    }

    /// Every non-blank value, in document order.
    func all(_ field: GrantsGovField) -> [String] {
        let bit = UInt64(1) << UInt64(field.index)
        guard present & bit != 0 else { return [] }
        let first = firsts[field.index]
        if repeated & bit == 0 { return first.isEmpty ? [] : [first] }
        var values: [String] = []
        values.reserveCapacity(1 + repeats[field.index].count)
        if !first.isEmpty { values.append(first) }
        for value in repeats[field.index] where !value.isEmpty { values.append(value) }
        return values
    }

    func line(of field: GrantsGovField) -> Int? {
        present & (UInt64(1) << UInt64(field.index)) != 0 ? lines[field.index] : nil
    }
}
