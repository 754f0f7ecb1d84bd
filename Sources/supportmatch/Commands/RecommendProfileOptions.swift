import ArgumentParser
import BundledCatalog
import Foundation
import SupportModel

/// The questionnaire as command-line answers; shared by `recommend` and `ask`.
///
/// Answers given as flags override the same answers in `--profile FILE`. Names and aliases
/// are accepted where a code is expected (`--state Sachsen`, `--instrument Zuschuss`); an
/// answer that resolves to nothing is an error with a suggestion, never ignored.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A profile in the JSON form of Catalog/schema/profile.schema.json.", valueName: "file"))
    var profile: String?

    @Option(name: .customLong("type"), help: ArgumentHelp("Applicant type: company, founder, municipality, association, university, …", valueName: "type"))
    var applicantType: String?

    @Option(help: ArgumentHelp("Country (ISO 3166-1), e.g. DE.", valueName: "code"))
    var country: String?

    @Option(help: ArgumentHelp("State (ISO 3166-2), e.g. DE-SN or Sachsen.", valueName: "code"))
    var state: String?

    @Option(help: ArgumentHelp("District (NUTS-3), e.g. DED21 for Dresden.", valueName: "code"))
    var district: String?

    @Option(help: ArgumentHelp("Staff headcount.", valueName: "n"))
    var employees: Int?

    @Option(help: ArgumentHelp("Annual turnover in EUR.", valueName: "eur"))
    var turnover: Double?

    @Option(name: .customLong("balance-sheet"), help: ArgumentHelp("Annual balance-sheet total in EUR.", valueName: "eur"))
    var balanceSheet: Double?

    @Option(name: .customLong("size-class"), help: ArgumentHelp("micro, small, medium or large (instead of the figures).", valueName: "class"))
    var sizeClass: String?

    @Option(help: ArgumentHelp("Year the business was founded.", valueName: "year"))
    var founded: Int?

    @Option(help: ArgumentHelp("Sector as NACE/WZ code, e.g. 62.01 or J.", valueName: "code"))
    var sector: String?

    @Option(name: .customLong("topic"), help: ArgumentHelp("A project topic code (repeatable), e.g. digitalisierung.", valueName: "code"))
    var topics: [String] = []

    @Option(help: ArgumentHelp("The project in your words (German or English).", valueName: "text"))
    var text: String?

    @Option(name: .customLong("text-language"), help: ArgumentHelp("Language of --text: de or en (detected when absent).", valueName: "code"))
    var textLanguage: String?

    @Option(help: ArgumentHelp("Money the project needs, in EUR.", valueName: "eur"))
    var amount: Double?

    @Option(name: .customLong("instrument"), help: ArgumentHelp("A preferred instrument (repeatable): grant, loan, guarantee, equity, advice.", valueName: "code"))
    var instruments: [String] = []

    @Option(help: ArgumentHelp("Planned project start, YYYY-MM-DD.", valueName: "date"))
    var start: String?

    @Flag(inversion: .prefixedNo, help: "Whether the project has already started.")
    var started: Bool?

    /// Flag names by the profile's JSON pointers, so errors name what the user typed.
    static let flagNames: [String: String] = [
        "/applicantType": "--type", "/location/country": "--country", "/location/state": "--state",
        "/location/district": "--district", "/employees": "--employees", "/annualTurnover": "--turnover",
        "/balanceSheetTotal": "--balance-sheet", "/sizeClass": "--size-class", "/yearFounded": "--founded",
        "/sector": "--sector", "/topics": "--topic", "/projectDescription": "--text", "/language": "--text-language",
        "/amountNeeded": "--amount", "/preferredInstruments": "--instrument", "/plannedStart": "--start",
    ]

    /// The profile: the file's answers, then the flags over them; labels resolved, validated.
    func resolvedProfile(taxonomies: Taxonomies, today: Day) throws -> Profile {
        var result = Profile()
        if let path = profile {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw CommandFailure("cannot read profile \(path): \(error.localizedDescription)")
            }
            do {
                result = try ProfileDecoder(taxonomies: taxonomies, today: today).decode(data, source: path)
            } catch let error as ProfileError {
                throw CommandFailure("invalid profile:\n\(error)")
            }
        }
        var flagIssues: [ProfileIssue] = []
        if let applicantType { result.applicantType = ApplicantType(applicantType) }
        if country != nil || state != nil || district != nil {
            var location = result.location ?? Profile.Location()
            if let country { location.country = RegionCode(country) }
            if let state { location.state = RegionCode(state) }
            if let district { location.district = RegionCode(district) }
            result.location = location
        }
        if let employees { result.employees = employees }
        if let turnover { result.annualTurnover = turnover }
        if let balanceSheet { result.balanceSheetTotal = balanceSheet }
        if let sizeClass {
            if let parsed = SizeClass(rawValue: sizeClass.lowercased()) { result.sizeClass = parsed } else {
                flagIssues.append(ProfileIssue(pointer: "/sizeClass", message: "expected micro, small, medium or large, found \"\(sizeClass)\""))
            }
        }
        if let founded { result.yearFounded = founded }
        if let sector { result.sector = SectorCode(sector) }
        if !topics.isEmpty { result.topics = topics.map(TopicCode.init) }
        if let text { result.projectDescription = text }
        if let textLanguage { result.language = LanguageCode(textLanguage.lowercased()) }
        if let amount { result.amountNeeded = amount }
        if !instruments.isEmpty { result.preferredInstruments = instruments.map(Instrument.init) }
        if let start {
            if let day = Day(iso: start) { result.plannedStart = day } else {
                flagIssues.append(ProfileIssue(pointer: "/plannedStart", message: "expected a date YYYY-MM-DD, found \"\(start)\""))
            }
        }
        if let started { result.projectStarted = started }

        let validator = ProfileValidator(taxonomies: taxonomies, today: today)
        result = validator.resolvingLabels(in: result)
        let issues = flagIssues + validator.issues(in: result)
        guard issues.isEmpty else {
            let lines = issues.map { issue in
                let flag = Self.flagNames.first { issue.pointer.hasPrefix($0.key) }?.value
                return "  \(flag ?? issue.pointer): \(issue.message)"
            }
            throw CommandFailure("invalid answers:\n" + lines.joined(separator: "\n"))
        }
        return result
    }
}

/// Options every recommendation command shares besides the answers.
struct RecommendationOptions: ParsableArguments {
    @Flag(name: .customLong("include-closed"), help: "Keep closed offers and offers whose deadlines passed (marked).")
    var includeClosed = false

    @Option(help: ArgumentHelp("Decide deadlines as of this day (YYYY-MM-DD) instead of today.", valueName: "date"))
    var today: String?

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "Language of the output: en or de (default: from LC_ALL, LC_MESSAGES or LANG, e.g. de_DE.UTF-8; else en).", valueName: "code"))
    var language: String?

    @Option(name: .customLong("near-misses"), help: ArgumentHelp(
        "Show at most this many near misses (offers failing one criterion; default 5, 0 for none), whatever --limit says.", valueName: "n"))
    var nearMisses: Int?

    @Flag(help: "Show each offer's id beside its title (terminals 160 columns wide show it anyway).")
    var ids = false

    func validate() throws {
        if let today, Day(iso: today) == nil { throw ValidationError("--today expects a date YYYY-MM-DD, found '\(today)'.") }
        if let nearMisses, nearMisses < 0 { throw ValidationError("--near-misses must be 0 or more.") }
        if let language, !["de", "en"].contains(language) { throw ValidationError("--lang expects de or en, found '\(language)'.") }
    }

    /// The day in effect: `--today`, else the current date in UTC.
    var day: Day {
        if let today, let day = Day(iso: today) { return day }
        return Day.todayUTC()
    }

    var outputLanguage: LanguageCode { language.map(LanguageCode.init) ?? OutputLanguage.fromEnvironment() }
}

/// The language the user's locale asks for, by the POSIX precedence of the variables
/// (`LC_ALL` over `LC_MESSAGES` over `LANG`): German for `de…`, English for anything else.
enum OutputLanguage {
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> LanguageCode {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("de") ? .german : .english
    }
}
