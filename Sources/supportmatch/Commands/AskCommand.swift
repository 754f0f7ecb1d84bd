import ArgumentParser
import BundledCatalog
import Foundation
import Matching
import SupportModel

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Interactive questionnaire: asks the most useful next question and shows the ranking as it sharpens.",
        discussion: """
            For an advisor sitting with a client. Each round shows the current top offers and \
            asks the question that settles the most open points among them. Answer with a \
            value (names such as "Sachsen" or "Verein" are fine), "skip" to leave a question \
            out, or an empty line / "q" to stop. Reads answers from standard input, so it also \
            works with piped input: printf 'company\\nDE-SN\\n12\\n' | supportmatch ask
            """
    )

    @OptionGroup var answers: ProfileOptions
    @OptionGroup var recommendation: RecommendationOptions

    @Option(help: ArgumentHelp("Offers shown per round.", valueName: "n"))
    var limit: Int = 5

    @Option(name: .customLong("max-questions"), help: ArgumentHelp("Stop after this many questions.", valueName: "n"))
    var maxQuestions: Int = 20

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let taxonomies = BundledCatalog.taxonomies
        let today = recommendation.day
        var profile = try answers.resolvedProfile(taxonomies: taxonomies, today: today)
        let index = try database.openIndex()
        let text = RecommendationText(language: recommendation.outputLanguage, taxonomies: taxonomies, showIDs: recommendation.ids)
        let reader = AnswerReader(taxonomies: taxonomies, today: today)
        var declined: Set<ProfileField> = []
        var asked = 0
        func say(de: String, en: String) { print(recommendation.outputLanguage == .german ? de : en) }

        while true {
            let request = RecommendationRequest(profile: profile, today: today, limit: limit,
                                                includeClosed: recommendation.includeClosed, declined: declined,
                                                nearMissLimit: recommendation.nearMisses)
            let answer = index.recommend(request)
            print(text.render(answer, profile: profile))
            guard let question = answer.nextQuestion, asked < maxQuestions else {
                say(de: "Keine weiteren Fragen.", en: "No more questions.")
                break
            }
            asked += 1
            print("")
            let language = recommendation.outputLanguage
            print("> \(question.question.text(language)) [\(reader.hint(for: question.field, language: language)); \(language == .german ? "weiter = überspringen" : "skip"); q]")
            var settled = false
            while !settled {
                guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces),
                      !line.isEmpty, line.lowercased() != "q" else {
                    if output.json { try Terminal.printJSON(profile) }
                    return
                }
                if ["skip", "weiter", "überspringen"].contains(line.lowercased()) {
                    declined.insert(question.field)
                    settled = true
                    continue
                }
                switch reader.apply(line, to: question.field, in: profile) {
                case .success(let updated):
                    profile = updated
                    settled = true
                case .failure(let problem):
                    print("  \(problem.message) – \(recommendation.outputLanguage == .german ? "bitte noch einmal" : "please try again")")
                }
            }
            print("")
        }
        if output.json { try Terminal.printJSON(profile) }
    }
}

/// Turns a typed answer into a profile change, with the same checks as the JSON form.
struct AnswerReader {
    var taxonomies: Taxonomies
    var today: Day

    struct Problem: Error { var message: String }

    /// The shape of an answer, in the prompt's language: codes for vocabularies in English,
    /// labels in German (both are accepted either way).
    func hint(for field: ProfileField, language: LanguageCode = .english) -> String {
        let german = language == .german
        func terms(_ taxonomy: Taxonomy) -> String {
            german ? taxonomy.terms.map(\.de).joined(separator: "/") : taxonomy.codes.joined(separator: "/")
        }
        return switch field {
        case .applicantType: terms(taxonomies.applicantTypes)
        case .state: "DE-SN, Sachsen, …"
        case .district: "DED21, Dresden, …"
        case .employees: "12"
        case .annualTurnover, .balanceSheetTotal, .amountNeeded: german ? "EUR, z. B. 1500000" : "EUR, e.g. 1500000"
        case .yearFounded: "2019"
        case .sector: "62.01, J, …"
        case .topics: "digitalisierung, …"
        case .projectDescription: german ? "Text" : "text"
        case .preferredInstruments: terms(taxonomies.instruments)
        }
    }

    func apply(_ text: String, to field: ProfileField, in profile: Profile) -> Result<Profile, Problem> {
        var updated = profile
        func number(_ text: String) -> Double? {
            Double(text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: ""))
        }
        func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        switch field {
        case .applicantType: updated.applicantType = ApplicantType(text)
        case .state:
            var location = updated.location ?? Profile.Location()
            location.state = RegionCode(text)
            updated.location = location
        case .district:
            var location = updated.location ?? Profile.Location()
            location.district = RegionCode(text)
            updated.location = location
        case .employees:
            guard let value = Int(text.replacingOccurrences(of: ",", with: "")) else { return .failure(Problem(message: "expected a whole number")) }
            updated.employees = value
        case .annualTurnover:
            guard let value = number(text) else { return .failure(Problem(message: "expected an amount in EUR")) }
            updated.annualTurnover = value
        case .balanceSheetTotal:
            guard let value = number(text) else { return .failure(Problem(message: "expected an amount in EUR")) }
            updated.balanceSheetTotal = value
        case .amountNeeded:
            guard let value = number(text) else { return .failure(Problem(message: "expected an amount in EUR")) }
            updated.amountNeeded = value
        case .yearFounded:
            guard let value = Int(text) else { return .failure(Problem(message: "expected a year such as 2019")) }
            updated.yearFounded = value
        case .sector: updated.sector = SectorCode(text)
        case .topics: updated.topics = list(text).map(TopicCode.init)
        case .projectDescription: updated.projectDescription = text
        case .preferredInstruments: updated.preferredInstruments = list(text).map(Instrument.init)
        }
        let validator = ProfileValidator(taxonomies: taxonomies, today: today)
        updated = validator.resolvingLabels(in: updated)
        if field == .district, let district = updated.location?.district, updated.location?.state == nil,
           let state = taxonomies.regionAncestors(of: district).dropFirst().first {
            updated.location?.state = state
        }
        let issues = validator.issues(in: updated)
        guard issues.isEmpty else { return .failure(Problem(message: issues.map(\.message).joined(separator: "; "))) }
        return .success(updated)
    }
}
