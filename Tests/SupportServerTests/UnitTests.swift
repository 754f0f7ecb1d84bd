import BundledCatalog
import Foundation
import SupportModel
import Testing

@testable import SupportServer

@Suite("admin token")
struct AdminTokenTests {
    @Test("matches only the exact token")
    func matching() throws {
        let token = try AdminToken("s3cret-token-0123456789-for-imports")
        #expect(token.matches(Array("s3cret-token-0123456789-for-imports".utf8)))
        #expect(!token.matches(Array("s3cret-token-0123456789-for-import".utf8)))
        #expect(!token.matches(Array("s3cret-token-0123456789-for-importsX".utf8)))
        #expect(!token.matches(Array("S3cret-token-0123456789-for-imports".utf8)))
        #expect(!token.matches([UInt8]()))
    }

    @Test("the token repeated to any longer length never matches (issue 13, item 8)")
    func repeatedToken() throws {
        let text = "s3cret-token-0123456789-for-imports"
        let token = try AdminToken(text)
        // The old comparison folded the length difference into 8 bits: 35 + 256·k bytes of the
        // token repeated compared equal (the issue's 304 and 560 bytes for a 48-byte token).
        for length in [text.utf8.count + 256, text.utf8.count + 512, 304, 560, 35 * 9] {
            let repeated = Array(repeating: Array(text.utf8), count: length / text.utf8.count + 1).flatMap { $0 }.prefix(length)
            #expect(!token.matches(Array(repeated)), "repeated to \(length) bytes")
        }
    }

    @Test("is never shown, refuses short tokens, reads env and files")
    func configuration() throws {
        let token = try AdminToken("s3cret-token-0123456789-for-imports")
        #expect(!"\(token)".contains("s3cret"))
        #expect(!String(reflecting: token).contains("s3cret"))
        #expect(throws: AdminTokenError.tooShort(minimum: 32)) { try AdminToken("short") }
        try #expect(AdminToken.fromEnvironment([:]) == nil)
        try #expect(AdminToken.fromEnvironment(["SUPPORTMATCH_ADMIN_TOKEN": "from-the-environment-0123456789-1"])?.matches(Array("from-the-environment-0123456789-1".utf8)) == true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try "from-a-file-0123456789-0123456789\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try #expect(AdminToken.fromEnvironment(["SUPPORTMATCH_ADMIN_TOKEN_FILE": file.path])?.matches(Array("from-a-file-0123456789-0123456789".utf8)) == true)
        #expect(throws: AdminTokenError.unreadableFile("/nonexistent/token")) { try AdminToken.fromEnvironment([:], tokenFile: "/nonexistent/token") }
    }
}

@Suite("questionnaire in the URL")
struct AdvisorFormTests {
    @Test("query strings decode as forms send them")
    func queryString() {
        let parameters = QueryString.parse("a=KI+in+der+Qualit%C3%A4t&b=1&b=2&empty=&=x")
        #expect(parameters.map(\.name) == ["a", "b", "b", "empty"])
        #expect(parameters[0].value == "KI in der Qualität")
        let encoded = QueryString.encode([("text", "Grüße & mehr")])
        #expect(encoded == "text=Gr%C3%BC%C3%9Fe%20%26%20mehr")
        #expect(QueryString.parse(encoded)[0].value == "Grüße & mehr")
    }

    @Test("answers go to the decoder as typed and are read in the page's language")
    func profileFromForm() throws {
        let today = Day(year: 2026, month: 11, day: 28)!
        let form = AdvisorForm(parameters: [
            ("state", "DE-SN"), ("employees", "24"), ("annualTurnover", "3.200.000"), ("amountNeeded", "1,5 Mio"),
            ("topics", "digitalisierung"), ("topics", "beratung"), ("projectStarted", "true"), ("unknown", "x"),
        ])
        let object = form.profileObject()
        #expect((object["location"] as? [String: Any])?["state"] as? String == "DE-SN")
        #expect(object["unknown"] == nil)
        let profile = try form.profile(taxonomies: BundledCatalog.taxonomies, today: today)
        #expect(profile.employees == 24)
        #expect(profile.annualTurnover == 3_200_000)
        #expect(profile.amountNeeded == 1_500_000)
        #expect(profile.topics == ["digitalisierung", "beratung"])
        #expect(profile.projectStarted == true)
        #expect(AdvisorForm.field(forPointer: "/location/district") == "district")
        #expect(AdvisorForm.field(forPointer: "/topics/1") == "topics")
    }

    @Test("a turnover of 1,5 on the German page is refused in German, never read as 2 €")
    func germanFraction() throws {
        let today = Day(year: 2026, month: 11, day: 28)!
        let form = AdvisorForm(parameters: [("lang", "de"), ("annualTurnover", "1,5")])
        let error = try #require(throws: ProfileError.self) { try form.profile(taxonomies: BundledCatalog.taxonomies, today: today) }
        #expect(error.issues.map(\.pointer) == ["/annualTurnover"])
        #expect(error.issues[0].message.hasPrefix("erwartet: einen Betrag in EUR"), "\(error.issues)")
        let english = AdvisorForm(parameters: [("lang", "en"), ("annualTurnover", "1.5")])
        let refused = try #require(throws: ProfileError.self) { try english.profile(taxonomies: BundledCatalog.taxonomies, today: today) }
        #expect(refused.issues[0].message.hasPrefix("expected an amount in EUR"), "\(refused.issues)")
    }

    @Test("every form question round-trips: form → URL → profile → form")
    func roundTrip() throws {
        let today = Day(year: 2026, month: 11, day: 28)!
        let profile = Profile(
            applicantType: .company, location: Profile.Location(state: "DE-SN", district: "DED21"), employees: 24,
            annualTurnover: 3_200_000, balanceSheetTotal: 1_500_000, sizeClass: .small, yearFounded: 2019, sector: "62.01",
            topics: ["digitalisierung", "beratung"], projectDescription: "KI in der Qualitätssicherung", amountNeeded: 80_000,
            preferredInstruments: [.grant], plannedStart: Day(year: 2027, month: 3, day: 1), projectStarted: false,
            deMinimisReceived: 45_000)
        for question in Questionnaire.formQuestions {
            #expect(question.answer(in: profile) != nil, "the round trip does not cover \(question.pointer)")
        }
        for language in [PageLanguage.de, .en] {
            let form = AdvisorForm(profile: profile, language: language)
            let url = QueryString.encode(form.queryParameters())
            let reopened = AdvisorForm(parameters: QueryString.parse(url))
            #expect(try reopened.profile(taxonomies: BundledCatalog.taxonomies, today: today) == profile)
            #expect(reopened.values == form.values && reopened.lists == form.lists)
        }
    }

    @Test("amounts shown in German and English notation")
    func amounts() {
        #expect(Formatting.euros(1_250_000, language: .de) == "1.250.000 €")
        #expect(Formatting.euros(1_250_000, language: .en) == "€1,250,000")
    }

    @Test("CSV cells are quoted and spreadsheet formulas defused")
    func csv() {
        #expect(ResultsCSV.field("plain") == "plain")
        #expect(ResultsCSV.field("a, b") == "\"a, b\"")
        #expect(ResultsCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ResultsCSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ResultsCSV.field("-5") == "-5")
        #expect(ResultsCSV.field("-5,5", separator: ";") == "-5,5", "a German negative number stays a number")
        #expect(ResultsCSV.field("a; b", separator: ";") == "\"a; b\"")
        #expect(ResultsCSV.field("a, b", separator: ";") == "a, b")
    }

    @Test("one date format per language, numbers with the language's decimal mark")
    func dates() throws {
        let day = try #require(Day(year: 2026, month: 12, day: 3))
        #expect(Formatting.day(day, language: .de) == "3. Dezember 2026")
        #expect(Formatting.day(day, language: .en) == "3 December 2026")
        #expect(ResultsCSV.day(day, language: .de) == "03.12.2026")
        #expect(ResultsCSV.day(day, language: .en) == "2026-12-03")
        #expect(Formatting.decimal(0.12345, language: .de, fractionDigits: 4) == "0,1235")
        #expect(Formatting.decimal(1_500_000, language: .de) == "1500000")
        #expect(Formatting.decimal(42.5, language: .en) == "42.5")
        #expect(Formatting.days(in: "Antrag bis 2027-03-31", language: .de) == "Antrag bis 31. März 2027")
        #expect(Formatting.days(in: "apply by 2027-03-31; opens 2027-02-30", language: .en) == "apply by 31 March 2027; opens 2027-02-30")
    }
}
