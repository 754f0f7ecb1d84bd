import Foundation
import Testing

/// The maintainer's round trip on real catalogues (issue 14): a store holding the starter
/// catalogue, the Förderdatenbank export and the Grants.gov extract is exported in each format
/// (native JSON and XML, CommonGrants), and
/// the export imports back with every offer of every source unchanged; into a new store it
/// gives a store whose own export is the same file, byte for byte (so field for field).
@Suite("Export round trip of the real catalogues",
       .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"),
       .enabled(if: RealCatalogues.isAvailable,
                "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip and ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
struct RealCatalogueRoundTripTests {
    static let fdb = RealCatalogues.fdb
    static let grantsGov = RealCatalogues.grantsGov

    @Test("export → import into the same store is unchanged for every source; into a new store it exports the same", arguments: [
        ("native-json", "json"), ("native-xml", "xml"), ("commongrants-json", "json"),
    ])
    func roundTrip(format: String, fileExtension: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = ["--database", scratch.path("store.sqlite")]
        let imported = try SupportMatchBinary.run(["import", "--starter", Self.fdb, Self.grantsGov, "--progress", "never"] + store)
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let file = scratch.path("export.\(fileExtension)")
        let export = try SupportMatchBinary.run(["export", "--format", format, "--output", file] + store)
        try #require(export.status == 0, "\(export.stderr)")
        let perSource = try Self.offersPerSource(store)
        #expect(Set(perSource.keys) == ["supportmatch", "fdb", "grants.gov"])
        #expect(perSource.values.allSatisfy { $0 > 50 }, "\(perSource)")

        let again = try SupportMatchBinary.run(["import", file, "--json", "--progress", "never"] + store)
        try #require(again.status == 0, "\(again.stdout)\(again.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let counts = try #require(report["counts"] as? [String: Int])
        let total = perSource.values.reduce(0, +)
        #expect(counts["read"] == total)
        #expect(counts["unchanged"] == total)
        for key in ["added", "changed", "withdrawn", "restored", "rejected"] { #expect(counts[key] == 0, "\(key): \(counts)") }
        #expect(Set(report["sources"] as? [String] ?? []) == Set(perSource.keys))
        // Nothing withdrawn and every offer unchanged: each source still holds what it held.
        #expect(try Self.offersPerSource(store) == perSource)

        // One file per source (`export --source`): each imports with all of its offers unchanged.
        for (source, count) in perSource.sorted(by: { $0.key < $1.key }) {
            let single = scratch.path("\(source).\(fileExtension)")
            let written = try SupportMatchBinary.run(["export", "--format", format, "--source", source, "--output", single] + store)
            try #require(written.status == 0, "\(written.stderr)")
            let read = try SupportMatchBinary.run(["import", single, "--json", "--progress", "never"] + store)
            try #require(read.status == 0, "\(read.stdout)\(read.stderr)")
            let sourceReport = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
            let sourceCounts = try #require(sourceReport["counts"] as? [String: Int])
            #expect(sourceCounts["unchanged"] == count && sourceCounts["read"] == count, "\(source): \(sourceCounts)")
            #expect(sourceReport["sources"] as? [String] == [source])
        }

        let fresh = ["--database", scratch.path("fresh.sqlite")]
        let into = try SupportMatchBinary.run(["import", file, "--json", "--progress", "never"] + fresh)
        try #require(into.status == 0, "\(into.stdout)\(into.stderr)")
        #expect(try Self.offersPerSource(fresh) == perSource)
        let second = scratch.path("second.\(fileExtension)")
        let reexport = try SupportMatchBinary.run(["export", "--format", format, "--output", second] + fresh)
        try #require(reexport.status == 0, "\(reexport.stderr)")
        let first = try Self.comparable(file, format: format)
        #expect(first == (try Self.comparable(second, format: format)), "the new store's export differs from the export it was made from")
    }

    /// The export's bytes; for CommonGrants without the `createdAt`/`lastModifiedAt` lines, which
    /// carry the export's own time for offers that state no `lastUpdated` (CommonGrantsWriter).
    static func comparable(_ path: String, format: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard format == "commongrants-json" else { return data }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"createdAt\"") && !$0.contains("\"lastModifiedAt\"") }
        return Data(lines.joined(separator: "\n").utf8)
    }

    static func offersPerSource(_ store: [String]) throws -> [String: Int] {
        let listed = try SupportMatchBinary.run(["offers", "--json"] + store)
        try #require(listed.status == 0, "\(listed.stderr)")
        let offers = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        var counts: [String: Int] = [:]
        for offer in offers {
            let id = try #require(offer["id"] as? String)
            counts[String(id.prefix { $0 != ":" }), default: 0] += 1
        }
        return counts
    }
}

/// The real catalogues of `../shared` (absent on machines without the shared data).
enum RealCatalogues {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/catalogues")
    static let fdb = folder.appendingPathComponent("foerderdatenbank-2026-03/fdb-export.zip").path
    static let grantsGov = folder.appendingPathComponent("grants-gov/GrantsDBExtract-fpi.xml").path
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: fdb) && FileManager.default.fileExists(atPath: grantsGov)
    }
}
