import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import SupportModel
import Testing
import ZIPFoundation

/// The 1,434-programme Förderdatenbank archive in `../shared`, absent on some machines.
enum FDBArchive {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip")
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Copies every entry of the archive into a new ZIP, letting `transform` change an entry's
    /// bytes or drop it (nil), then appends `extra` entries.
    static func rewrite(to target: URL, transform: (String, Data) -> Data?, extra: [(String, Data)] = []) throws {
        let source = try Archive(url: url, accessMode: .read)
        let output = try Archive(url: target, accessMode: .create)
        for entry in source where entry.type == .file {
            var data = Data()
            _ = try source.extract(entry, skipCRC32: false) { data.append($0) }
            guard let bytes = transform(entry.path, data) else { continue }
            try add(bytes, as: entry.path, to: output)
        }
        for (path, bytes) in extra { try add(bytes, as: path, to: output) }
    }

    static func add(_ bytes: Data, as path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

@Suite("Förderdatenbank archive through the store", .serialized)
struct FoerderdatenbankImportTests {
    @Test("the 1,434-programme archive imports completely; facets count Länder, instruments and applicant types",
          .enabled(if: FDBArchive.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func facetsOfTheFullArchive() throws {
        try withStore { store, _ in
            let report = Fixture.importer(store).run(ImportRequest(paths: [FDBArchive.url.path]))
            #expect(report.outcome == .succeeded, "\(report.problemGroups)")
            #expect(report.counts.read == 1434 && report.counts.added == 1434 && report.counts.rejected == 0)

            let facets = OfferFacets(try store.offers(source: "fdb").map(\.offer))
            // Counted independently from the raw XML (Foerdergebiet, Foerderart and
            // Foerderberechtigte category links per ServiceOffer, mapped with
            // Catalog/mappings/foerderdatenbank.json); the README of the data gives the Länder.
            #expect(facets.offers == 1434)
            #expect(facets.regions["DE"] == 611)
            #expect(facets.regions["DE-SN"] == 158)
            #expect(facets.regions["DE-BY"] == 156)
            #expect(facets.regions.values.reduce(0, +) == 1434, "one Fördergebiet per programme")
            #expect(facets.instruments == ["grant": 1171, "loan": 162, "guarantee": 60, "equity": 42])
            #expect(facets.applicantTypes["company"] == 231)
            #expect(facets.applicantTypes["university"] == 143)
            #expect(facets.applicantTypes["research-institution"] == 139)
            #expect(facets.applicantTypes["founder"] == 34)
            #expect(facets.applicantTypes[OfferFacets.unstated] == 1134, "empty Foerderberechtigte means unknown")

            // The filters apply: Saxon offers only.
            let saxon = OfferFacets(OfferQuery(regions: ["DE-SN"]).select(try store.offers(source: "fdb"), offer: \.offer, taxonomies: BundledCatalog.taxonomies).map(\.offer))
            #expect(saxon.regions["DE-BY"] == nil)
            #expect(saxon.regions["DE-SN"] == 158 && saxon.regions["DE"] == 611)
            #expect(saxon.offers == 158 + 611)
        }
    }

    @Test("re-importing a modified archive reports exactly one changed (title), one withdrawn and one added; other sources untouched",
          .enabled(if: FDBArchive.isAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func modifiedArchive() throws {
        try withStore { store, directory in
            let bundled = Fixture.importer(store).run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
            #expect(bundled.outcome == .succeeded)
            let first = Fixture.importer(store).run(ImportRequest(paths: [FDBArchive.url.path]))
            #expect(first.outcome == .succeeded && first.counts.added == 1434)
            let before = try Fixture.state(of: store)

            let folder = "BMWI/FDB/Content/DE/Foerderprogramm/Land/Sachsen/"
            let changedName = "esf-plus-richtlinie-sms-2021-2030-c-schritt"
            let oldTitle = "ESF Plus-Richtlinie SMS (2021–2027) – C – Schritt für Schritt"
            let removedEntry = "BMWI/FDB/Content/DE/Foerderprogramm/Land/Niedersachsen/hochwasserschutz-im-binnenland.xml"
            let addedName = "esf-plus-richtlinie-sms-neu"
            var template: Data?
            let modified = directory.url.appendingPathComponent("fdb-export-next.zip")
            try FDBArchive.rewrite(to: modified, transform: { path, data in
                if path == removedEntry { return nil }
                guard path == folder + changedName + ".xml" else { return data }
                template = data
                return Data(String(decoding: data, as: UTF8.self)
                    .replacingOccurrences(of: oldTitle, with: oldTitle + " (neu gefasst)").utf8)
            })
            let original = String(decoding: try #require(template), as: UTF8.self)
            #expect(original.contains(oldTitle), "the programme chosen for the change still has its title")
            // The new programme: a copy of the changed one under its own name and title.
            let addedText = original
                .replacingOccurrences(of: "name=\"\(changedName)\"", with: "name=\"\(addedName)\"")
                .replacingOccurrences(of: oldTitle, with: "ESF Plus-Richtlinie SMS – D – Neuer Aufruf")
            let archive = try Archive(url: modified, accessMode: .update)
            try FDBArchive.add(Data(addedText.utf8), as: folder + addedName + ".xml", to: archive)

            let second = Fixture.importer(store).run(ImportRequest(paths: [modified.path]))
            #expect(second.outcome == .succeeded, "\(second.problemGroups)")
            #expect(second.sources == ["fdb"])
            #expect(second.counts.read == 1434)
            #expect(second.counts.added == 1 && second.counts.changed == 1 && second.counts.withdrawn == 1)
            #expect(second.counts.unchanged == 1432 && second.counts.restored == 0 && second.counts.rejected == 0)
            #expect(second.added == ["fdb:Foerderprogramm/Land/Sachsen/\(addedName)"])
            #expect(second.withdrawn == ["fdb:Foerderprogramm/Land/Niedersachsen/hochwasserschutz-im-binnenland"])
            #expect(second.changed == [OfferFieldChanges(id: "fdb:Foerderprogramm/Land/Sachsen/\(changedName)", fields: ["title"])])

            let after = try Fixture.state(of: store)
            let otherSources = before.filter { !$0.key.hasPrefix("fdb:") }
            #expect(!otherSources.isEmpty)
            #expect(after.filter { !$0.key.hasPrefix("fdb:") } == otherSources, "the bundled source is untouched")
            let changed = try #require(try store.offer(OfferID(source: "fdb", localID: "Foerderprogramm/Land/Sachsen/\(changedName)")))
            #expect(changed.offer.title == oldTitle + " (neu gefasst)")
        }
    }
}

@Suite("Malicious inputs through the importer")
struct MaliciousImportTests {
    /// Imports the bundled catalogue, runs `path` through the importer and checks that the import
    /// is rejected, names `expected`, and leaves the store and the file system as they were.
    func expectRejected(_ path: String, in directory: TemporaryDirectory, store: CatalogStore,
                        mentioning expected: String, forbidden: [String] = []) throws -> ImportReport {
        let baseline = Fixture.importer(store).run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
        #expect(baseline.outcome == .succeeded)
        let before = try Fixture.state(of: store)
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()

        let report = Fixture.importer(store).run(ImportRequest(paths: [path]))
        #expect(report.outcome == .rejected)
        let messages = (report.fileProblems + report.rejected.flatMap(\.diagnostics)).map(\.description)
        #expect(messages.contains { $0.contains(expected) }, "\(messages)")
        #expect(try Fixture.state(of: store) == before, "same offers, same content hashes")
        #expect(try store.catalogueVersion() == baseline.runID, "the catalogue version did not move")
        // Only the database (and its journal files) may differ in the temp folder.
        let filesAfter = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
            .filter { !$0.hasPrefix("catalogue.sqlite") }
        #expect(filesAfter == filesBefore.filter { !$0.hasPrefix("catalogue.sqlite") })
        for name in forbidden {
            #expect(!FileManager.default.fileExists(atPath: name), "\(name) was written")
        }
        return report
    }

    @Test("a ZIP entry named with ../ is rejected before anything is read; nothing lands outside")
    func pathTraversal() throws {
        try withStore { store, directory in
            let escape = "g2-escape-\(UUID().uuidString).xml"
            let zip = directory.url.appendingPathComponent("traversal.zip")
            let archive = try Archive(url: zip, accessMode: .create)
            let programme = Data("<document name=\"x\" path=\"/BMWI/FDB/Content/DE/Foerderprogramm\" type=\"gsb:ServiceOffer\"/>".utf8)
            try FDBArchive.add(programme, as: "BMWI/FDB/Content/DE/Foerderprogramm/x.xml", to: archive)
            try FDBArchive.add(programme, as: "BMWI/FDB/../../../../\(escape)", to: archive)
            let report = try expectRejected(zip.path, in: directory, store: store, mentioning: "unsafe entry name", forbidden: [
                directory.url.deletingLastPathComponent().appendingPathComponent(escape).path,
                FileManager.default.currentDirectoryPath + "/" + escape,
                "/" + escape,
            ])
            #expect(report.fileProblems.first?.location.entry?.contains(escape) == true, "the error names the entry")
        }
    }

    @Test("a zip bomb (10 MB of one byte, deflated to a few KB) is rejected as such")
    func zipBomb() throws {
        try withStore { store, directory in
            let zip = directory.url.appendingPathComponent("bomb.zip")
            let archive = try Archive(url: zip, accessMode: .create)
            let programme = Data("<document name=\"x\" path=\"/BMWI/FDB/Content/DE/Foerderprogramm\" type=\"gsb:ServiceOffer\"/>".utf8)
            try FDBArchive.add(programme, as: "BMWI/FDB/Content/DE/Foerderprogramm/x.xml", to: archive)
            try FDBArchive.add(Data(repeating: 0x20, count: 10 * 1024 * 1024), as: "BMWI/FDB/Content/DE/Foerderprogramm/bomb.xml", to: archive)
            _ = try expectRejected(zip.path, in: directory, store: store, mentioning: "zip bomb")
        }
    }

    @Test("an XML document with an external entity is rejected; the referenced file is never read into the store")
    func externalEntity() throws {
        try withStore { store, directory in
            let secret = directory.url.appendingPathComponent("secret.txt")
            try Data("GEHEIM-\(UUID().uuidString)".utf8).write(to: secret)
            let secretText = try String(contentsOf: secret, encoding: .utf8)
            let zip = directory.url.appendingPathComponent("xxe.zip")
            let archive = try Archive(url: zip, accessMode: .create)
            let document = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE document [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
                <document xmlns:xlink="http://www.w3.org/1999/xlink" name="xxe" path="/BMWI/FDB/Content/DE/Foerderprogramm" type="gsb:ServiceOffer">
                    <property name="gsb:title" type="RichText"><text>&xxe;</text></property>
                </document>
                """
            try FDBArchive.add(Data(document.utf8), as: "BMWI/FDB/Content/DE/Foerderprogramm/xxe.xml", to: archive)
            let report = try expectRejected(zip.path, in: directory, store: store, mentioning: "xxe.xml")
            let encoded = String(decoding: try ImportReport.jsonEncoder().encode(report), as: UTF8.self)
            #expect(!encoded.contains(secretText), "the entity was not expanded")
            #expect(OfferQuery(text: "GEHEIM").select(try store.offers(status: .all), offer: \.offer, taxonomies: BundledCatalog.taxonomies).isEmpty)
        }
    }
}
