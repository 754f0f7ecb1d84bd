import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import SupportModel
import Testing
import ZIPFoundation

/// Issue 13 ("hostile input, round two"), the import side: archives that lie about sizes and
/// offsets (item 2) and records that name another source (item 3). Each test failed on the code
/// before the fix: the zip64 archives trapped the process, the forged directory offset imported
/// "0 records", and the one-record files withdrew the bundled catalogue.
@Suite("hostile input, round two: imports (issue 13)")
struct HostileImportRoundTwoTests {
    static let programme = BadInputCorpus.fdbProgramme
    static let path = BadInputCorpus.programmePath

    /// Imports `archive` as a Förderdatenbank export into a store holding the bundled catalogue;
    /// returns the report, and checks the store is unchanged.
    private func importArchive(_ archive: Data, limits: ReadLimits = ReadLimits()) throws -> ImportReport {
        try withStore { store, directory in
            let baseline = Fixture.importer(store).run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
            try #require(baseline.outcome == .succeeded)
            let before = try Fixture.state(of: store)
            let file = directory.url.appendingPathComponent("forged.zip")
            try archive.write(to: file)
            let importer = CatalogImporter(store: store, taxonomies: BundledCatalog.taxonomies, limits: limits)
            let report = importer.run(ImportRequest(paths: [file.path], format: .foerderdatenbank))
            #expect(try Fixture.state(of: store) == before, "the store is unchanged")
            return report
        }
    }

    @Test("item 2: zip64 sizes of 2^64-1, forged offsets and checksums are refused with a located error, never a crash",
          arguments: [
            ("uncompressed 2^64-1", ForgedZIP.Entry(BadInputCorpus.programmePath, BadInputCorpus.fdbProgramme, zip64Uncompressed: .max), "zip64"),
            ("compressed 2^64-1", ForgedZIP.Entry(BadInputCorpus.programmePath, BadInputCorpus.fdbProgramme, zip64Compressed: .max), "zip64"),
            ("both 2^63", ForgedZIP.Entry(BadInputCorpus.programmePath, BadInputCorpus.fdbProgramme, zip64Uncompressed: 1 << 63, zip64Compressed: 1 << 63), "zip64"),
            ("wrong CRC-32", ForgedZIP.Entry(BadInputCorpus.programmePath, BadInputCorpus.fdbProgramme, crc32: 0x1234_5678), "CRC-32"),
            ("local header past the end", ForgedZIP.Entry(BadInputCorpus.programmePath, BadInputCorpus.fdbProgramme, localHeaderOffset: 0xFFFF_FF00), "local header"),
          ] as [(String, ForgedZIP.Entry, String)])
    func lyingEntries(_ name: String, _ entry: ForgedZIP.Entry, _ message: String) throws {
        let report = try importArchive(ForgedZIP.archive([entry]))
        #expect(report.outcome == .rejected, "\(name)")
        let problem = try #require(report.fileProblems.first, "\(name): \(report.rejected)")
        #expect(problem.message.contains(message), "\(name): \(problem)")
        #expect(problem.location.entry == Self.path, "\(name): located at the entry: \(problem.location)")
    }

    @Test("item 2: a wrong central-directory offset is refused, not imported as 0 records", arguments: [-3, 1, 7, 1000])
    func wrongDirectoryOffset(_ shift: Int) throws {
        let report = try importArchive(ForgedZIP.archive([.init(Self.path, Self.programme), .init("BMWI/FDB/Content/DE/Foerderprogramm/y.xml", Self.programme)],
                                                         directoryOffsetShift: shift))
        #expect(report.outcome == .rejected, "shift \(shift): \(report.counts)")
        #expect(report.fileProblems.contains { $0.message.contains("directory") }, "\(report.fileProblems)")
    }

    @Test("item 2: the archive's total inflated bytes are bounded (ReadLimits.maxArchiveInflatedBytes)")
    func inflatedBudget() throws {
        let entries = (0..<8).map { ForgedZIP.Entry("BMWI/FDB/Content/DE/Foerderprogramm/p\($0).xml", Data(repeating: 0x20, count: 4096) + Self.programme) }
        var limits = ReadLimits()
        limits.maxArchiveInflatedBytes = 5 * 4096
        let report = try importArchive(ForgedZIP.archive(entries), limits: limits)
        #expect(report.outcome == .rejected)
        #expect(report.fileProblems.contains { $0.message.contains("more than \(5 * 4096) bytes") }, "\(report.fileProblems)")
        // The same archive within the budget is read.
        limits.maxArchiveInflatedBytes = 64 * 4096
        #expect(try importArchive(ForgedZIP.archive(entries), limits: limits).fileProblems.isEmpty)
    }

    @Test("item 3: a record naming another source is a located error; that source's offers are never withdrawn",
          arguments: InvalidRecordPolicy.allCases)
    func foreignSource(_ policy: InvalidRecordPolicy) throws {
        for file in ["json-foreign-source.json", "commongrants-foreign-source.json"] {
            try withStore { store, directory in
                let baseline = Fixture.importer(store).run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
                try #require(baseline.outcome == .succeeded)
                let before = try Fixture.state(of: store)
                let path = directory.path(file)
                try FileManager.default.copyItem(at: BadInputCorpus.folder.appendingPathComponent(file), to: URL(fileURLWithPath: path))
                let report = Fixture.importer(store).run(ImportRequest(paths: [path], policy: policy))
                #expect(report.withdrawn.isEmpty, "\(file): \(report.withdrawn.count) offers withdrawn")
                #expect(!report.sources.contains("supportmatch"), "\(file): \(report.sources)")
                let error = try #require(report.rejected.first?.diagnostics.first, "\(file)")
                #expect(error.message.contains("names source \"supportmatch\""), "\(error)")
                #expect(error.location.file.hasSuffix(file))
                let after = try Fixture.state(of: store)
                #expect(after.filter { $0.key.hasPrefix("supportmatch:") } == before, "\(file): the bundled offers are unchanged")
            }
        }
    }

    @Test("item 3: --source (sourceOverride) still imports a file whose records name other sources, as that source")
    func overrideStillWorks() throws {
        try withStore { store, directory in
            let path = directory.path("foreign.json")
            try FileManager.default.copyItem(at: BadInputCorpus.folder.appendingPathComponent("json-foreign-source.json"), to: URL(fileURLWithPath: path))
            let report = Fixture.importer(store).run(ImportRequest(paths: [path], sourceOverride: "copy"))
            #expect(report.outcome == .succeeded, "\(report.problemGroups)")
            #expect(report.sources == ["copy"])
        }
    }
}
