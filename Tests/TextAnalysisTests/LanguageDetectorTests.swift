import Testing
import TextAnalysis

@Suite("Language detection")
struct LanguageDetectorTests {
    @Test("Short German texts are German", arguments: [
        "Wir fördern KI-Projekte in Sachsen",
        "Bürgschaft für Gründer",
        "Zuschuss für die Digitalisierung",
        "Wir sind ein kleines Softwareunternehmen aus Leipzig mit zwölf Mitarbeitenden.",
        "Verein für Jugendarbeit sucht Förderung",
        "Energieeffizienz im Handwerk",
    ])
    func german(text: String) {
        #expect(LanguageDetector.detect(text) == .german)
    }

    @Test("Short English texts are English", arguments: [
        "Support for AI start-ups in Saxony",
        "We are a small company developing software",
        "funding for research and development",
        "The association runs youth sports programmes",
        "grants for energy efficiency",
    ])
    func english(text: String) {
        #expect(LanguageDetector.detect(text) == .english)
    }

    @Test("Texts without evidence are unknown", arguments: ["", "KI", "Software", "EFRE 2021–2027", "SAB", "AI 5G IoT"])
    func unknown(text: String) {
        #expect(LanguageDetector.detect(text) == nil)
    }

    @Test("Every summary of the bundled catalogue is detected as its declared language")
    func catalogueSummaries() throws {
        let summaries = try Fixtures.catalogueSummaries()
        try #require(summaries.count >= 50)
        let wrong = summaries.filter { LanguageDetector.detect($0.summary)?.rawValue != $0.language }
        #expect(wrong.isEmpty, "misdetected: \(wrong.prefix(5).map(\.summary))")
    }

    @Test("Titles of the bundled catalogue are mostly German and rarely taken for English")
    func catalogueTitles() throws {
        let titles = try Fixtures.catalogueTitles()
        let detected = titles.map(LanguageDetector.detect)
        // A few titles are English names ("European Digital Innovation Hub Saxony"); more than 5 %
        // taken for English would mean the detector reads German as English.
        let english = zip(titles, detected).filter { $0.1 == .english }.map(\.0)
        #expect(english.count <= titles.count / 20, "taken for English: \(english)")
        #expect(detected.filter { $0 == .german }.count >= titles.count / 2)
    }

    @Test(
        "US grant titles and descriptions are English, never German",
        .enabled(if: Fixtures.isGrantsGovAvailable, "needs ../shared/catalogues/grants-gov (reference data beside the package)")
    )
    func grantsGov() throws {
        let titles = try Fixtures.grantsGovValues(of: "OpportunityTitle", limit: 500)
        let descriptions = try Fixtures.grantsGovValues(of: "Description", limit: 300).map { String($0.prefix(300)) }
        try #require(titles.count >= 100 && descriptions.count >= 100)
        let titleResults = titles.map(LanguageDetector.detect)
        let germanTitles = zip(titles, titleResults).filter { $0.1 == .german }.map(\.0)
        #expect(germanTitles.count <= titles.count / 100, "taken for German: \(germanTitles.prefix(10))")
        #expect(titleResults.filter { $0 == .english }.count >= titles.count * 7 / 10)
        let descriptionResults = descriptions.map(LanguageDetector.detect)
        #expect(descriptionResults.filter { $0 == .english }.count >= descriptions.count * 95 / 100)
        #expect(!descriptionResults.contains(.german))
    }
}
