import Foundation
import SupportModel

/// Turns the texts of one Grants.gov record into an offer with located diagnostics.
struct GrantsGovOfferBuilder {
    let reader: GrantsGovReader
    let mappings: GrantsGovMappings
    let context: ReadContext
    let today: Day
    let file: String

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
        let recordID = OfferID(source: context.sourceOverride ?? GrantsGovReader.sourceID, localID: opportunityID).description
        var diagnostics: [Diagnostic] = []
        func problem(_ severity: Diagnostic.Severity, _ field: GrantsGovField, _ offerField: String, _ message: String) {
            diagnostics.append(Diagnostic(severity, at: at(field), field: offerField, message: "<\(field.elementName)>: \(message)", recordID: recordID))
        }

        func day(_ field: GrantsGovField, _ offerField: String) -> Day? {
            guard let text = fields.first(field) else { return nil }
            guard let day = Self.parseMMDDYYYY(text) else {
                problem(.error, field, offerField, "expected a date MMDDYYYY, found \"\(text.prefix(40))\"")
                return nil
            }
            return day
        }

        func mapped(_ field: GrantsGovField, _ table: CodeTable, _ offerField: String) -> (codes: [String], targets: [String], unrestricted: Bool) {
            let codes = fields.all(field)
            var targets: [String] = []
            var unrestricted = false
            for code in codes {
                switch table.lookup(code) {
                case .mapped(let values): targets += values
                case .unrestricted: unrestricted = true
                case .unknown:
                    problem(.warning, field, offerField, "unknown code \"\(code)\", not mapped (kept in originalCodes); expected one of \(table.codes.keys.sorted().joined(separator: ", "))")
                }
            }
            return (codes, targets.uniqued(), unrestricted)
        }

        let instruments = mapped(.fundingInstrumentType, mappings.fundingInstrumentType, "instruments")
        let categories = mapped(.categoryOfFundingActivity, mappings.categoryOfFundingActivity, "topics")
        let applicants = mapped(.eligibleApplicants, mappings.eligibleApplicants, "eligibility.applicantTypes")

        var applicantTypes: [ApplicantType]? = applicants.targets.map(ApplicantType.init)
        if applicants.unrestricted || applicantTypes?.isEmpty == true { applicantTypes = nil }
        var companySizes: [SizeClass]?
        if let rule = mappings.smallBusinessOnly, !applicants.unrestricted, applicants.codes.contains(rule.code),
           applicants.codes.allSatisfy({ code in code == rule.code || !(mappings.eligibleApplicants.lookup(code) == .mapped(["company"])) }) {
            companySizes = rule.sizes.compactMap(SizeClass.init(rawValue:))
        }

        // Money: "none" and 0 mean "not stated".
        func amount(_ field: GrantsGovField, allowNone: Bool) -> Double? {
            guard let text = fields.first(field) else { return nil }
            if allowNone && (text == "none" || text == "None" || text == "NONE") { return nil }
            guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text.utf8.count <= 15, let value = Double(text) else {
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
            instruments: instruments.targets.map(Instrument.init),
            topics: categories.targets.map(TopicCode.init),
            eligibility: Eligibility(
                applicantTypes: applicantTypes, companySizes: companySizes, regions: ["US"],
                conditions: fields.first(.additionalInformationOnEligibility).map { [$0] } ?? []),
            funding: funding,
            schedule: Schedule(status: status, opens: opens, deadlines: closes.map { [$0] } ?? []),
            lastUpdated: lastUpdated,
            sourceURL: "https://www.grants.gov/search-results-detail/\(opportunityID)",
            originalCodes: originalCodes)

        let fieldsByPath = Self.fieldsByPath
        var record = reader.validated(offer, at: recordLocation, context: context) { path in
            guard case .key(let first)? = path.components.first, let field = fieldsByPath[first] else { return recordLocation }
            return at(field)
        }
        record.diagnostics = diagnostics + record.diagnostics
        return record
    }

    /// The element a validation problem of an offer field is located at.
    static let fieldsByPath: [String: GrantsGovField] = [
        "title": .opportunityTitle, "provider": .agencyName, "instruments": .fundingInstrumentType,
        "topics": .categoryOfFundingActivity, "eligibility": .eligibleApplicants, "funding": .awardCeiling,
        "links": .additionalInformationURL, "schedule": .closeDate, "lastUpdated": .lastUpdatedDate,
    ]

    /// `MMDDYYYY` → day; `nil` for anything else, including impossible dates (02302026).
    static func parseMMDDYYYY(_ text: String) -> Day? {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        return Day(year: number(4..<8), month: number(0..<2), day: number(2..<4))
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
