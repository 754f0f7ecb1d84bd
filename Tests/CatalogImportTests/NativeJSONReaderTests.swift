import CatalogImport
import Foundation
import SupportModel
import Testing

@Suite("Native JSON reader")
struct NativeJSONReaderTests {
    let reader = NativeJSONReader()

    @Test("a valid catalogue reads every offer with its document source")
    func readsValidCatalogue() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(id: "first"), NativeSamples.offerJSON(id: "second"),
        ]), to: "valid.json")

        let records = try Reading.records(reader, file)

        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.isValid }, "\(records.flatMap(\.diagnostics))")
        let offer = try #require(records.first?.offer)
        #expect(offer.id == OfferID(source: "test", localID: "first"))
        #expect(offer.description == "Gefördert werden Entwicklungsvorhaben.\n\nAnträge vor Beginn stellen.")
        #expect(offer.funding?.amountMax == 200_000)
        #expect(offer.schedule.deadlines == [Day(year: 2026, month: 12, day: 31)!])
        #expect(offer.eligibility.companySizes == [.micro, .small])
        #expect(records[1].location.jsonPointer == "/offers/1")
    }

    @Test("one invalid offer among valid ones is located by file, pointer, line and field; the others still read")
    func invalidRecordIsLocated() throws {
        let folder = try TemporaryFolder()
        let bad = NativeSamples.offerJSON(id: "bad", replacing: [("\"deadlines\": [\"2026-12-31\"]", "\"deadlines\": [\"2026-02-31\"]")])
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(id: "a"), bad, NativeSamples.offerJSON(id: "c"),
        ]), to: "mixed.json")

        let records = try Reading.records(reader, file)

        #expect(records.map { $0.isValid } == [true, false, true])
        let diagnostic = try #require(records[1].diagnostics.first)
        #expect(diagnostic.location.file == "mixed.json")
        #expect(diagnostic.location.jsonPointer == "/offers/1/schedule/deadlines/0")
        #expect(diagnostic.field == "schedule.deadlines[0]")
        #expect(diagnostic.message.contains("expected a calendar date YYYY-MM-DD"))
        #expect(diagnostic.message.contains("2026-02-31"))
        // The line is that of the bad date in the file.
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let line = try #require(diagnostic.location.line)
        #expect(lines[line - 1].contains("2026-02-31"))
        #expect(diagnostic.recordID == "test:bad")
    }

    @Test("every problem of an offer is reported, not only the first")
    func collectsAllProblems() throws {
        let folder = try TemporaryFolder()
        let bad = NativeSamples.offerJSON(replacing: [
            ("\"title\": \"Innovationsprämie Test\",", ""),
            ("\"instruments\": [\"grant\"]", "\"instruments\": [\"gift\"]"),
            ("\"amountMin\": 5000", "\"amountMin\": -5"),
            ("\"status\": \"open\"", "\"status\": \"opened\""),
            ("\"asOf\"", "\"asof\""),
        ])
        let file = try folder.write(NativeSamples.catalogueJSON([bad]), to: "bad.json")

        let record = try #require(try Reading.records(reader, file).first)
        let byPointer = Dictionary(grouping: record.diagnostics, by: { $0.location.jsonPointer ?? "" })

        #expect(!record.isValid)
        #expect(byPointer["/offers/0/title"]?.first?.message.contains("missing required field") == true)
        #expect(byPointer["/offers/0/funding/amountMin"]?.first?.message.contains("expected an amount between 0") == true)
        #expect(byPointer["/offers/0/schedule/status"]?.first?.message.contains("did you mean \"open\"") == true)
        #expect(byPointer["/offers/0/asof"]?.first?.message.contains("unknown field \"asof\" (did you mean \"asOf\"?)") == true)
        // A missing asOf is a warning since issue 14 (imported offers have none).
        #expect(byPointer["/offers/0/asOf"]?.first?.severity == .warning)
        #expect(byPointer["/offers/0/asOf"]?.first?.message.contains("no asOf") == true)
    }

    @Test("codes unknown to the taxonomies are reported by the validator with a pointer")
    func unknownInstrument() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(replacing: [("\"instruments\": [\"grant\"]", "\"instruments\": [\"grant\", \"gift\"]")]),
        ]), to: "codes.json")

        let record = try #require(try Reading.records(reader, file).first)

        #expect(!record.isValid)
        let diagnostic = try #require(record.diagnostics.first { $0.severity == .error })
        #expect(diagnostic.location.jsonPointer == "/offers/0/instruments/1")
        #expect(diagnostic.message.contains("gift"))
    }

    @Test("a truncated file is a file-level error with file, line and column")
    func truncatedJSON() throws {
        let folder = try TemporaryFolder()
        let text = NativeSamples.catalogueJSON([NativeSamples.offerJSON(id: "a"), NativeSamples.offerJSON(id: "b")])
        let cut = String(text.prefix(text.count * 2 / 3))
        let file = try folder.write(cut, to: "truncated.json")

        let error = try #require(Reading.failure(reader, file))

        #expect(error.location.file == "truncated.json")
        let lastLine = cut.components(separatedBy: "\n").count
        #expect(error.location.line == lastLine)
        #expect(error.location.column != nil)
        #expect(error.message.contains("truncated"))
    }

    @Test("a syntax error names line and column")
    func syntaxErrorPosition() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("{\n  \"format\": \"supportmatch-catalogue\",\n  \"version\": 1,,\n}", to: "syntax.json")

        let error = try #require(Reading.failure(reader, file))

        #expect(error.location.line == 3)
        #expect(error.location.column == 16)
        #expect(error.message.contains("expected a member name"))
    }

    @Test("the same id twice is an error at the second occurrence")
    func duplicateIDs() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(id: "same"), NativeSamples.offerJSON(id: "other"), NativeSamples.offerJSON(id: "same"),
        ]), to: "dupes.json")

        let records = try Reading.records(reader, file)

        #expect(records.map { $0.isValid } == [true, true, false])
        let diagnostic = try #require(records[2].diagnostics.first)
        #expect(diagnostic.location.jsonPointer == "/offers/2/id")
        #expect(diagnostic.message.contains("duplicate id \"test:same\""))
        #expect(diagnostic.message.contains("/offers/0"))
    }

    @Test("a duplicate field inside an offer is an error, never last-one-wins")
    func duplicateField() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(replacing: [("\"language\": \"de\",", "\"language\": \"de\", \"language\": \"en\",")]),
        ]), to: "dupfield.json")

        let record = try #require(try Reading.records(reader, file).first)

        #expect(!record.isValid)
        #expect(record.diagnostics.contains { $0.location.jsonPointer == "/offers/0/language" && $0.message.contains("duplicate field") })
    }

    @Test("a UTF-8 byte-order mark is accepted and columns stay right")
    func byteOrderMark() throws {
        let folder = try TemporaryFolder()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(NativeSamples.catalogueJSON([NativeSamples.offerJSON()]).utf8))
        let file = try folder.write(data, to: "bom.json")

        #expect(reader.recognizes(head: data, url: file))
        let records = try Reading.records(reader, file)
        #expect(records.count == 1 && records[0].isValid)
        #expect(records[0].location.line == 6)

        let broken = try folder.write(Data([0xEF, 0xBB, 0xBF]) + Data("{ x".utf8), to: "bom-broken.json")
        let error = try #require(Reading.failure(reader, broken))
        #expect(error.location.line == 1 && error.location.column == 3)
    }

    @Test("envelope problems are file-level: wrong format name, version, missing offers")
    func envelopeProblems() throws {
        let folder = try TemporaryFolder()
        let version2 = try folder.write(#"{"format": "supportmatch-catalogue", "version": 2, "source": "x", "offers": []}"#, to: "v2.json")
        let noOffers = try folder.write(#"{"format": "supportmatch-catalogue", "version": 1, "source": "x"}"#, to: "none.json")
        let bareList = try folder.write("[\(NativeSamples.offerJSON())]", to: "list.json")

        #expect(Reading.failure(reader, version2)?.message.contains("unsupported catalogue version") == true)
        #expect(Reading.failure(reader, version2)?.location.jsonPointer == "/version")
        #expect(Reading.failure(reader, noOffers)?.message.contains("missing required member \"offers\"") == true)
        #expect(Reading.failure(reader, bareList)?.message.contains("expected a catalogue document") == true)
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() throws {
        let folder = try TemporaryFolder()
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let file = try folder.write(#"{"format": "supportmatch-catalogue", "version": 1, "source": "x", "offers": "# + deep + "}", to: "deep.json")

        let error = try #require(Reading.failure(reader, file))

        #expect(error.message.contains("nesting deeper than"))
    }

    @Test("invalid UTF-8 is an error, never replaced")
    func invalidUTF8() throws {
        let folder = try TemporaryFolder()
        var data = Data(NativeSamples.catalogueJSON([NativeSamples.offerJSON()]).utf8)
        let range = try #require(data.range(of: Data("Testbank".utf8)))
        data[range.lowerBound + 4] = 0xFF
        let file = try folder.write(data, to: "latin.json")

        let error = try #require(Reading.failure(reader, file))

        #expect(error.message.contains("UTF-8"))
        #expect(error.location.line == 12)
    }

    @Test("per-offer source overrides the document source; the context override wins over both")
    func sources() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueJSON([
            NativeSamples.offerJSON(id: "a"),
            NativeSamples.offerJSON(id: "a", replacing: [("\"id\": \"a\"", "\"source\": \"fdb\", \"id\": \"a\"")]),
        ]), to: "sources.json")

        let records = try Reading.records(reader, file)
        #expect(records.map { $0.offer?.id.description } == ["test:a", "fdb:a"])
        #expect(records.allSatisfy { $0.isValid })

        var context = Reading.context
        context.sourceOverride = "copy"
        let overridden = try Reading.records(reader, file, context: context)
        #expect(overridden.map { $0.offer?.id.description } == ["copy:a", "copy:a"])
        #expect(overridden.map { $0.isValid } == [true, false])
    }
}
