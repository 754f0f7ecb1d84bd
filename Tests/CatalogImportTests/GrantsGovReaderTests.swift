import BundledCatalog
import CatalogImport
import Foundation
import SupportModel
import Testing

private enum GrantsGovTestData {
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/catalogues/grants-gov")
    static let sampleRecord = shared.appendingPathComponent("sample-record-131073.xml")
    static let extract = shared.appendingPathComponent("GrantsDBExtract-fpi.xml")
    static var available: Bool { FileManager.default.fileExists(atPath: extract.path) }

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/grantsgov/\(name)")
    }

    /// Status depends on the day: the tests judge on a fixed one.
    static let today = Day(year: 2026, month: 6, day: 1)!

    static func readAll(_ url: URL) throws -> [ReadRecord] {
        var records: [ReadRecord] = []
        let context = ReadContext(taxonomies: BundledCatalog.taxonomies)
        try GrantsGovReader(today: today).read(CatalogInput(url: url, displayName: url.lastPathComponent), context: context) { records.append($0) }
        return records
    }
}

@Suite("Grants.gov extract reader")
struct GrantsGovReaderTests {
    @Test("a synopsis maps codes, money, dates, status, provider and contact")
    func synopsis() throws {
        let records = try GrantsGovTestData.readAll(GrantsGovTestData.fixture("extract-small.xml"))
        #expect(records.count == 5)
        let record = records[0]
        let offer = try #require(record.offer)
        #expect(record.isValid, "\(record.diagnostics)")
        #expect(offer.id == OfferID(source: "grants.gov", localID: "400001"))
        #expect(offer.title == "Rural Broadband Pilot Grants")
        #expect(offer.summary == "The program funds broadband pilots in rural communities.")
        #expect(offer.language == .english)
        #expect(offer.instruments == [.grant], "G and CA (cooperative agreement) are both grants")
        #expect(offer.topics == ["staedtebau_stadterneuerung", "regionalfoerderung", "forschung_innovation_themenspezifisch"])
        #expect(offer.eligibility.applicantTypes == ["tribal-government", .company])
        #expect(offer.eligibility.companySizes == [.micro, .small], "23 alone means small businesses")
        #expect(offer.eligibility.regions == ["US"])
        #expect(offer.eligibility.conditions == ["Applicants must serve rural areas."])
        #expect(offer.funding == Funding(currency: "USD", amountMin: 100_000, amountMax: 2_500_000, totalBudget: 40_000_000))
        #expect(offer.schedule == Schedule(status: .open, opens: Day(year: 2026, month: 1, day: 15), deadlines: [Day(year: 2026, month: 9, day: 30)!]))
        #expect(offer.lastUpdated == Day(year: 2026, month: 2, day: 1))
        #expect(offer.provider == Provider(name: "Rural Utilities Service", level: .federal, contact: Contact(
            name: "Jane Doe, 202-555-0100; broadband@usda.gov", email: "broadband@usda.gov")))
        #expect(offer.links == [Link(kind: .information, url: "https://www.rd.usda.gov/programs-services/telecommunications-programs", title: "Program page")])
        #expect(offer.sourceURL == "https://www.grants.gov/search-results-detail/400001")
        #expect(offer.originalCodes["FundingInstrumentType"] == ["G", "CA"])
        #expect(offer.originalCodes["EligibleApplicants"] == ["07", "23"])
        #expect(offer.originalCodes["CFDANumbers"] == ["10.886"])
    }

    @Test("closed, forecast and unrestricted records; none and 0 amounts are absent")
    func statuses() throws {
        let records = try GrantsGovTestData.readAll(GrantsGovTestData.fixture("extract-small.xml"))
        let closed = try #require(records[1].offer)
        #expect(closed.schedule.status == .closed)
        #expect(closed.eligibility.applicantTypes == nil, "99 Unrestricted lifts the restriction")
        #expect(closed.funding == nil, "AwardCeiling none and AwardFloor 0 state no amount")
        #expect(closed.instruments == [.other])
        #expect(closed.topics == ["kultur_medien_sport"])

        let forecast = try #require(records[2].offer)
        #expect(records[2].isValid, "\(records[2].diagnostics)")
        #expect(forecast.schedule.status == .forthcoming)
        #expect(forecast.schedule.opens == Day(year: 2026, month: 11, day: 1))
        #expect(forecast.schedule.deadlines == [Day(year: 2027, month: 1, day: 31)!])
        #expect(forecast.eligibility.applicantTypes == [.university])
        #expect(forecast.provider.contact == Contact(name: "John Roe", phone: "202-555-0199"))
        #expect(forecast.lastUpdated == nil, "LastUpdatedDate is optional in forecasts")
    }

    @Test("invalid dates are located errors; unknown codes are located warnings; an empty title is an error")
    func problems() throws {
        let records = try GrantsGovTestData.readAll(GrantsGovTestData.fixture("extract-small.xml"))
        let bad = records[3]
        #expect(!bad.isValid)
        let postDate = try #require(bad.diagnostics.first { $0.field == "schedule.opens" })
        #expect(postDate.severity == .error)
        #expect(postDate.location.line == 72)
        #expect(postDate.message.contains("MMDDYYYY") && postDate.message.contains("02302026"))
        let updated = try #require(bad.diagnostics.first { $0.field == "lastUpdated" })
        #expect(updated.location.line == 73)
        let unknown = try #require(bad.diagnostics.first { $0.message.contains("\"ZZ\"") })
        #expect(unknown.severity == .warning)
        #expect(unknown.location.line == 68)
        #expect(unknown.recordID == "grants.gov:400004")
        #expect(bad.offer?.instruments == [.grant])

        let untitled = records[4]
        #expect(!untitled.isValid)
        #expect(untitled.diagnostics.contains { $0.severity == .error && $0.field == "title" })
    }

    /// libxml2 keeps a node's line in 16 bits; real extracts have millions of lines. Small
    /// records fill the file past line 65,535, then come records with problems at known lines.
    @Test("lines past 65,535 are exact: a field's text, an empty field, a record start")
    func linesPastSixteenBits() throws {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<Grants xmlns="http://apply.grants.gov/system/OpportunityDetail-V1.0">"#,
        ]
        var recordStarts: [Int] = []
        /// Appends a record and returns the line of each of its fields (1-based).
        @discardableResult
        func record(_ fields: [String]) -> [Int] {
            recordStarts.append(lines.count + 1)
            lines.append("<OpportunitySynopsisDetail_1_0>")
            var fieldLines: [Int] = []
            for field in fields {
                fieldLines.append(lines.count + 1)
                lines += field.split(separator: "\n").map { "    " + $0 }
            }
            lines.append("</OpportunitySynopsisDetail_1_0>")
            return fieldLines
        }
        func fields(_ id: Int, postDate: String = "01152026", title: String? = nil) -> [String] {
            ["<OpportunityID>\(id)</OpportunityID>", title ?? "<OpportunityTitle>Filler record \(id)</OpportunityTitle>",
             "<FundingInstrumentType>G</FundingInstrumentType>", "<AgencyName>Department of Examples</AgencyName>",
             "<PostDate>\(postDate)</PostDate>", "<Description>Filler record \(id).\nIts description\nruns over\nsix lines,\nas real ones\ndo.</Description>"]
        }
        var id = 600_000
        while lines.count < 66_000 {
            record(fields(id))
            id += 1
        }
        let badDateLine = record(fields(id, postDate: "13452026"))[4]
        let emptyTitleLine = record(fields(id + 1, title: "<OpportunityTitle/>"))[1]
        record(["<OpportunityTitle>No id</OpportunityTitle>", "<AgencyName>Department of Examples</AgencyName>"])
        let noIDStart = recordStarts[recordStarts.count - 1]
        id += 2
        while lines.count < 70_500 {
            record(fields(id))
            id += 1
        }
        lines.append("</Grants>")
        #expect(badDateLine > 65_535 && lines.count > 70_000)

        let folder = try TemporaryFolder()
        let url = try folder.write(lines.joined(separator: "\n") + "\n", to: "big-extract.xml")
        let records = try GrantsGovTestData.readAll(url)

        #expect(records.count == recordStarts.count)
        let misplaced = zip(records.map(\.location.line), recordStarts).filter { $0.0 != $0.1 }
        let misplacedCount = misplaced.count
        #expect(misplacedCount == 0, "records not at the line of their start tag, first (found, expected): \(misplaced.prefix(3))")
        let badDate = try #require(records.first { $0.diagnostics.contains { $0.field == "schedule.opens" } })
        let dateProblem = try #require(badDate.diagnostics.first { $0.field == "schedule.opens" })
        #expect(dateProblem.message.contains("13452026"))
        #expect(dateProblem.location.line == badDateLine)
        let emptyTitle = try #require(records.first { $0.diagnostics.contains { $0.field == "title" } })
        #expect(emptyTitle.diagnostics.first { $0.field == "title" }?.location.line == emptyTitleLine)
        let noID = try #require(records.first { $0.diagnostics.contains { $0.field == "id" } })
        #expect(noID.diagnostics.first { $0.field == "id" }?.location.line == noIDStart)
        #expect(records.filter { !$0.isValid }.count == 3, "\(records.filter { !$0.isValid }.prefix(5).map(\.diagnostics))")
    }

    @Test("ill-formed XML stops the file with a located error")
    func illFormed() throws {
        var handed = 0
        let url = GrantsGovTestData.fixture("truncated.xml")
        let error = try #require(throws: CatalogReadError.self) {
            try GrantsGovReader(today: GrantsGovTestData.today).read(
                CatalogInput(url: url, displayName: "truncated.xml"),
                context: ReadContext(taxonomies: BundledCatalog.taxonomies)) { _ in handed += 1 }
        }
        #expect(handed == 1, "the record before the break was handed out")
        #expect(error.location.file == "truncated.xml")
        #expect(error.location.line == 12)
        #expect(error.message.contains("OpportunityTitl"))
    }

    @Test("detection: the extract is recognised, other XML is not")
    func detection() throws {
        let head = try Data(contentsOf: GrantsGovTestData.fixture("extract-small.xml"))
        #expect(GrantsGovReader().recognizes(head: head, url: GrantsGovTestData.fixture("extract-small.xml")))
        #expect(!GrantsGovReader().recognizes(head: Data("<catalogue source=\"x\"><offer/></catalogue>".utf8), url: URL(fileURLWithPath: "/tmp/x.xml")))
    }

    @Test("the real 2011 sample record",
          .enabled(if: FileManager.default.fileExists(atPath: GrantsGovTestData.sampleRecord.path), "needs ../shared/catalogues/grants-gov"))
    func realSample() throws {
        let records = try GrantsGovTestData.readAll(GrantsGovTestData.sampleRecord)
        let offer = try #require(records.first?.offer)
        #expect(records.count == 1)
        #expect(records[0].isValid, "\(records[0].diagnostics)")
        #expect(offer.title == "Cooperative Ecosystem Studies Unit, Piedmont South Atlantic Coast CESU")
        #expect(offer.provider.name == "Geological Survey")
        #expect(offer.provider.contact?.email == "fgraves@usgs.gov")
        #expect(offer.provider.contact?.name == "Faith Graves, 703-648-7356; fgraves@usgs.gov")
        #expect(offer.schedule.status == .closed)
        #expect(offer.funding == Funding(currency: "USD", totalBudget: 31900))
        #expect(offer.eligibility.applicantTypes == nil, "25 Others names no type; the text is a condition")
        #expect(offer.eligibility.conditions.first?.hasPrefix("This financial assistance opportunity") == true)
        #expect(offer.instruments == [.grant])
        #expect(offer.topics == ["forschung_innovation_themenspezifisch"])
    }

    @Test("the generated FPI extract (2,473 records) reads completely",
          .enabled(if: GrantsGovTestData.available, "needs ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
    func fullExtract() throws {
        let records = try GrantsGovTestData.readAll(GrantsGovTestData.extract)
        #expect(records.count == 2473)
        let invalid = records.filter { !$0.isValid }
        #expect(invalid.isEmpty, "\(invalid.prefix(3).map(\.diagnostics))")
        let offers = records.compactMap(\.offer)
        #expect(offers.filter { $0.schedule.deadlines.isEmpty }.count == 355, "355 records have no CloseDate")
        #expect(offers.filter { $0.eligibility.applicantTypes == nil }.count > 0)
        #expect(Set(offers.map(\.id)).count == 2473)
    }
}
