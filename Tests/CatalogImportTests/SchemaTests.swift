import BundledCatalog
import CatalogImport
import Foundation
import SupportModel
import Testing

/// The JSON Schema and the XSD in `Catalog/schema/` state the same rules as the readers.
@Suite("Catalogue schemas")
struct SchemaTests {
    @Test("the schema check script passes (JSON Schema vs. bundled offers, taxonomies, broken offers)",
          .enabled(if: Python.hasJSONSchema, "needs python3 with the jsonschema module"))
    func schemaCheckScript() throws {
        let script = SchemaFiles.packageRoot.appendingPathComponent("Tests/schema/check_schemas.py")
        let run = try Python.run([script.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains(" passed, 0 failed"), "\(run.output)")
    }

    @Test("every bundled offer, written as XML, is accepted by the XSD")
    func bundledOffersMatchXSD() throws {
        let folder = try TemporaryFolder()
        let validator = XMLSchemaValidator(schema: try SchemaFiles.xsd())
        var checked = 0
        for url in try BundledCatalog.offerFiles() where url.pathExtension == "json" {
            let records = try Reading.records(NativeJSONReader(), url)
            for record in records {
                guard let offer = record.offer else {
                    Issue.record("\(record.location): not readable: \(record.diagnostics)")
                    continue
                }
                let file = try folder.write(try NativeXMLWriter.data(source: offer.id.source, offers: [offer]), to: "\(offer.id.localID).xml")
                let problems = try validator.problems(in: CatalogInput(url: file))
                #expect(problems.isEmpty, "\(offer.id): \(problems)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test("every bundled offer is valid for the JSON reader (no errors)")
    func bundledOffersRead() throws {
        for url in try BundledCatalog.offerFiles() where url.pathExtension == "json" {
            let records = try Reading.records(NativeJSONReader(), url)
            let errors = records.flatMap(\.diagnostics).filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        }
    }

    /// Broken offers, as XML edits of the valid sample: each must be rejected by the XSD and by
    /// the reader with and without the XSD. Mirrors `INVALID` in Tests/schema/check_schemas.py.
    static let brokenOffers: [(String, String, String)] = [
        ("missing title", "<title>Innovationsprämie &lt;Test&gt; &amp; mehr</title>", ""),
        ("impossible date 2026-02-31", "<asOf>2026-11-28</asOf>", "<asOf>2026-02-31</asOf>"),
        ("date with time", "<opens>2026-01-01</opens>", "<opens>2026-01-01T00:00:00</opens>"),
        ("unknown instrument", "<instrument>grant</instrument>", "<instrument>gift</instrument>"),
        ("no instrument", "<instruments><instrument>grant</instrument></instruments>", "<instruments></instruments>"),
        ("unknown topic", "<topic>forschung_innovation_themenoffen</topic>", "<topic>weltraum</topic>"),
        ("unknown region", "<region>DE-SN</region>", "<region>DE-XX</region>"),
        ("unknown applicant type", "<applicantType>company</applicantType>", "<applicantType>alien</applicantType>"),
        ("negative amount", "<amountMax>200000</amountMax>", "<amountMax>-1</amountMax>"),
        ("rate over 100", "<rateMax>50.5</rateMax>", "<rateMax>120</rateMax>"),
        ("amount not a number", "<amountMin>5000</amountMin>", "<amountMin>5.000,00</amountMin>"),
        ("bad status", "<status>open</status>", "<status>opened</status>"),
        ("bad provider level", "<level>state</level>", "<level>national</level>"),
        ("bad link kind", "<kind>application</kind>", "<kind>homepage</kind>"),
        ("link without http", "<url>https://example.org/antrag</url>", "<url>www.example.org</url>"),
        ("unknown element (typo)", "<asOf>2026-11-28</asOf>", "<asOf>2026-11-28</asOf><keywrds/>"),
        ("language not a two-letter code", "<language>de</language>", "<language>deutsch</language>"),
        ("fractional company age", "<maxYears>5</maxYears>", "<maxYears>2.5</maxYears>"),
        ("bad sector code", "<sector>C</sector>", "<sector>Z</sector>"),
        ("bad size class", "<companySize>micro</companySize>", "<companySize>tiny</companySize>"),
        ("field twice", "<language>de</language>", "<language>de</language><language>en</language>"),
        ("text where elements belong", "<provider><name>", "<provider>Bank<name>"),
        ("blank id", "<offer id=\"test-offer\">", "<offer id=\"  \">"),
        ("id with markup", "<offer id=\"test-offer\">", "<offer id=\"&lt;b&gt;x\">"),
    ]

    /// Editorial rules of hand-written catalogues that imported offers break (issue 14; these
    /// were errors before): the format carries every offer the store holds, so the XSD accepts
    /// them and the reader warns at the field. Mirrors `EDITORIAL` in check_schemas.py.
    static let editorialOffers: [(String, String, String, String)] = [
        ("empty summary", "summary", "<summary>Zuschuss für kleine Unternehmen, die neue Produkte entwickeln.</summary>", "<summary>  </summary>"),
        ("summary over 300 characters", "summary", "<summary>Zuschuss für kleine Unternehmen, die neue Produkte entwickeln.</summary>",
         "<summary>\(String(repeating: "x", count: 301))</summary>"),
        ("an imported source's id", "id", "<offer id=\"test-offer\">", "<offer id=\"Foerderprogramm/Bund/BMG/Themenoffen\">"),
        ("missing asOf", "asOf", "<asOf>2026-11-28</asOf>", ""),
        ("missing sourceURL", "sourceURL", "<sourceURL>https://example.org/quelle</sourceURL>", ""),
        ("language fr", "language", "<language>de</language>", "<language>fr</language>"),
    ]

    @Test("editorial rules: accepted by the XSD, read with a located warning at the field",
          arguments: editorialOffers.map { ($0.0, $0.1, $0.2, $0.3) })
    func editorialRuleWarns(name: String, field: String, old: String, new: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueXML([NativeSamples.offerXML(replacing: [(old, new)])]), to: "editorial.xml")
        #expect(try XMLSchemaValidator(schema: try SchemaFiles.xsd()).problems(in: CatalogInput(url: file)).isEmpty, "XSD refused: \(name)")
        for reader in [NativeXMLReader(schema: try SchemaFiles.xsd()), NativeXMLReader()] {
            let records = try Reading.records(reader, file)
            #expect(records.count == 1 && records[0].isValid, "reader refused: \(name): \(records.flatMap(\.diagnostics))")
            let warning = records.first?.diagnostics.first { $0.field == field }
            #expect(warning?.severity == .warning && warning?.location.line != nil, "\(name): \(String(describing: warning))")
        }
    }

    @Test("the complete XML sample is accepted by the XSD")
    func sampleIsValid() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueXML([NativeSamples.offerXML()]), to: "valid.xml")
        #expect(try XMLSchemaValidator(schema: try SchemaFiles.xsd()).problems(in: CatalogInput(url: file)).isEmpty)
    }

    @Test("broken offers are rejected by the XSD and by the reader, with and without the XSD",
          arguments: brokenOffers.map { ($0.0, $0.1, $0.2) })
    func brokenOfferIsRejected(name: String, old: String, new: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(NativeSamples.catalogueXML([NativeSamples.offerXML(replacing: [(old, new)])]), to: "broken.xml")

        let problems = try XMLSchemaValidator(schema: try SchemaFiles.xsd()).problems(in: CatalogInput(url: file))
        #expect(!problems.isEmpty, "XSD accepted: \(name)")
        #expect(problems.allSatisfy { $0.location.line != nil }, "\(problems)")

        for reader in [NativeXMLReader(schema: try SchemaFiles.xsd()), NativeXMLReader()] {
            if Reading.failure(reader, file) == nil {
                let records = try Reading.records(reader, file)
                #expect(records.count == 1 && !records[0].isValid, "reader accepted: \(name)")
            }
        }
    }
}

/// python3 with jsonschema, when the machine has it.
enum Python {
    static let hasJSONSchema: Bool = (try? run(["-c", "import jsonschema"]).status == 0) ?? false

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
