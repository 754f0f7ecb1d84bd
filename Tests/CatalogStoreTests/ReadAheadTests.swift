import BundledCatalog
import CatalogImport
@testable import CatalogStore
import Foundation
import SupportModel
import Testing

/// The reader on its own thread (``ReadAhead``) hands out what the reader on the caller's
/// thread would, in the same order, with the same failure after the same records, and stops
/// when the caller fails.
@Suite("Read-ahead of the import's reader")
struct ReadAheadTests {
    static let context = ReadContext(taxonomies: BundledCatalog.taxonomies, readersCheckDuplicateIDs: false)

    /// What a reader hands out, read directly: each record's id and location, then the error.
    static func direct(_ reader: any CatalogReader, _ input: CatalogInput) -> (records: [String], error: String?) {
        var records: [String] = []
        do {
            try reader.read(input, context: context) { records.append("\($0.offer?.id.description ?? "-") \($0.location)") }
            return (records, nil)
        } catch {
            return (records, "\(error)")
        }
    }

    static func reader(_ format: CatalogFormat) throws -> any CatalogReader {
        try #require(CatalogReaders.reader(for: format))
    }

    @Test("Every record, in order, with the stored form and hash the writer would make")
    func sameRecordsInOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Several hundred records: many hand-overs, and the reader runs ahead of the consumer.
        let offers = (0..<700).map { Fixture.offer(String(format: "offer-%04d", $0)) }
        let input = CatalogInput(url: URL(fileURLWithPath: try Fixture.write(offers, to: directory.path("catalogue.json"))))
        let reader = try Self.reader(.nativeJSON)
        let expected = Self.direct(reader, input)
        #expect(expected.records.count == 700 && expected.error == nil)

        var seen: [String] = []
        try ReadAhead.run(reader, input: input, context: Self.context) { prepared in
            seen.append("\(prepared.record.offer?.id.description ?? "-") \(prepared.record.location)")
            let offer = try #require(prepared.record.offer)
            let content = try #require(prepared.content)
            #expect(content.hash == offer.contentHash)
            #expect(try StoredContent.decode(Array(content.stored.utf8)) == offer.canonicalContentBytes())
        }
        #expect(seen == expected.records)
    }

    @Test("A reader's failure comes after the records it handed out, as when read directly",
          arguments: [("grantsgov-truncated.xml", "grantsgov-xml"), ("grantsgov-deep-nesting.xml", "grantsgov-xml"),
                      ("json-truncated.json", "native-json"), ("json-not-json.json", "native-json"),
                      ("xml-billion-laughs.xml", "native-xml"), ("commongrants-truncated.json", "commongrants-json")])
    func failureAfterRecords(_ file: String, _ format: String) throws {
        let url = BadInputCorpus.folder.appendingPathComponent(file)
        let input = CatalogInput(url: url, displayName: file)
        let reader = try Self.reader(CatalogFormat(named: format))
        let expected = Self.direct(reader, input)

        var seen: [String] = []
        var error: String?
        do {
            try ReadAhead.run(reader, input: input, context: Self.context) { prepared in
                seen.append("\(prepared.record.offer?.id.description ?? "-") \(prepared.record.location)")
                // Invalid records are handed out without a stored form.
                #expect((prepared.content != nil) == (prepared.record.isValid && prepared.record.foreignSource == nil))
            }
        } catch let thrown {
            error = "\(thrown)"
        }
        #expect(seen == expected.records)
        #expect(error == expected.error)
    }

    @Test("A failure of the consumer is thrown and stops the reader")
    func consumerFailure() throws {
        struct Refused: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let offers = (0..<2_000).map { Fixture.offer(String(format: "offer-%04d", $0)) }
        let input = CatalogInput(url: URL(fileURLWithPath: try Fixture.write(offers, to: directory.path("catalogue.json"))))
        var handled = 0
        #expect(throws: Refused.self) {
            try ReadAhead.run(try Self.reader(.nativeJSON), input: input, context: Self.context) { _ in
                handled += 1
                if handled == 40 { throw Refused() }
            }
        }
        #expect(handled == 40)
    }
}
