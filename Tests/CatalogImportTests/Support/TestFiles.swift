import BundledCatalog
import CatalogImport
import Foundation
import SupportModel

/// A fresh temporary folder per test, removed when the value is released.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("catalogimport-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        try write(Data(text.utf8), to: name)
    }

    @discardableResult
    func write(_ data: Data, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }
}

/// Reading helpers shared by the reader tests.
enum Reading {
    static let context = ReadContext(taxonomies: BundledCatalog.taxonomies)

    /// Reads every record of a file; the input is named by its file name in diagnostics.
    static func records(_ reader: some CatalogReader, _ url: URL, context: ReadContext = context) throws -> [ReadRecord] {
        var records: [ReadRecord] = []
        try reader.read(CatalogInput(url: url, displayName: url.lastPathComponent), context: context) { records.append($0) }
        return records
    }

    /// The read error a file produces, or nil when it reads.
    static func failure(_ reader: some CatalogReader, _ url: URL) -> CatalogReadError? {
        do {
            _ = try records(reader, url)
            return nil
        } catch let error as CatalogReadError {
            return error
        } catch {
            return CatalogReadError(at: SourceLocation(file: "?"), "unexpected error type: \(error)")
        }
    }
}

/// Small native-format texts written for the tests.
enum NativeSamples {
    /// One valid offer as a JSON object; `id` and replacements allow variants.
    static func offerJSON(id: String = "test-offer", replacing replacements: [(String, String)] = []) -> String {
        var text = """
        {
          "id": "\(id)",
          "title": "Innovationsprämie Test",
          "summary": "Zuschuss für kleine Unternehmen, die neue Produkte entwickeln.",
          "description": "Gefördert werden Entwicklungsvorhaben.\\n\\nAnträge vor Beginn stellen.",
          "language": "de",
          "provider": { "name": "Testbank", "level": "state" },
          "links": [ { "kind": "information", "url": "https://example.org/programm", "title": "Programmseite" } ],
          "instruments": ["grant"],
          "topics": ["forschung_innovation_themenoffen"],
          "keywords": ["Innovation", "Produktentwicklung", "Zuschuss"],
          "eligibility": { "applicantTypes": ["company"], "companySizes": ["micro", "small"], "regions": ["DE-SN"] },
          "funding": { "currency": "EUR", "amountMin": 5000, "amountMax": 200000, "rateMax": 50 },
          "schedule": { "status": "open", "opens": "2026-01-01", "deadlines": ["2026-12-31"] },
          "sourceURL": "https://example.org/quelle",
          "asOf": "2026-11-28"
        }
        """
        for (old, new) in replacements {
            precondition(text.contains(old), "sample does not contain \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static func catalogueJSON(_ offers: [String], source: String = "test") -> String {
        """
        {
          "format": "supportmatch-catalogue",
          "version": 1,
          "source": "\(source)",
          "offers": [
        \(offers.joined(separator: ",\n"))
          ]
        }

        """
    }
}

extension NativeSamples {
    /// One valid offer as an `<offer>` element (31 lines, so the second offer of a catalogue
    /// starts on line 34).
    static func offerXML(id: String = "test-offer", replacing replacements: [(String, String)] = []) -> String {
        var text = """
          <offer id="\(id)">
            <title>Innovationsprämie &lt;Test&gt; &amp; mehr</title>
            <summary>Zuschuss für kleine Unternehmen, die neue Produkte entwickeln.</summary>
            <description>Gefördert werden Entwicklungsvorhaben.

        Anträge vor Beginn stellen.</description>
            <language>de</language>
            <provider><name>Testbank</name><level>state</level></provider>
            <links>
              <link><kind>information</kind><url>https://example.org/programm</url><title>Programmseite</title></link>
              <link><kind>application</kind><url>https://example.org/antrag</url></link>
            </links>
            <instruments><instrument>grant</instrument></instruments>
            <topics><topic>forschung_innovation_themenoffen</topic></topics>
            <keywords><keyword>Innovation</keyword><keyword>Produktentwicklung</keyword><keyword>Zuschuss</keyword></keywords>
            <eligibility>
              <applicantTypes><applicantType>company</applicantType></applicantTypes>
              <companySizes><companySize>micro</companySize><companySize>small</companySize></companySizes>
              <regions><region>DE-SN</region></regions>
              <sectors><include><sector>C</sector><sector>62</sector></include><exclude><sector>A</sector></exclude></sectors>
              <companyAge><minYears>0</minYears><maxYears>5</maxYears></companyAge>
            </eligibility>
            <funding><currency>EUR</currency><amountMin>5000</amountMin><amountMax>200000</amountMax><rateMax>50.5</rateMax></funding>
            <schedule>
              <status>open</status>
              <opens>2026-01-01</opens>
              <deadlines><deadline>2026-12-31</deadline></deadlines>
            </schedule>
            <sourceURL>https://example.org/quelle</sourceURL>
            <asOf>2026-11-28</asOf>
          </offer>
        """
        for (old, new) in replacements {
            precondition(text.contains(old), "sample does not contain \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static func catalogueXML(_ offers: [String], source: String = "test") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalogue xmlns=\"\(NativeFormat.xmlNamespace)\" version=\"1\" source=\"\(source)\">\n"
            + offers.joined(separator: "\n") + "\n</catalogue>\n"
    }
}

/// The schema files of `Catalog/schema/`, as the application finds them: through the
/// bundled catalogue's resources (a build-time copy of the one file in `Catalog/schema/`).
enum SchemaFiles {
    static var directory: URL { BundledCatalog.schemaDirectory }

    /// The package root, for the schema check script.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func xsd() throws -> Data { try Data(contentsOf: directory.appendingPathComponent("catalogue.xsd")) }
}
