import Foundation
import SupportModel

/// Turns the texts of one Grants.gov record into an offer with located diagnostics.
///
/// This runs once per record (133,542 times for the 304 MB benchmark extract), so the work is
/// kept to what the offer needs: code tables are resolved to typed targets once (see
/// ``GrantsGovCodeTable``), numbers and dates are parsed from the text's bytes, and strings
/// for diagnostics (the record id, the list of known codes) are built only when a problem is
/// reported. It is a class because the per-record helper closures capture it: a struct
/// holding the tables and the validator (every taxonomy) would be copied for each record,
/// some forty reference counts, where a class reference costs one.
final class GrantsGovOfferBuilder {
    let reader: GrantsGovReader
    let context: ReadContext
    let today: Day
    let file: String
    let instrumentTable: GrantsGovCodeTable<Instrument>
    let topicTable: GrantsGovCodeTable<TopicCode>
    let applicantTable: GrantsGovCodeTable<ApplicantType>
    let smallBusinessOnly: GrantsGovMappings.SmallBusinessRule?
    /// The small-business rule's size classes, typed once.
    let smallBusinessSizes: [SizeClass]
    /// Eligible-applicant codes that name exactly the `company` applicant type: with the
    /// small-business code, one of these means companies of every size are eligible.
    let companyOnlyCodes: Set<String>
    /// Built once per read: a validator holds every taxonomy, which is costly to copy per record.
    let validator: OfferValidator

    init(reader: GrantsGovReader, mappings: GrantsGovMappings, context: ReadContext, today: Day, file: String) {
        self.reader = reader
        self.context = context
        self.today = today
        self.file = file
        instrumentTable = GrantsGovCodeTable(mappings.fundingInstrumentType)
        topicTable = GrantsGovCodeTable(mappings.categoryOfFundingActivity)
        applicantTable = GrantsGovCodeTable(mappings.eligibleApplicants)
        smallBusinessOnly = mappings.smallBusinessOnly
        smallBusinessSizes = mappings.smallBusinessOnly?.sizes.compactMap(SizeClass.init(rawValue:)) ?? []
        companyOnlyCodes = Set(mappings.eligibleApplicants.codes.keys.filter { mappings.eligibleApplicants.lookup($0) == .mapped(["company"]) })
        validator = OfferValidator(taxonomies: context.taxonomies)
    }

    func record(_ fields: GrantsGovFields) -> ReadRecord {
        let recordLocation = SourceLocation(file: file, line: fields.line)
        func at(_ field: GrantsGovField) -> SourceLocation {
            SourceLocation(file: file, line: fields.line(of: field) ?? fields.line)
        }
        guard let opportunityID = fields.first(.opportunityID) else {
            return ReadRecord(offer: nil, location: recordLocation, diagnostics: [
                Diagnostic(.error, at: recordLocation, field: "id", message: "expected an <OpportunityID> in the record"),
            ])
        }
        var diagnostics: [Diagnostic] = []
        func problem(_ severity: Diagnostic.Severity, _ field: GrantsGovField, _ offerField: String, _ message: String) {
            let recordID = OfferID(source: context.sourceOverride ?? GrantsGovReader.sourceID, localID: opportunityID).description
            diagnostics.append(Diagnostic(severity, at: at(field), field: offerField, message: "<\(field.elementName)>: \(message)", recordID: recordID))
        }

        for field in GrantsGovField.allCases where fields.overflowing != 0 && fields.overflowed(field) {
            problem(.error, field, "originalCodes", "more than \(context.limits.maxValuesPerField) values in one record (ReadLimits.maxValuesPerField)")
        }

        func day(_ field: GrantsGovField, _ offerField: String) -> Day? {
            guard let text = fields.first(field) else { return nil }
            guard let day = Self.parseMMDDYYYY(text) else {
                problem(.error, field, offerField, "expected a date MMDDYYYY, found \"\(text.prefix(40))\"")
                return nil
            }
            return day
        }

        /// The field's codes as read, their targets (first-seen order, no repeats) and
        /// whether a code lifts the restriction. Unknown codes are warnings.
        func mapped<Target: VocabularyCode>(_ field: GrantsGovField, _ table: GrantsGovCodeTable<Target>, _ offerField: String)
            -> (codes: [String], targets: [Target], unrestricted: Bool) {
            let codes = fields.all(field)
            var targets: [Target] = []
            var unrestricted = false
            // One warning per field however many codes are unknown: the first few, and a count.
            var unknown: [String] = []
            var unknownCount = 0
            for code in codes {
                switch table.entries[code] {
                case .mapped(let values)?:
                    for value in values where !targets.contains(value) { targets.append(value) }
                case .unrestricted?:
                    unrestricted = true
                case nil:
                    unknownCount += 1
                    if unknown.count < 5 { unknown.append("\"\(code.prefix(40))\"") }
                }
            }
            if unknownCount == 1 {
                problem(.warning, field, offerField, "unknown code \(unknown[0]), not mapped (kept in originalCodes); expected one of \(table.knownCodes.joined(separator: ", "))")
            } else if unknownCount > 1 {
                let more = unknownCount > unknown.count ? " and \(unknownCount - unknown.count) more" : ""
                problem(.warning, field, offerField, "unknown codes \(unknown.joined(separator: ", "))\(more), not mapped (kept in originalCodes); expected one of \(table.knownCodes.joined(separator: ", "))")
            }
            return (codes, targets, unrestricted)
        }

        let instruments = mapped(.fundingInstrumentType, instrumentTable, "instruments")
        let categories = mapped(.categoryOfFundingActivity, topicTable, "topics")
        let applicants = mapped(.eligibleApplicants, applicantTable, "eligibility.applicantTypes")

        let applicantTypes: [ApplicantType]? = applicants.unrestricted || applicants.targets.isEmpty ? nil : applicants.targets
        var companySizes: [SizeClass]?
        if let rule = smallBusinessOnly, !applicants.unrestricted, applicants.codes.contains(rule.code),
           !applicants.codes.contains(where: { code in code != rule.code && companyOnlyCodes.contains(code) }) {
            companySizes = smallBusinessSizes
        }

        // Money: "none" and 0 mean "not stated".
        func amount(_ field: GrantsGovField, allowNone: Bool) -> Double? {
            guard let text = fields.first(field) else { return nil }
            if allowNone && (text == "none" || text == "None" || text == "NONE") { return nil }
            guard let value = Self.parseWholeDollars(text) else {
                problem(.warning, field, "funding", "expected a whole number of dollars\(allowNone ? " or \"none\"" : ""), found \"\(text.prefix(40))\"; ignored")
                return nil
            }
            return value > 0 ? value : nil
        }
        let ceiling = amount(.awardCeiling, allowNone: true)
        let floor = amount(.awardFloor, allowNone: false)
        let total = amount(.estimatedTotalProgramFunding, allowNone: false)
        let funding = (ceiling == nil && floor == nil && total == nil) ? nil
            : Funding(currency: "USD", amountMin: floor, amountMax: ceiling, totalBudget: total)

        // Dates and status.
        let opens = fields.isForecast ? day(.estimatedSynopsisPostDate, "schedule.opens") : day(.postDate, "schedule.opens")
        let closes = fields.isForecast ? day(.estimatedSynopsisCloseDate, "schedule.deadlines") : day(.closeDate, "schedule.deadlines")
        let archived = day(.archiveDate, "schedule.status")
        let lastUpdated = day(.lastUpdatedDate, "lastUpdated")
        let status: OfferStatus
        if fields.isForecast {
            status = .forthcoming
        } else if let closes, closes < today {
            status = .closed
        } else if let archived, archived < today {
            status = .closed
        } else if let opens, opens > today {
            status = .forthcoming
        } else if closes != nil {
            status = .open
        } else {
            status = .rolling
        }

        // Provider and contact.
        let providerName = fields.first(.agencyName) ?? fields.first(.agencyCode) ?? ""
        var contact = Contact(
            name: fields.first(.grantorContactName) ?? fields.first(.grantorContactText).map(Self.plainContactText),
            email: fields.first(.grantorContactEmail),
            phone: fields.first(.grantorContactPhoneNumber))
        if contact.name?.isEmpty == true { contact.name = nil }

        var links: [Link] = []
        if let url = fields.first(.additionalInformationURL) {
            let text = fields.first(.additionalInformationText)
            let title = (text == nil || text!.hasPrefix("http") || text!.hasPrefix("HTTP")) ? nil : text
            links.append(Link(kind: .information, url: url, title: title))
        }

        var originalCodes: [String: [String]] = Dictionary(minimumCapacity: 8)
        if !instruments.codes.isEmpty { originalCodes["FundingInstrumentType"] = instruments.codes }
        if !categories.codes.isEmpty { originalCodes["CategoryOfFundingActivity"] = categories.codes }
        if !applicants.codes.isEmpty { originalCodes["EligibleApplicants"] = applicants.codes }
        let cfda = fields.all(.cfdaNumbers)
        if !cfda.isEmpty { originalCodes["CFDANumbers"] = cfda }
        if let category = fields.first(.opportunityCategory) { originalCodes["OpportunityCategory"] = [category] }
        if let number = fields.first(.opportunityNumber) { originalCodes["OpportunityNumber"] = [number] }
        if let code = fields.first(.agencyCode) { originalCodes["AgencyCode"] = [code] }

        let description = fields.first(.description) ?? ""
        let offer = Offer(
            id: OfferID(source: GrantsGovReader.sourceID, localID: opportunityID),
            title: fields.first(.opportunityTitle) ?? "",
            summary: Self.firstSentence(of: description),
            description: description,
            language: .english,
            provider: Provider(name: providerName, level: .federal, contact: contact.isEmpty ? nil : contact),
            links: links,
            instruments: instruments.targets,
            topics: categories.targets,
            eligibility: Eligibility(
                applicantTypes: applicantTypes, companySizes: companySizes, regions: ["US"],
                conditions: fields.first(.additionalInformationOnEligibility).map { [$0] } ?? []),
            funding: funding,
            schedule: Schedule(status: status, opens: opens, deadlines: closes.map { [$0] } ?? []),
            lastUpdated: lastUpdated,
            sourceURL: "https://www.grants.gov/search-results-detail/\(opportunityID)",
            originalCodes: originalCodes)

        let fieldsByPath = Self.fieldsByPath
        return reader.validated(offer, at: recordLocation, context: context, validator: validator, diagnostics: diagnostics) { path in
            guard case .key(let first)? = path.components.first, let field = fieldsByPath[first] else { return recordLocation }
            return at(field)
        }
    }

    /// The element a validation problem of an offer field is located at.
    static let fieldsByPath: [String: GrantsGovField] = [
        "title": .opportunityTitle, "provider": .agencyName, "instruments": .fundingInstrumentType,
        "topics": .categoryOfFundingActivity, "eligibility": .eligibleApplicants, "funding": .awardCeiling,
        "links": .additionalInformationURL, "schedule": .closeDate, "lastUpdated": .lastUpdatedDate,
    ]

    /// `MMDDYYYY` → day; `nil` for anything else, including impossible dates (02302026).
    static func parseMMDDYYYY(_ text: String) -> Day? {
        guard text.utf8.count == 8, let value = parseDigits(text) else { return nil }
        return Day(year: value % 10_000, month: value / 1_000_000, day: value / 10_000 % 100)
    }

    /// A whole number of dollars: 1 to 15 ASCII digits, so that the value is exact as a
    /// `Double` (below 2^53) and parsing needs no `strtod`. `nil` for anything else.
    static func parseWholeDollars(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 15, let value = parseDigits(text) else { return nil }
        return Double(value)
    }

    /// The value of a string of at most 18 ASCII digits; `nil` when another byte occurs.
    private static func parseDigits(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes in
            var value = 0
            for byte in bytes {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
    }

    /// The first sentence of the description, at most 300 characters, for the summary.
    /// Scans UTF-8 bytes: this runs once per record on texts of up to 18,000 characters.
    static func firstSentence(of text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var characters = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 {  // a scalar starts here
                    if characters == 300 { return String(decoding: bytes[..<index], as: UTF8.self) + "…" }
                    characters += 1
                }
                if byte == UInt8(ascii: "."), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: " ") {
                    return String(decoding: bytes[...index], as: UTF8.self)
                }
                index += 1
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `Faith Graves, 703-648-7356&lt;br/&gt;...`: the extract double-escapes line breaks.
    static func plainContactText(_ text: String) -> String {
        var result = text
        for marker in ["&amp;lt;br/&amp;gt;", "&lt;br/&gt;", "&lt;br&gt;", "<br/>", "<br>", "<br />"] {
            result = result.replacingOccurrences(of: marker, with: "; ")
        }
        return result.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// A ``CodeTable`` resolved once per read for the offer builder: each code's targets already
/// typed, so a record's codes map with one lookup each and no conversions.
struct GrantsGovCodeTable<Target: VocabularyCode> {
    enum Entry {
        case mapped([Target])
        /// The code lifts the restriction (Grants.gov's 99 Unrestricted).
        case unrestricted
    }

    let entries: [String: Entry]
    /// The table's codes, sorted, for the warning about an unknown code.
    let knownCodes: [String]

    init(_ table: CodeTable) {
        entries = table.codes.mapValues { targets in targets.map { .mapped($0.map(Target.init)) } ?? .unrestricted }
        knownCodes = table.codes.keys.sorted()
    }
}
