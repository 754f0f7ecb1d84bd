import BundledCatalog
import Foundation
import SupportModel
import Testing

/// Issue 15: one parser for what people type, in the CLI, `ask`, the advisor form and profile
/// files. Every accepted form and every refusal message, in German and English.
@Suite("answer parser (issue 15)")
struct AnswerParserTests {
    static let today = Day(year: 2026, month: 11, day: 28)!
    let german = AnswerParser(taxonomies: BundledCatalog.taxonomies, today: today, language: .german)
    let english = AnswerParser(taxonomies: BundledCatalog.taxonomies, today: today, language: .english)

    func question(_ pointer: String) -> Question { Questionnaire.question(at: pointer)! }

    func value(_ parser: AnswerParser, _ text: String, _ pointer: String) -> Answer? {
        try? parser.read(text, for: question(pointer)).get()
    }

    func refusal(_ parser: AnswerParser, _ text: String, _ pointer: String) -> String? {
        guard case .failure(let error) = parser.read(text, for: question(pointer)) else { return nil }
        return error.message(parser.language)
    }

    @Test("amounts as Germans and English speakers write them", arguments: [
        ("1,5 Mio", 1_500_000.0), ("1.500.000", 1_500_000), ("250 000", 250_000), ("250k", 250_000), ("2.5m", 2_500_000),
        ("250.000", 250_000), ("250,000", 250_000), ("1.500.000,50", 1_500_000.5), ("1,500,000.50", 1_500_000.5),
        ("80000 €", 80_000), ("EUR 80.000", 80_000), ("2 Mrd", 2e9), ("1,25 Millionen", 1_250_000), ("3 Tsd.", 3_000),
        ("1.2 million", 1_200_000), ("250\u{202F}000", 250_000), ("1'500'000", 1_500_000), ("1234,56", 1234.56), ("0", 0),
    ])
    func amounts(text: String, expected: Double) {
        #expect(value(german, text, "/annualTurnover") == .amount(expected), "de: \(text)")
        #expect(value(english, text, "/annualTurnover") == .amount(expected), "en: \(text)")
    }

    @Test("a magnitude after three decimals follows the language's decimal mark")
    func magnitudeAndLanguage() {
        #expect(value(german, "1.500 Mio", "/amountNeeded") == .amount(1.5e9))
        #expect(value(english, "1.500 Mio", "/amountNeeded") == .amount(1.5e6))
        #expect(value(german, "1,500 Mio", "/amountNeeded") == .amount(1.5e6))
        #expect(value(english, "1,500 Mio", "/amountNeeded") == .amount(1.5e9))
    }

    @Test("a fraction of a euro is refused with the likely reading, never rounded")
    func fractionsRefused() {
        #expect(refusal(german, "1,5", "/annualTurnover")
            == "erwartet: einen Betrag in EUR wie 250000, 250.000, 250 000, 250k oder 1,5 Mio; gelesen: „1,5“; als Betrag wären das nur Cent; gemeint ist wohl „1,5 Mio“ (1.500.000 €)?")
        #expect(refusal(english, "1.5", "/annualTurnover")
            == "expected an amount in EUR such as 250000, 250,000, 250 000, 250k or 1.5m, found \"1.5\"; as an amount that is less than a thousand euros with cents; did you mean \"1.5m\" (€1,500,000)?")
        #expect(refusal(german, "1.5", "/annualTurnover") != nil)
    }

    @Test("unreadable amounts say what was read and expected", arguments: ["viel", "1.5.2027", "12 34", "1,50,000", "1e6", "--5", "5 Äpfel"])
    func unreadableAmounts(text: String) {
        #expect(refusal(german, text, "/amountNeeded") == "erwartet: einen Betrag in EUR wie 250000, 250.000, 250 000, 250k oder 1,5 Mio; gelesen: „\(text)“")
        #expect(refusal(english, text, "/amountNeeded") == "expected an amount in EUR such as 250000, 250,000, 250 000, 250k or 1.5m, found \"\(text)\"")
    }

    @Test("negative and huge amounts are out of range")
    func amountRange() {
        #expect(refusal(german, "-5", "/amountNeeded") == "erwartet: einen Betrag in EUR von 0 bis 10^15; gelesen: „-5“")
        #expect(refusal(english, "2000000 Mrd", "/amountNeeded") == "expected an amount in EUR between 0 and 10^15, found \"2000000 Mrd\"")
    }

    @Test("headcounts and years")
    func wholeNumbers() {
        #expect(value(german, "1.500", "/employees") == .integer(1500))
        #expect(value(english, "24", "/employees") == .integer(24))
        #expect(refusal(german, "12,5", "/employees") == "erwartet: eine ganze Zahl wie 12; gelesen: „12,5“")
        #expect(refusal(english, "twelve", "/employees") == "expected a whole number such as 12, found \"twelve\"")
        #expect(refusal(english, "20 000 000", "/employees") == "expected a whole number between 0 and 10,000,000, found \"20 000 000\"")
        #expect(refusal(german, "20 000 000", "/employees") == "erwartet: eine ganze Zahl von 0 bis 10.000.000; gelesen: „20 000 000“")
        #expect(value(german, "2019", "/yearFounded") == .integer(2019))
        #expect(refusal(german, "19x", "/yearFounded") == "erwartet: eine Jahreszahl wie 2019; gelesen: „19x“")
        #expect(refusal(english, "2.019", "/yearFounded") == "expected a year such as 2019, found \"2.019\"")
        #expect(refusal(english, "2031", "/yearFounded") == "expected a year between 1000 and 2027, found 2031")
        #expect(refusal(german, "2031", "/yearFounded") == "erwartet: eine Jahreszahl von 1000 bis 2027; gelesen: 2031")
    }

    @Test("regions by code, name in either language, district names", arguments: [
        ("/location/state", "Sachsen", "DE-SN"), ("/location/state", "Saxony", "DE-SN"), ("/location/state", "DE-SN", "DE-SN"),
        ("/location/state", "de-sn", "DE-SN"), ("/location/state", "sachsen", "DE-SN"), ("/location/state", "Bavaria", "DE-BY"),
        ("/location/district", "Dresden", "DED21"), ("/location/district", "DED21", "DED21"), ("/location/district", "Görlitz", "DED2D"),
        ("/location/district", "Goerlitz", "DED2D"), ("/location/district", "Stadt Leipzig", "DED51"),
        ("/location/district", "Landkreis Leipzig", "DED52"), ("/location/district", "Dresden, Kreisfreie Stadt", "DED21"),
        ("/location/country", "Deutschland", "DE"), ("/location/country", "Germany", "DE"), ("/location/country", "DE", "DE"),
    ])
    func regions(pointer: String, text: String, code: String) {
        #expect(value(german, text, pointer) == .code(code))
        #expect(value(english, text, pointer) == .code(code))
    }

    @Test("region refusals: unknown, ambiguous, wrong level")
    func regionRefusals() {
        #expect(refusal(german, "Leipzig", "/location/district")
            == "erwartet: einen Landkreis oder eine kreisfreie Stadt wie „Dresden“ oder „DED21“; gelesen: „Leipzig“; mehrdeutig: DED51 (Leipzig, Kreisfreie Stadt) oder DED52 (Leipzig, Landkreis)")
        #expect(refusal(english, "Leipzig", "/location/district")
            == "expected a district such as \"Dresden\" or \"DED21\", found \"Leipzig\"; ambiguous: DED51 (Leipzig, Kreisfreie Stadt) or DED52 (Leipzig, Landkreis)")
        #expect(refusal(german, "Dresden", "/location/state")
            == "erwartet: ein Bundesland wie „Sachsen“ oder „DE-SN“; gelesen: „Dresden“; das ist ein Landkreis (DED21, Dresden, Kreisfreie Stadt)")
        #expect(refusal(english, "Dresden", "/location/state")
            == "expected a state such as \"Saxony\" or \"DE-SN\", found \"Dresden\"; that is a district (DED21, Dresden, Kreisfreie Stadt)")
        #expect(refusal(german, "Sachsn", "/location/state") == "erwartet: ein Bundesland wie „Sachsen“ oder „DE-SN“; gelesen: „Sachsn“; meinten Sie „DE-SN“ (Sachsen)?")
        #expect(refusal(english, "Sachsn", "/location/state") == "expected a state such as \"Saxony\" or \"DE-SN\", found \"Sachsn\"; did you mean \"DE-SN\" (Sachsen)?")
        #expect(refusal(english, "Atlantis", "/location/country") == "expected a country such as \"DE\" or \"Germany\", found \"Atlantis\"")
        #expect(refusal(german, "Atlantis", "/location/country") == "erwartet: einen Staat wie „DE“ oder „Deutschland“; gelesen: „Atlantis“")
    }

    @Test("yes and no in both languages", arguments: [
        ("yes", true), ("ja", true), ("true", true), ("Ja", true), ("y", true), ("j", true),
        ("no", false), ("nein", false), ("false", false), ("NEIN", false), ("n", false),
    ])
    func yesNo(text: String, expected: Bool) {
        #expect(value(german, text, "/projectStarted") == .bool(expected))
        #expect(value(english, text, "/projectStarted") == .bool(expected))
    }

    @Test("yes/no refusal")
    func yesNoRefusal() {
        #expect(refusal(german, "vielleicht", "/projectStarted") == "erwartet: ja oder nein (auch yes/no, true/false); gelesen: „vielleicht“")
        #expect(refusal(english, "maybe", "/projectStarted") == "expected yes or no (also true/false, ja/nein), found \"maybe\"")
    }

    @Test("vocabularies by code, label or alias; lists; refusals")
    func vocabularies() {
        #expect(value(german, "Verein", "/applicantType") == .code("association"))
        #expect(value(english, "company", "/applicantType") == .code("company"))
        #expect(value(german, "Zuschuss, Kredit", "/preferredInstruments") == .codes(["grant", "loan"]))
        #expect(value(english, "digitalisierung; Beratung", "/topics").flatMap(\.codes) == ["digitalisierung", "beratung"])
        #expect(value(german, "Kleinstunternehmen", "/sizeClass") == .code("micro"))
        #expect(value(english, "English", "/language") == .code("en"))
        #expect(refusal(german, "riesig", "/sizeClass")
            == "erwartet: eins von micro (Kleinstunternehmen), small (Kleines Unternehmen), medium (Mittleres Unternehmen), large (Großunternehmen); gelesen: „riesig“")
        #expect(refusal(english, "huge", "/sizeClass") == "expected one of micro, small, medium, large, found \"huge\"")
        #expect(refusal(english, "Vereinn", "/applicantType")?.hasSuffix("found \"Vereinn\"; did you mean \"association\" (Verband/Vereinigung)?") == true)
        #expect(refusal(german, "Vereinn", "/applicantType")?.hasSuffix("gelesen: „Vereinn“; meinten Sie „association“ (Verband/Vereinigung)?") == true)
        guard case .failure(let error) = english.read("grant, Kreditt", for: question("/preferredInstruments")) else {
            Issue.record("a list with an unknown instrument was accepted")
            return
        }
        #expect(error.pointerSuffix == "/1")
        #expect(error.message(.english).contains("did you mean \"loan\""))
    }

    @Test("sectors, days")
    func sectorsAndDays() {
        #expect(value(german, "62.01", "/sector") == .code("62.01"))
        #expect(value(german, "62,01", "/sector") == .code("62.01"))
        #expect(value(english, "j", "/sector") == .code("J"))
        #expect(refusal(english, "62.01.9", "/sector")
            == "expected a NACE/WZ code such as \"62.01\", \"62\" or \"J\", found \"62.01.9\"; a section A–U, division NN, group NN.N or class NN.NN")
        #expect(refusal(german, "62.01.9", "/sector")
            == "erwartet: einen WZ-2008-Code wie „62.01“, „62“ oder „J“; gelesen: „62.01.9“; ein Abschnitt A–U, eine Abteilung NN, Gruppe NN.N oder Klasse NN.NN")
        #expect(value(german, "1.3.2027", "/plannedStart") == .day(Day(year: 2027, month: 3, day: 1)!))
        #expect(value(english, "2027-03-01", "/plannedStart") == .day(Day(year: 2027, month: 3, day: 1)!))
        #expect(refusal(german, "30.2.2027", "/plannedStart") == "erwartet: ein Datum JJJJ-MM-TT oder T.M.JJJJ; gelesen: „30.2.2027“")
        #expect(refusal(english, "next spring", "/plannedStart") == "expected a date YYYY-MM-DD (or D.M.YYYY), found \"next spring\"")
    }

    @Test("a text longer than the limit is refused in both languages")
    func longText() {
        let text = String(repeating: "a", count: ProfileValidator.maxDescriptionLength + 1)
        #expect(refusal(german, text, "/projectDescription") == "erwartet: höchstens 20000 Zeichen (Unicode-Skalare); gelesen: 20001")
        #expect(refusal(english, text, "/projectDescription") == "expected at most 20000 characters (Unicode scalars), found 20001")
    }

    @Test("a profile file reads strings as typed answers, numbers and booleans as JSON has them")
    func profileFile() throws {
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Self.today)
        let profile = try decoder.decode(Data(#"""
            {"location": {"state": "Sachsen", "district": "Dresden"}, "annualTurnover": "1,5 Mio", "employees": 12,
             "projectStarted": "ja", "applicantType": "Verein", "preferredInstruments": ["Zuschuss"]}
            """#.utf8))
        #expect(profile.location == Profile.Location(state: "DE-SN", district: "DED21"))
        #expect(profile.annualTurnover == 1_500_000)
        #expect(profile.employees == 12)
        #expect(profile.projectStarted == true)
        #expect(profile.applicantType == .association)
        #expect(profile.preferredInstruments == [.grant])
    }

    @Test("the decoder speaks the answering person's language")
    func decoderLanguage() {
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Self.today, language: .german)
        #expect(throws: ProfileError.self) { try decoder.decode(Data(#"{"annualTurnover": "1,5"}"#.utf8)) }
        do {
            _ = try decoder.decode(Data(#"{"employes": 3, "projectStarted": "vielleicht", "location": {"state": "DE-BY", "district": "DED21"}}"#.utf8))
        } catch let error as ProfileError {
            let messages = Dictionary(uniqueKeysWithValues: error.issues.map { ($0.pointer, $0.message) })
            #expect(messages["/employes"] == "unbekanntes Feld; meinten Sie „employees“?")
            #expect(messages["/projectStarted"] == "erwartet: ja oder nein (auch yes/no, true/false); gelesen: „vielleicht“")
            #expect(messages["/location/district"] == "Landkreis DED21 liegt nicht in DE-BY (sondern in DE-SN)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("every question reads back what it writes")
    func roundTrip() throws {
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Self.today)
        let profile = Profile(
            id: "p", name: "n", applicantType: .company, location: Profile.Location(country: "DE", state: "DE-SN", district: "DED21"),
            employees: 24, annualTurnover: 3_200_000, balanceSheetTotal: 1_500_000.5, sizeClass: .small, yearFounded: 2019, sector: "62.01",
            topics: ["digitalisierung"], projectDescription: "KI in der Qualitätssicherung", language: .german, amountNeeded: 80_000,
            preferredInstruments: [.grant, .loan], plannedStart: Day(year: 2027, month: 3, day: 1), projectStarted: false,
            deMinimisReceived: 45_000)
        for question in Questionnaire.questions {
            #expect(question.answer(in: profile) != nil, "\(question.pointer) is not read from the profile")
        }
        // Typed back and read again, question by question.
        var typed = Profile()
        for question in Questionnaire.questions {
            let text = question.typed(in: profile).joined(separator: ", ")
            let answer = try english.read(text, for: question).get()
            question.set(answer, in: &typed)
        }
        #expect(typed == profile)
        #expect(try decoder.decode(JSONEncoder().encode(profile)) == profile)
    }
}

@Suite("answer parser: regions outside the EU")
struct AnswerParserRegionLevelTests {
    @Test("US states are states, though no EU stands above them")
    func usStates() throws {
        let parser = AnswerParser(taxonomies: BundledCatalog.taxonomies, language: .english)
        let state = Questionnaire.question(at: "/location/state")!
        #expect(try parser.read("US-TX", for: state).get() == .code("US-TX"))
        #expect(try parser.read("Texas", for: state).get() == .code("US-TX"))
        #expect(parser.check(.code("US-TX"), for: state) == nil)
        #expect(try parser.read("US", for: Questionnaire.question(at: "/location/country")!).get() == .code("US"))
    }

    /// `isKnownSector` checks the shape byte by byte instead of with the pattern it had; the two
    /// agree on every string a profile or an offer could hold, except a trailing line break,
    /// which the pattern's `$` let through (`"62\n"`) and the byte check refuses.
    @Test("sector codes: the byte check accepts exactly what the former pattern did")
    func sectorShapeEqualsPattern() {
        let pattern = #"^([A-U]|[0-9]{2}(\.[0-9]{1,2})?)$"#
        let taxonomies = BundledCatalog.taxonomies
        var samples: [String] = [""]
        let alphabet = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) } + ["\u{0663}", "\u{FF16}", "\u{00C4}", "\t", "\u{0}"]
        samples += alphabet
        for first in alphabet { for second in alphabet { samples.append(first + second) } }
        let divisions = ["01", "10", "62", "99", "00", "A", "C", "U", "V"]
        let tails = ["", ".", ".0", ".01", ".1", ".12", ".123", ",01", "..1", ".a", ".\u{0661}", " ", "x"]
        for division in divisions { for tail in tails { samples += [division + tail, " " + division + tail, division + tail + "0"] } }
        samples += ["620.1", "6.201", "62.0.1", "a", "u", "AB", "62.01.0", "𝟔𝟐"]
        var compared = 0
        for text in samples {
            let matches = text.range(of: pattern, options: .regularExpression) != nil
            let known = matches && taxonomies.sectors.contains(String(text.prefix(text.first!.isLetter ? 1 : 2)))
            #expect(taxonomies.isKnownSector(SectorCode(text)) == known, "\(text.debugDescription)")
            compared += 1
        }
        #expect(compared > 9_000)
        #expect(taxonomies.isKnownSector(SectorCode("62.01")))
        for withBreak in ["62\n", "A\n", "62.01\r\n"] {
            #expect(withBreak.range(of: pattern, options: .regularExpression) != nil)
            #expect(!taxonomies.isKnownSector(SectorCode(withBreak)), "\(withBreak.debugDescription)")
        }
    }
}
