import BundledCatalog
@testable import CatalogImport
import Foundation
import SupportModel
import Testing
import ZIPFoundation

/// Paths and helpers for the Förderdatenbank tests.
private enum FDBTestData {
    /// `/work/shared`, found next to the package root.
    static let shared = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")
    static let sample = shared.appendingPathComponent("catalogues/foerderdatenbank-export-sample")
    static let fullArchive = shared.appendingPathComponent("catalogues/foerderdatenbank-2026-03/fdb-export.zip")
    static var sampleAvailable: Bool { FileManager.default.fileExists(atPath: sample.appendingPathComponent("export").path) }
    static var archiveAvailable: Bool { FileManager.default.fileExists(atPath: fullArchive.path) }

    /// The small export written for these tests (three programmes and the documents they link to).
    static var fixture: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/foerderdatenbank", isDirectory: true)
    }

    static func context() -> ReadContext { ReadContext(taxonomies: BundledCatalog.taxonomies) }

    static func readAll(_ url: URL, context: ReadContext = context()) throws -> [ReadRecord] {
        var records: [ReadRecord] = []
        try FoerderdatenbankReader().read(CatalogInput(url: url, displayName: url.lastPathComponent), context: context) { records.append($0) }
        return records
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fdb-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Zips a folder's files under their relative paths, as the export is published.
    static func zip(folder: URL, to archiveURL: URL) throws {
        let archive = try Archive(url: archiveURL, accessMode: .create)
        let root = folder.standardizedFileURL.path + "/"
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        var files: [URL] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        for url in files.sorted(by: { $0.path < $1.path }) {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count))
            try archive.addEntry(with: relative, fileURL: url, compressionMethod: .deflate)
        }
    }

    static func record(_ records: [ReadRecord], _ localID: String) -> ReadRecord? {
        records.first { $0.offer?.id.localID == localID }
    }
}

@Suite("Förderdatenbank export reader")
struct FoerderdatenbankReaderTests {
    @Test("a fixture programme maps every classifier, its provider, contact and links")
    func fixtureProgramme() throws {
        let records = try FDBTestData.readAll(FDBTestData.fixture)
        #expect(records.count == 3, "three gsb:ServiceOffer documents, wherever their folder")
        let record = try #require(FDBTestData.record(records, "Foerderprogramm/Land/Sachsen/testprogramm-innovation"))
        let offer = try #require(record.offer)
        #expect(offer.id.source == "fdb")
        #expect(offer.title == "Testprogramm Innovation")
        #expect(offer.summary == "Zuschüsse und Darlehen für Innovation in Sachsen.")
        #expect(offer.description.hasPrefix("Der Freistaat fördert Innovationen. Kleine Unternehmen profitieren.\n\nWas wird gefördert?\n\n- Personal\n- Sachmittel"))
        #expect(offer.description.contains("Rechtsgrundlage"))
        #expect(!offer.description.contains("Ticket#"), "internal comments are not part of the description")
        #expect(offer.language == .german)
        #expect(offer.instruments == [.grant, .loan])
        #expect(offer.topics == ["digitalisierung", "forschung_innovation_themenoffen"])
        #expect(offer.eligibility.applicantTypes == [.company, .university])
        #expect(offer.eligibility.companySizes == [.micro, .small])
        #expect(offer.eligibility.regions == ["DE-SN", "DE-SH"])
        #expect(offer.provider.name == "Sächsische Aufbaubank (SAB)")
        #expect(offer.provider.level == .state)
        let contact = try #require(offer.provider.contact)
        #expect(contact.name == "Sächsische Aufbaubank – Förderbank –")
        #expect(contact.email == "servicecenter@sab.sachsen.de")
        #expect(contact.phone == "+49 351 4910-4930")
        #expect(contact.address == "Gerbergässchen 2, 01069 Dresden")
        #expect(contact.url == "https://www.sab.sachsen.de/")
        #expect(offer.link(.application)?.url == "https://portal.sab.sachsen.de/antrag", "trailing space trimmed")
        #expect(offer.link(.legalBasis)?.url == "https://www.revosax.sachsen.de/vorschrift/12345")
        #expect(offer.link(.legalBasis)?.title == "Richtlinie Innovation")
        #expect(offer.keywords == ["Innovation", "Digitalisierung"])
        #expect(offer.schedule.status == .rolling)
        #expect(offer.lastUpdated == Day(year: 2025, month: 6, day: 30))
        #expect(offer.sourceURL == "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Land/Sachsen/testprogramm-innovation.html")
        #expect(offer.originalCodes["Foerderart"] == ["zuschuss", "darlehen", "mondgeld"])
        #expect(offer.originalCodes["Foerdergebiet"] == ["sachsen", "schlesig_holstein"])
        #expect(offer.originalCodes["Branchen"] == nil, "empty classifier lists are unknown, not recorded")
        #expect(record.isValid, "quirks and unknown codes are warnings: \(record.diagnostics)")

        // The unknown code and the misspelt Land are located warnings.
        let unknown = try #require(record.diagnostics.first { $0.message.contains("\"mondgeld\"") })
        #expect(unknown.severity == .warning)
        #expect(unknown.field == "instruments")
        #expect(unknown.location.file.hasSuffix("Foerderprogramm/Land/Sachsen/testprogramm-innovation.xml"))
        #expect(unknown.location.line != nil)
        #expect(record.diagnostics.contains { $0.severity == .warning && $0.message.contains("schlesig_holstein") })
    }

    @Test("duplicate nationwide codes, raw control characters and a missing title are reported, not fatal")
    func quirks() throws {
        let records = try FDBTestData.readAll(FDBTestData.fixture)
        let nationwide = try #require(FDBTestData.record(records, "Foerderprogramm/Bund/BMWE/testprogramm-bundesweit"))
        let offer = try #require(nationwide.offer)
        #expect(offer.eligibility.regions == ["DE"], "_bundesweit and its twin bundesweit read once")
        #expect(offer.instruments == [.guarantee], "buergschaft and garantie are both guarantees")
        #expect(offer.eligibility.applicantTypes == nil, "an empty Foerderberechtigte list means unknown")
        #expect(offer.summary == "Bürgschaften bundesweit.", "the raw \\x02 byte is stripped before parsing")
        #expect(offer.provider.level == .federal, "level from the folder when no Foerdergeber code is given")
        #expect(nationwide.isValid)
        #expect(nationwide.diagnostics.contains { $0.message.contains("control character") && $0.location.line == 44 })
        #expect(nationwide.diagnostics.contains { $0.message.contains("repeat the same regions value") })

        let untitled = try #require(FDBTestData.record(records, "Archiv/testprogramm-ohne-titel"))
        #expect(!untitled.isValid)
        let error = try #require(untitled.diagnostics.first { $0.severity == .error })
        #expect(error.field == "title")
        #expect(error.location.line != nil)
        #expect(untitled.offer?.schedule.status == .closed, "programmes under Archiv/ are closed")
    }

    @Test("statute citations match whole words only")
    func citationsMatchWholeWords() {
        #expect(FDBOfferBuilder.containsWholeWord("Leistungen nach dem SGB II.", "SGB II"))
        #expect(FDBOfferBuilder.containsWholeWord("(§§ 16 b, c SGB II)", "SGB II"))
        #expect(!FDBOfferBuilder.containsWholeWord("Anspruch nach dem SGB III", "SGB II"))
        #expect(!FDBOfferBuilder.containsWholeWord("Verordnung 12651/2014", "651/2014"))
        #expect(FDBOfferBuilder.containsWholeWord("SGB III", "SGB III"))
    }

    @Test("the export read as a ZIP in place gives the same offers as the unpacked folder")
    func zipEqualsFolder() throws {
        let directory = try FDBTestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archiveURL = directory.appendingPathComponent("fdb-export.zip")
        try FDBTestData.zip(folder: FDBTestData.fixture.appendingPathComponent("export"), to: archiveURL)

        let head = try FileHandle(forReadingFrom: archiveURL).read(upToCount: 65536) ?? Data()
        #expect(FoerderdatenbankReader().recognizes(head: head, url: archiveURL))
        #expect(FoerderdatenbankReader().recognizes(head: Data(), url: FDBTestData.fixture))
        #expect(try CatalogReaders.detect(FDBTestData.fixture)?.format == .foerderdatenbank, "an unpacked export folder is detected")
        #expect(try CatalogReaders.detect(archiveURL)?.format == .foerderdatenbank)
        #expect(!FoerderdatenbankReader().recognizes(head: Data("{\"offers\": []}".utf8), url: directory.appendingPathComponent("x.json")))

        let fromZip = try FDBTestData.readAll(archiveURL)
        let fromFolder = try FDBTestData.readAll(FDBTestData.fixture)
        #expect(fromZip.map(\.offer) == fromFolder.map(\.offer))
        let entryWarning = try #require(fromZip.flatMap(\.diagnostics).first { $0.message.contains("control character") })
        #expect(entryWarning.location.entry == "BMWI/FDB/Content/DE/Foerderprogramm/Bund/BMWE/testprogramm-bundesweit.xml")
        #expect(entryWarning.location.file == "fdb-export.zip")
    }

    @Test("the three real sample programmes import with title, provider, contacts, links and codes",
          .enabled(if: FDBTestData.sampleAvailable, "needs ../shared/catalogues/foerderdatenbank-export-sample"))
    func realSample() throws {
        let records = try FDBTestData.readAll(FDBTestData.sample)
        #expect(records.count == 3)
        for record in records {
            let offer = try #require(record.offer)
            #expect(record.isValid, "\(offer.id): \(record.diagnostics)")
            #expect(!offer.title.isEmpty)
            #expect(!offer.provider.name.isEmpty)
            #expect(offer.provider.contact != nil)
            #expect(!offer.instruments.isEmpty)
            #expect(!offer.topics.isEmpty)
            #expect(offer.eligibility.applicantTypes?.isEmpty == false)
            #expect(offer.eligibility.regions == ["DE"])
            #expect(offer.link(.application) != nil)
        }
        // Every programme has a legal basis: two link theirs; the Einstiegsgeld text only names
        // SGB II, which the citation table turns into a link to the statute.
        let legal = records.compactMap(\.offer).filter { $0.link(.legalBasis) != nil }.map(\.id.localID).sorted()
        #expect(legal == ["Foerderprogramm/Bund/BA/eingliederungszuschuss-bund", "Foerderprogramm/Bund/BKM/deutsch-franzoesische-kooperationen-film-ffa",
                          "Foerderprogramm/Bund/BMAS/einstiegsgeld"])
        let einstiegsgeld = try #require(records.compactMap(\.offer).first { $0.id.localID.hasSuffix("/einstiegsgeld") })
        #expect(einstiegsgeld.links.filter { $0.kind == .legalBasis }.map(\.url) == ["https://www.gesetze-im-internet.de/sgb_2/"],
                "SGB II is cited; SGB III is not, and must not be found inside \"SGB II\"")
        let bundesweitQuirk = records.flatMap(\.diagnostics).filter { $0.message.contains("twin of `_bundesweit`") }
        #expect(bundesweitQuirk.count == 2, "two programmes use the twin code bundesweit")
    }

    @Test("Eingliederungszuschuss (real sample) has the pinned values",
          .enabled(if: FDBTestData.sampleAvailable, "needs ../shared/catalogues/foerderdatenbank-export-sample"))
    func eingliederungszuschuss() throws {
        let records = try FDBTestData.readAll(FDBTestData.sample)
        let offer = try #require(FDBTestData.record(records, "Foerderprogramm/Bund/BA/eingliederungszuschuss-bund")?.offer)
        #expect(offer.id.description == "fdb:Foerderprogramm/Bund/BA/eingliederungszuschuss-bund")
        #expect(offer.title == "Finanzielle Unterstützungsmöglichkeiten bei Neueinstellungen (Eingliederungszuschüsse)")
        #expect(offer.summary == "Für die Einstellung von förderungsbedürftigen Arbeitnehmerinnen und Arbeitnehmern können Sie als Arbeitgeberin oder Arbeitgeber unter bestimmten Voraussetzungen einen Zuschuss erhalten.")
        #expect(offer.provider == Provider(
            name: "Bundesagentur für Arbeit (BA)", level: .federal,
            contact: Contact(name: "Bundesagentur für Arbeit (BA)", phone: "+49 800 455-5520",
                             address: "Regensburger Straße 104, 90478 Nürnberg", url: "http://www.arbeitsagentur.de/")))
        #expect(offer.instruments == [.grant])
        #expect(offer.topics == ["arbeit"])
        #expect(offer.eligibility.applicantTypes == [.company, .association, .publicBody])
        #expect(offer.eligibility.regions == ["DE"])
        #expect(offer.eligibility.companySizes == [.micro, .small, .medium, .large])
        #expect(offer.links == [
            Link(kind: .application, url: "https://www.arbeitsagentur.de/unternehmen/finanziell/foerderung-arbeitsaufnahme",
                 title: "Bundesagentur für Arbeit - Förderung der Arbeitsaufnahme"),
            Link(kind: .application, url: "https://web.arbeitsagentur.de/portal/metasuche/suche/dienststellen",
                 title: "Suchübersicht der zuständigen Agenturen für Arbeit"),
            Link(kind: .legalBasis, url: "https://www.arbeitsagentur.de/datei/dok_ba033295.pdf",
                 title: "Informationen für Arbeitgeber. Eingliederungszuschuss ? Finanzielle Unterstützungsmöglichkeiten bei Neueinstellungen Stand: Januar 2024 Bundesagentur für Arbeit"),
        ])
        #expect(offer.lastUpdated == Day(year: 2020, month: 1, day: 15))
        #expect(offer.keywords.first == "Eingliederung")
        #expect(offer.originalCodes["Foerdergebiet"] == ["_bundesweit"])
        #expect(offer.originalCodes["UF_Arbeit"] == nil && offer.originalCodes["UFArbeit"] == ["eingliederung_besonderer_zielgruppen", "betriebliche_arbeitsplaetze"])
        #expect(offer.description.contains("Die Bundesagentur für Arbeit (BA) unterstützt Sie bei der Einstellung"))
        #expect(offer.sourceURL == "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BA/eingliederungszuschuss-bund.html")
    }

    @Test("the full 2026-03 archive (1,434 programmes) reads completely",
          .enabled(if: FDBTestData.archiveAvailable, "needs ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip"))
    func fullArchive() throws {
        let records = try FDBTestData.readAll(FDBTestData.fullArchive)
        #expect(records.count == 1434)
        let offers = records.compactMap(\.offer)
        #expect(offers.count == 1434)
        #expect(Set(offers.map(\.id)).count == 1434, "local ids are unique")
        let invalid = records.filter { !$0.isValid }
        #expect(invalid.isEmpty, "\(invalid.prefix(3).map { $0.diagnostics })")

        var byRegion: [String: Int] = [:]
        var byInstrument: [String: Int] = [:]
        var byApplicant: [String: Int] = [:]
        var byLevel: [String: Int] = [:]
        for offer in offers {
            for region in offer.eligibility.regions ?? [] { byRegion[region.rawValue, default: 0] += 1 }
            for instrument in offer.instruments { byInstrument[instrument.rawValue, default: 0] += 1 }
            for type in offer.eligibility.applicantTypes ?? [] { byApplicant[type.rawValue, default: 0] += 1 }
            byLevel[offer.provider.level.rawValue, default: 0] += 1
        }
        print("FDB archive: regions \(byRegion.sorted { $0.key < $1.key })")
        print("FDB archive: instruments \(byInstrument.sorted { $0.key < $1.key })")
        print("FDB archive: applicant types \(byApplicant.sorted { $0.key < $1.key })")
        print("FDB archive: provider levels \(byLevel.sorted { $0.key < $1.key })")
        // Bund/ 568 + EU/ 41 + the two outside Foerderprogramm/ with BUND = 611 nationwide
        // (README of the data: bundeslaender BUND 611, SN 158, BY 156).
        #expect(byRegion["DE"] == 611)
        #expect(byRegion["DE-SN"] == 158)
        #expect(byRegion["DE-BY"] == 156)
        #expect(byRegion.values.reduce(0, +) == 1434, "one Fördergebiet per generated programme")
        #expect(byLevel["federal"] == 568, "Foerdergeber bund: the programmes under Bund/ (the three real ones among them)")
        #expect(byLevel["state"] == 823)
        #expect(byLevel["eu"] == 41)
        let unnamed = records.flatMap(\.diagnostics).filter { $0.message.contains("no funding body") }
        #expect(unnamed.count == 1434 - 1156 - 3, "1,156 generated and the 3 real programmes link a funding body; the others are named after level and area")
        #expect(byInstrument.values.reduce(0, +) >= 1434)
        #expect(byApplicant["company"] ?? 0 > 0)
    }
}

@Suite("ZIP safety")
struct ZIPSafetyTests {
    @Test("an entry name with .. or an absolute path is rejected with a clear error")
    func pathTraversal() throws {
        let directory = try FDBTestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["../evil.xml", "BMWI/FDB/../../../etc/passwd.xml", "/etc/evil.xml"] {
            let archiveURL = directory.appendingPathComponent("traversal-\(abs(name.hashValue)).zip")
            let archive = try Archive(url: archiveURL, accessMode: .create)
            let payload = Data("<document name=\"x\" path=\"/BMWI\" type=\"gsb:ServiceOffer\"/>".utf8)
            try archive.addEntry(with: "BMWI/FDB/Content/DE/ok.xml", type: .file, uncompressedSize: Int64(payload.count)) { position, size in
                payload.subdata(in: Int(position)..<Int(position) + size)
            }
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(payload.count)) { position, size in
                payload.subdata(in: Int(position)..<Int(position) + size)
            }
            let error = try #require(throws: CatalogReadError.self) {
                _ = try FDBTestData.readAll(archiveURL)
            }
            #expect(error.message.contains("unsafe entry name"), "\(error)")
            #expect(error.location.entry == name)
        }
    }

    @Test("a zip bomb is rejected before it is inflated, by ratio and by total size")
    func zipBomb() throws {
        let directory = try FDBTestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archiveURL = directory.appendingPathComponent("bomb.zip")
        let archive = try Archive(url: archiveURL, accessMode: .create)
        let size = 64 * 1024 * 1024
        let zeros = Data(count: 1024 * 1024)
        try archive.addEntry(with: "BMWI/FDB/Content/DE/bomb.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { _, chunk in
            zeros.prefix(chunk)
        }
        let compressed = (try FileManager.default.attributesOfItem(atPath: archiveURL.path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(compressed < size / 200, "the test archive really is a bomb (\(compressed) bytes)")

        let byRatio = try #require(throws: CatalogReadError.self) { _ = try FDBTestData.readAll(archiveURL) }
        #expect(byRatio.message.contains("zip bomb"), "\(byRatio)")
        #expect(byRatio.location.entry == "BMWI/FDB/Content/DE/bomb.xml")

        var limits = ReadLimits()
        limits.maxCompressionRatio = 1_000_000
        limits.maxArchiveEntryBytes = 128 * 1024 * 1024
        limits.maxArchiveInflatedBytes = 16 * 1024 * 1024
        let context = ReadContext(taxonomies: BundledCatalog.taxonomies, limits: limits)
        let bySize = try #require(throws: CatalogReadError.self) { _ = try FDBTestData.readAll(archiveURL, context: context) }
        #expect(bySize.message.contains("unpacks to more than"), "\(bySize)")

        var few = ReadLimits()
        few.maxArchiveEntries = 0
        let byCount = try #require(throws: CatalogReadError.self) {
            _ = try FDBTestData.readAll(archiveURL, context: ReadContext(taxonomies: BundledCatalog.taxonomies, limits: few))
        }
        #expect(byCount.message.contains("more than 0 entries"))
    }

    @Test("a file that is not a ZIP is a clear error")
    func notAZip() throws {
        let directory = try FDBTestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("broken.zip")
        try Data("PK\u{03}\u{04}this is not really a zip".utf8).write(to: url)
        let error = try #require(throws: CatalogReadError.self) { _ = try FDBTestData.readAll(url) }
        #expect(error.message.contains("ZIP"))
    }
}
