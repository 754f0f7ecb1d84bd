import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import SupportModel
import Testing
import ZIPFoundation

/// The hostile and broken inputs in `Tests/BadInput/` and their expected outcomes
/// (`Tests/BadInput/expected.json`), each imported through the real importer into a real
/// SQLite store that already holds the bundled catalogue.
///
/// Large or binary inputs (10 MB lines, 10,000-level nesting, ZIP traversal and bombs) are
/// generated at test time from the manifest's `generate` names rather than committed.
enum BadInputCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BadInput", isDirectory: true)

    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        enum Outcome: String, Decodable, Sendable { case accepted, rejected }
        enum Located: String, Decodable, Sendable { case line, pointer, entry, file }

        var file: String
        var outcome: Outcome
        var message: String?
        var located: Located?
        var format: String?
        var generate: String?
        var offers: Int?
        var source: String?
        var absent: [String]?
        var why: String?

        var testDescription: String { file }
    }

    struct Manifest: Decodable { var inputs: [Entry] }

    static let entries: [Entry] = {
        do {
            let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
            return try JSONDecoder().decode(Manifest.self, from: data).inputs
        } catch {
            fatalError("Tests/BadInput/expected.json cannot be read: \(error)")
        }
    }()

    /// Writes the input to `directory` (copied, or generated) and returns its path.
    static func materialise(_ entry: Entry, in directory: TemporaryDirectory) throws -> String {
        let target = directory.url.appendingPathComponent(entry.file)
        guard let generator = entry.generate else {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(entry.file), to: target)
            return target.path
        }
        switch generator {
        case "json-10mb-title":
            let base = try String(contentsOf: folder.appendingPathComponent("json-valid-control.json"), encoding: .utf8)
            let huge = String(repeating: "Förderung ", count: 1_048_576)  // 11 MB on one line
            try Data(base.replacingOccurrences(of: "Testprogramm 1 - Zuschuss für Beratung", with: huge).utf8).write(to: target)
        case "xml-10mb-title":
            let base = try String(contentsOf: folder.appendingPathComponent("xml-valid-control.xml"), encoding: .utf8)
            let huge = String(repeating: "Förderung ", count: 1_048_576)
            try Data(base.replacingOccurrences(of: "Testprogramm 1 - Zuschuss für Beratung", with: huge).utf8).write(to: target)
        case "json-deep-nesting":
            let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            try Data("{\"format\": \"supportmatch-catalogue\", \"version\": 1, \"source\": \"badinput\", \"offers\": [\(nested)]}".utf8).write(to: target)
        case "commongrants-deep-nesting":
            let nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            try Data("[{\"keyDates\": \(nested)}]".utf8).write(to: target)
        case "xml-10000-nesting":
            let base = try String(contentsOf: folder.appendingPathComponent("xml-valid-control.xml"), encoding: .utf8)
            let nested = String(repeating: "<x>", count: 10_000) + String(repeating: "</x>", count: 10_000)
            try Data(base.replacingOccurrences(of: "<summary>", with: "<summary>\(nested)").utf8).write(to: target)
        case "fdb-zip-path-traversal":
            let archive = try Archive(url: target, accessMode: .create)
            try add(fdbProgramme, as: "BMWI/FDB/Content/DE/Foerderprogramm/x.xml", to: archive)
            try add(fdbProgramme, as: "BMWI/FDB/../../../../badinput-escape-\(UUID().uuidString).xml", to: archive)
        case "fdb-zip-bomb":
            let archive = try Archive(url: target, accessMode: .create)
            try add(fdbProgramme, as: "BMWI/FDB/Content/DE/Foerderprogramm/x.xml", to: archive)
            try add(Data(repeating: 0x20, count: 10 * 1024 * 1024), as: "BMWI/FDB/Content/DE/Foerderprogramm/bomb.xml", to: archive)
        case "fdb-zip-external-entity":
            let archive = try Archive(url: target, accessMode: .create)
            let document = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <document name="xxe" path="/BMWI/FDB/Content/DE/Foerderprogramm" type="gsb:ServiceOffer">
                    <property name="gsb:title" type="RichText"><text>&xxe;</text></property>
                </document>
                """
            try add(Data(document.utf8), as: "BMWI/FDB/Content/DE/Foerderprogramm/xxe.xml", to: archive)
        case "fdb-zip-zip64-size":
            try ForgedZIP.archive([.init(programmePath, fdbProgramme, zip64Uncompressed: .max)]).write(to: target)
        case "fdb-zip-zip64-compressed":
            try ForgedZIP.archive([.init(programmePath, fdbProgramme, zip64Compressed: .max)]).write(to: target)
        case "fdb-zip-wrong-directory-offset":
            try ForgedZIP.archive([.init(programmePath, fdbProgramme)], directoryOffsetShift: 7).write(to: target)
        case "fdb-zip-bad-crc":
            try ForgedZIP.archive([.init(programmePath, fdbProgramme, crc32: 0xDEAD_BEEF)]).write(to: target)
        case "fdb-zip-local-offset-outside":
            try ForgedZIP.archive([.init(programmePath, fdbProgramme), .init("BMWI/FDB/Content/DE/Foerderprogramm/y.xml", fdbProgramme, localHeaderOffset: 0x7FFF_FFF0)]).write(to: target)
        default:
            throw GeneratorMissing(name: generator)
        }
        return target.path
    }

    static let programmePath = "BMWI/FDB/Content/DE/Foerderprogramm/x.xml"
    static let fdbProgramme = Data("<document name=\"x\" path=\"/BMWI/FDB/Content/DE/Foerderprogramm\" type=\"gsb:ServiceOffer\"/>".utf8)

    static func add(_ bytes: Data, as path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    struct GeneratorMissing: Error, CustomStringConvertible {
        var name: String
        var description: String { "expected.json names generator \"\(name)\", which BadInputCorpusTests does not know" }
    }
}

@Suite("Bad-input corpus (Tests/BadInput) through the importer")
struct BadInputCorpusTests {
    @Test("every file in Tests/BadInput has an entry in expected.json, and every entry a file or a generator")
    func manifestCoversTheFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: BadInputCorpus.folder.path)
            .filter { $0 != "expected.json" && !$0.hasPrefix(".") }
        let named = Set(BadInputCorpus.entries.filter { $0.generate == nil }.map(\.file))
        #expect(Set(files) == named)
        #expect(BadInputCorpus.entries.count == Set(BadInputCorpus.entries.map(\.file)).count, "one entry per input")
        #expect(BadInputCorpus.entries.count >= 50)
    }

    @Test("imports as expected: rejected with a located error and the store unchanged, or accepted",
          arguments: BadInputCorpus.entries)
    func importOutcome(_ entry: BadInputCorpus.Entry) throws {
        try withStore { store, directory in
            let baseline = Fixture.importer(store).run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
            try #require(baseline.outcome == .succeeded)
            let before = try Fixture.state(of: store)
            let versionBefore = try store.catalogueVersion()
            let path = try BadInputCorpus.materialise(entry, in: directory)

            let report = Fixture.importer(store).run(ImportRequest(paths: [path], format: entry.format.map(CatalogFormat.init(rawValue:))))
            let diagnostics = report.fileProblems + report.rejected.flatMap(\.diagnostics)
            let after = try Fixture.state(of: store)
            #expect(try store.integrityCheck() == ["ok"])

            switch entry.outcome {
            case .rejected:
                #expect(report.outcome == .rejected, "\(entry.file): \(report.outcome) \(report.failure ?? "") \(diagnostics)")
                #expect(after == before, "the store is unchanged: same offers, same content hashes")
                #expect(try store.catalogueVersion() == versionBefore)
                let pattern = try Regex(entry.message ?? "")
                let matching = diagnostics.filter { $0.severity == .error && "\($0.field ?? "") \($0.message)".contains(pattern) }
                #expect(!matching.isEmpty, "no error matches /\(entry.message ?? "")/: \(diagnostics.map(\.description))")
                let located = matching.filter { diagnostic in
                    let location = diagnostic.location
                    guard location.file.hasSuffix(entry.file) else { return false }
                    switch entry.located ?? .line {
                    case .line: return location.line != nil
                    case .pointer: return location.jsonPointer != nil
                    case .entry: return location.entry != nil
                    case .file: return true
                    }
                }
                #expect(!located.isEmpty, "expected an error located by \(entry.located ?? .line) in \(entry.file): \(matching.map(\.description))")
            case .accepted:
                #expect(report.outcome == .succeeded, "\(entry.file): \(diagnostics.map(\.description))")
                let source = entry.source ?? "badinput"
                let imported = after.keys.filter { $0.hasPrefix(source + ":") }
                #expect(imported.count == entry.offers, "\(imported.sorted())")
                #expect(after.filter { !$0.key.hasPrefix(source + ":") } == before, "the bundled offers are unchanged")
            }
            if let absent = entry.absent, !absent.isEmpty {
                let stored = try store.offers(status: .all)
                let encoder = JSONEncoder()
                let text = try stored.map { String(decoding: try encoder.encode($0.offer), as: UTF8.self) }.joined()
                    + String(decoding: try ImportReport.jsonEncoder().encode(report), as: UTF8.self)
                for forbidden in absent {
                    #expect(!text.contains(forbidden), "\"\(forbidden)\" reached the store or the report")
                }
            }
        }
    }
}
