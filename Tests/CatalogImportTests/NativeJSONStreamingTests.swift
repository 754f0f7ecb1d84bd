import BundledCatalog
import Foundation
import SupportModel
import Testing

@testable import CatalogImport

/// The streaming read (one offer in memory at a time) must hand out exactly the records,
/// offers and located diagnostics of the whole-document read it replaced, and fail where it
/// failed with the same message.
@Suite("Native JSON streaming read")
struct NativeJSONStreamingTests {
    static let badInput = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BadInput")

    static func describe(_ record: ReadRecord) -> String {
        "\(record.location) \(record.declaredSource ?? "-") \(record.diagnostics.map(\.description)) \(record.offer.map { String(decoding: $0.canonicalContentBytes(), as: UTF8.self) } ?? "no offer")"
    }

    static func both(_ url: URL) -> (streamed: Result<[String], CatalogReadError>, whole: Result<[String], CatalogReadError>) {
        let context = ReadContext(taxonomies: BundledCatalog.taxonomies)
        func run(_ body: ((ReadRecord) throws -> Void) throws -> Void) -> Result<[String], CatalogReadError> {
            var records: [String] = []
            do {
                try body { records.append(describe($0)) }
                return .success(records)
            } catch let error as CatalogReadError {
                return .failure(error)
            } catch {
                return .failure(CatalogReadError(at: SourceLocation(file: "?"), "\(error)"))
            }
        }
        let reader = NativeJSONReader()
        return (run { try reader.read(CatalogInput(url: url), context: context, handle: $0) },
                run { try reader.readWhole(CatalogInput(url: url), context: context, handle: $0) })
    }

    @Test("bundled catalogue and every bad-input JSON file: same records, same errors")
    func sameAsWholeRead() throws {
        var files = try BundledCatalog.offerFiles().filter { $0.pathExtension == "json" }
        files += try FileManager.default.contentsOfDirectory(at: Self.badInput, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("json-") }
        #expect(files.count > 20)
        // The ordinary documents are really streamed (not left to the whole-document read).
        let context = ReadContext(taxonomies: BundledCatalog.taxonomies)
        for file in try BundledCatalog.offerFiles().filter({ $0.pathExtension == "json" }) {
            var streamed: [String] = []
            try NativeJSONReader().readStreaming(CatalogInput(url: file), context: context) { streamed.append(Self.describe($0)) }
            var whole: [String] = []
            try NativeJSONReader().readWhole(CatalogInput(url: file), context: context) { whole.append(Self.describe($0)) }
            #expect(!streamed.isEmpty && streamed == whole, "\(file.lastPathComponent)")
        }
        for file in files {
            let (streamed, whole) = Self.both(file)
            switch (streamed, whole) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(file.lastPathComponent)")
                #expect(!a.isEmpty || file.lastPathComponent.contains("empty"), "\(file.lastPathComponent)")
            case (.failure(let a), .failure(let b)):
                #expect(a.description == b.description, "\(file.lastPathComponent)")
            default:
                Issue.record("\(file.lastPathComponent): streamed \(streamed), whole \(whole)")
            }
        }
    }

    @Test("envelope members after the offers, escaped keys, a BOM, CRLF lines and multi-line offers")
    func unusualLayouts() throws {
        let offer = #"{"id": "a-1", "title": "Zuschuss\u00fc \"A\"", "language": "de", "provider": {"name": "P", "level": "state"},\#r\#n "schedule": {"status": "rolling"}, "topics": ["unknown-topic"]}"#
        let documents = [
            "\u{FEFF}{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer),\r\n\(offer.replacingOccurrences(of: "a-1", with: "a-2"))]}",
            "{\"offers\": [\n  \(offer)\n], \"version\": 1, \"sources\": [\"other\"], \"source\": \"test\", \"form\\u0061t\": \"supportmatch-catalogue\"}\n\n",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": []}",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer)], \"extra\": 1}",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer), ]}",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer)] trailing",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer), {\"id\": ",
            "{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"test\", \"offers\": [\(offer)], \"offers\": []}",
            "[\(offer)]",
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (position, document) in documents.enumerated() {
            let url = folder.appendingPathComponent("doc-\(position).json")
            try Data(document.utf8).write(to: url)
            if position < 3 {
                var records = 0
                try NativeJSONReader().readStreaming(CatalogInput(url: url), context: ReadContext(taxonomies: BundledCatalog.taxonomies)) { _ in records += 1 }
                #expect(records == [2, 1, 0][position], "document \(position) is streamed")
            }
            let (streamed, whole) = Self.both(url)
            switch (streamed, whole) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "document \(position)")
            case (.failure(let a), .failure(let b)):
                #expect(a.description == b.description, "document \(position)")
            default:
                Issue.record("document \(position): streamed \(streamed), whole \(whole)")
            }
        }
    }
}
