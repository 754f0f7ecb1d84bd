import Foundation
import Testing

/// `supportmatch export` hands the stored catalogue on; re-importing each export into the same
/// store must find every offer unchanged, which proves that no mapped field is lost on the way.
@Suite("supportmatch export", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct ExportRoundTripTests {
    @Test("Each export format re-imports with every offer unchanged (by the names import uses, and the former commongrants)", arguments: [
        ("native-json", "json"), ("native-xml", "xml"), ("commongrants-json", "json"), ("commongrants", "json"),
    ])
    func roundTrip(format: String, fileExtension: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("store.sqlite")
        let file = scratch.path("export-\(format).\(fileExtension)")

        let export = try SupportMatchBinary.run(["export", "--format", format, "--output", file, "--database", database])
        #expect(export.status == 0, "\(export.stderr)")
        let offers = try SupportMatchBinary.run(["offers", "--json", "--database", database])
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(offers.stdout.utf8)) as? [[String: Any]])
        #expect(stored.count > 50)

        // The same name also tells import how to read the file.
        let reimport = try SupportMatchBinary.run(["import", file, "--format", format, "--json", "--database", database])
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(reimport.stdout.utf8)) as? [String: Any])
        let counts = try #require(report["counts"] as? [String: Any])
        #expect(counts["unchanged"] as? Int == stored.count)
        #expect(counts["changed"] as? Int == 0)
        #expect(counts["added"] as? Int == 0)
        #expect(counts["withdrawn"] as? Int == 0)
    }

    @Test("An unknown export format is a usage error")
    func unknownFormat() throws {
        let result = try SupportMatchBinary.run(["export", "--format", "pdf"])
        #expect(result.status == 2)
    }
}
