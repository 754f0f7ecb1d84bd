import Foundation
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
        // token repeated compared equal (the 304 and 560 bytes for a 48-byte token).
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

    @Test("answers become the profile's JSON form; unparsable numbers stay strings for the decoder")
    func profileJSON() throws {
        let form = AdvisorForm(parameters: [
            ("state", "DE-SN"), ("employees", "24"), ("annualTurnover", "3.200.000"), ("amountNeeded", "viel"),
            ("topics", "digitalisierung"), ("topics", "beratung"), ("projectStarted", "no"), ("unknown", "x"),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: form.profileJSON()) as? [String: Any])
        #expect((object["location"] as? [String: Any])?["state"] as? String == "DE-SN")
        #expect(object["employees"] as? Int == 24)
        #expect(object["annualTurnover"] as? Double == 3_200_000)
        #expect(object["amountNeeded"] as? String == "viel")
        #expect(object["topics"] as? [String] == ["digitalisierung", "beratung"])
        #expect(object["projectStarted"] as? Bool == false)
        #expect(object["unknown"] == nil)
        #expect(AdvisorForm.field(forPointer: "/location/district") == "district")
        #expect(AdvisorForm.field(forPointer: "/topics/1") == "topics")
    }

    @Test("amounts read in German and English notation")
    func amounts() {
        #expect(AdvisorForm.amount("50.000") == 50_000)
        #expect(AdvisorForm.amount("50,000") == 50_000)
        #expect(AdvisorForm.amount("1234,5") == 1234.5)
        #expect(AdvisorForm.amount("80000 €") == 80_000)
        #expect(AdvisorForm.amount("abc") == nil)
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
    }
}
