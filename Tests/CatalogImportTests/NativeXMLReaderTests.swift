import CatalogImport
import CoreFoundation
import Foundation
import SupportModel
import Testing

@Suite("Native XML reader")
struct NativeXMLReaderTests {
    let reader = NativeXMLReader(schema: try? SchemaFiles.xsd())
    let schemaless = NativeXMLReader()

    @Test("a valid catalogue reads every offer, with and without the XSD")
    func readsValidCatalogue() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueXML([
            NativeSamples.offerXML(id: "first"), NativeSamples.offerXML(id: "second"),
        ]), to: "valid.xml")

        for reader in [reader, schemaless] {
            let records = try Reading.records(reader, file)
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0.isValid }, "\(records.flatMap(\.diagnostics))")
            let offer = try #require(records.first?.offer)
            #expect(offer.id == OfferID(source: "test", localID: "first"))
            #expect(offer.title == "Innovationsprämie <Test> & mehr")
            #expect(offer.description == "Gefördert werden Entwicklungsvorhaben.\n\nAnträge vor Beginn stellen.")
            #expect(offer.funding?.amountMax == 200_000)
            #expect(offer.funding?.rateMax == 50.5)
            #expect(offer.schedule.deadlines == [Day(year: 2026, month: 12, day: 31)!])
            #expect(offer.eligibility.companyAge == AgeBounds(minYears: 0, maxYears: 5))
            #expect(offer.eligibility.sectors == SectorRule(include: ["C", "62"], exclude: ["A"]))
            #expect(offer.links.count == 2)
            #expect(records[1].location.line == 34)
        }
    }

    @Test("one invalid offer among valid ones is located by file, line and field; the others still read")
    func invalidRecordIsLocated() throws {
        let folder = try TemporaryFolder()
        let bad = NativeSamples.offerXML(id: "bad", replacing: [("<deadline>2026-12-31</deadline>", "<deadline>2026-02-31</deadline>")])
        let text = NativeSamples.catalogueXML([NativeSamples.offerXML(id: "a"), bad, NativeSamples.offerXML(id: "c")])
        let file = try folder.write(text, to: "mixed.xml")
        let badLine = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("2026-02-31") }) + 1

        for reader in [reader, schemaless] {
            let records = try Reading.records(reader, file)
            #expect(records.map { $0.isValid } == [true, false, true])
            let diagnostics = records[1].diagnostics
            #expect(diagnostics.allSatisfy { $0.location.file == "mixed.xml" && $0.location.line == badLine }, "\(diagnostics)")
            let decoded = try #require(diagnostics.first { $0.field != nil })
            #expect(decoded.field == "schedule.deadlines[0]")
            #expect(decoded.message.contains("expected a calendar date YYYY-MM-DD, found \"2026-02-31\""))
            #expect(decoded.recordID == "test:bad")
        }
    }

    @Test("schema problems in several offers are each reported on their own offer")
    func schemaProblemsPerOffer() throws {
        let folder = try TemporaryFolder()
        let noTitle = NativeSamples.offerXML(id: "no-title", replacing: [("<title>Innovationsprämie &lt;Test&gt; &amp; mehr</title>", "")])
        let badStatus = NativeSamples.offerXML(id: "bad-status", replacing: [("<status>open</status>", "<status>opened</status>")])
        let file = try folder.write(NativeSamples.catalogueXML([noTitle, NativeSamples.offerXML(id: "fine"), badStatus]), to: "schema.xml")

        let records = try Reading.records(reader, file)

        #expect(records.map { $0.isValid } == [false, true, false])
        #expect(records[0].diagnostics.contains { $0.field == "title" && $0.message.contains("missing required field") })
        #expect(records[2].diagnostics.contains { $0.field == "schedule.status" && $0.message.contains("did you mean \"open\"") })
    }

    @Test("a truncated file is a file-level error with file, line and column")
    func truncatedXML() throws {
        let folder = try TemporaryFolder()
        let text = NativeSamples.catalogueXML([NativeSamples.offerXML(id: "a"), NativeSamples.offerXML(id: "b")])
        let cut = String(text.prefix(text.count * 2 / 3))
        let file = try folder.write(cut, to: "truncated.xml")

        for reader in [reader, schemaless] {
            let error = try #require(Reading.failure(reader, file))
            #expect(error.location.file == "truncated.xml")
            let line = try #require(error.location.line)
            #expect(line >= cut.components(separatedBy: "\n").count - 1)
            #expect(error.location.column != nil)
            #expect(error.message.contains("not well-formed"))
        }
    }

    @Test("an external entity naming a local file is never read or substituted")
    func externalEntityIsNeverRead() throws {
        let folder = try TemporaryFolder()
        let marker = "SECRET-MARKER-\(UUID().uuidString)"
        let secret = try folder.write(marker, to: "secret.txt")
        // Make a read visible: with relatime, reading a file whose access time is older than its
        // modification time updates the access time.
        let old = Date(timeIntervalSince1970: 978_307_200)
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: secret.path)
        try setAccessTime(old, of: secret)

        let offer = NativeSamples.offerXML(id: "xxe", replacing: [("<title>Innovationsprämie &lt;Test&gt; &amp; mehr</title>", "<title>&xxe;</title>")])
        let text = NativeSamples.catalogueXML([offer]).replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE catalogue [ <!ENTITY xxe SYSTEM \"\(secret.absoluteString)\"> ]>\n")
        let file = try folder.write(text, to: "xxe.xml")

        for reader in [reader, schemaless] {
            var records: [ReadRecord] = []
            var failure: (any Error)?
            do {
                try reader.read(CatalogInput(url: file, displayName: "xxe.xml"), context: Reading.context) { records.append($0) }
            } catch {
                failure = error
            }
            let error = try #require(failure as? CatalogReadError, "the import must fail")
            #expect(error.message.contains("document type declarations"))
            #expect(error.location.line == 2)
            #expect(records.isEmpty)
            #expect(!String(describing: error).contains(marker))
            #expect(!records.contains { String(describing: $0).contains(marker) })
        }
        #expect(try accessTime(of: secret) == old, "the entity's file was opened")
        // Control: reading the file ourselves does move the access time, so the check above can fail.
        _ = try Data(contentsOf: secret)
        let after = try accessTime(of: secret)
        if after == old { Issue.record("this file system does not record access times; the never-read check above proved nothing") }
    }

    @Test("an entity expansion bomb (billion laughs) is rejected at once")
    func billionLaughs() throws {
        let folder = try TemporaryFolder()
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...12 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        let offer = NativeSamples.offerXML(id: "bomb", replacing: [("<title>Innovationsprämie &lt;Test&gt; &amp; mehr</title>", "<title>&lol12;</title>")])
        let text = NativeSamples.catalogueXML([offer]).replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE catalogue [\n\(entities)]>\n")
        let file = try folder.write(text, to: "bomb.xml")

        let clock = ContinuousClock()
        for reader in [reader, schemaless] {
            var error: CatalogReadError?
            let elapsed = clock.measure { error = Reading.failure(reader, file) }
            let failure = try #require(error)
            #expect(failure.message.contains("document type declarations") || failure.message.contains("entity"))
            // Not a timing assertion on speed, a guard against expansion: 10^12 "lol"s would take hours.
            #expect(elapsed < .seconds(30))
        }
    }

    /// libxml2 keeps a node's line in 16 bits. XSD problems carry the parser's own line and
    /// are handed to offers by the offers' start lines: an offer placed one line late would
    /// pass a problem on its start tag to the offer before it.
    @Test("past line 65,535 offers and fields are at their exact lines and keep their own schema problems")
    func linesPastSixteenBits() throws {
        let padding = "<!-- 70,000 lines of padding: -->\n<!--" + String(repeating: "\n", count: 70_000) + "-->"
        let extra = NativeSamples.offerXML(id: "extra", replacing: [(#"<offer id="extra">"#, #"<offer id="extra" colour="red">"#)])
        let bad = NativeSamples.offerXML(id: "bad", replacing: [("<deadline>2026-12-31</deadline>", "<deadline>2026-02-31</deadline>")])
        let text = NativeSamples.catalogueXML([
            NativeSamples.offerXML(id: "first"), padding, NativeSamples.offerXML(id: "before"), extra, bad, NativeSamples.offerXML(id: "last"),
        ])
        let lines = text.components(separatedBy: "\n")
        func line(of needle: String) throws -> Int { try #require(lines.firstIndex { $0.contains(needle) }) + 1 }
        let starts = try [#"id="first""#, #"id="before""#, #"id="extra""#, #"id="bad""#, #"id="last""#].map { try line(of: $0) }
        let badLine = try line(of: "2026-02-31")
        #expect(starts[1] > 65_535 && lines.count > 70_000)
        let folder = try TemporaryFolder()
        let file = try folder.write(text, to: "long.xml")

        for reader in [reader, schemaless] {
            let records = try Reading.records(reader, file)
            #expect(records.map(\.location.line) == starts.map { Optional($0) })
            #expect(records.map(\.isValid) == [true, true, false, false, true], "\(records.flatMap(\.diagnostics))")
            #expect(!records[2].diagnostics.isEmpty && records[2].diagnostics.allSatisfy { $0.location.line == starts[2] },
                    "\(records[2].diagnostics)")
            #expect(!records[3].diagnostics.isEmpty && records[3].diagnostics.allSatisfy { $0.location.line == badLine },
                    "\(records[3].diagnostics)")
        }
        let schemaProblem = try Reading.records(reader, file)[2].diagnostics.first { $0.message.contains("does not match the schema") }
        #expect(schemaProblem?.message.contains("colour") == true)
    }

    @Test("the same id twice is an error at the second occurrence")
    func duplicateIDs() throws {
        let folder = try TemporaryFolder()
        let text = NativeSamples.catalogueXML([NativeSamples.offerXML(id: "same"), NativeSamples.offerXML(id: "same")])
        let file = try folder.write(text, to: "dupes.xml")

        let records = try Reading.records(reader, file)

        #expect(records.map { $0.isValid } == [true, false])
        let diagnostic = try #require(records[1].diagnostics.first)
        #expect(diagnostic.message.contains("duplicate id \"test:same\""))
        #expect(diagnostic.message.contains("dupes.xml:3"))
        #expect(diagnostic.location.line == 34)
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func byteOrderMark() throws {
        let folder = try TemporaryFolder()
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(NativeSamples.catalogueXML([NativeSamples.offerXML()]).utf8)
        let file = try folder.write(data, to: "bom.xml")

        #expect(reader.recognizes(head: data, url: file))
        let records = try Reading.records(reader, file)
        #expect(records.count == 1 && records[0].isValid)
    }

    @Test("envelope problems are file-level: wrong root, namespace, version")
    func envelopeProblems() throws {
        let folder = try TemporaryFolder()
        let noNamespace = try folder.write("<catalogue version=\"1\" source=\"x\"/>", to: "nons.xml")
        let version2 = try folder.write("<catalogue xmlns=\"\(NativeFormat.xmlNamespace)\" version=\"2\" source=\"x\"/>", to: "v2.xml")
        let empty = try folder.write("<catalogue xmlns=\"\(NativeFormat.xmlNamespace)\" version=\"1\" source=\"x\"/>", to: "empty.xml")

        #expect(Reading.failure(reader, noNamespace)?.message.contains("without a namespace") == true)
        #expect(Reading.failure(reader, version2)?.message.contains("unsupported catalogue version") == true)
        #expect(try Reading.records(reader, empty).isEmpty)
    }
}

/// Access times, for proving a file was never opened.
func accessTime(of url: URL) throws -> Date {
    var info = stat()
    guard stat(url.path, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
    return Date(timeIntervalSince1970: TimeInterval(info.st_atim.tv_sec))
}

func setAccessTime(_ date: Date, of url: URL) throws {
    var info = stat()
    guard stat(url.path, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
    var times = [
        timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0),
        info.st_mtim,
    ]
    guard utimensat(AT_FDCWD, url.path, &times, 0) == 0 else { throw CocoaError(.fileWriteUnknown) }
}
