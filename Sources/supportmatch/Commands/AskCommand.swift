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
        let language = recommendation.outputLanguage
        var profile = try answers.resolvedProfile(taxonomies: taxonomies, today: today, language: language)
        let index = try database.openIndex()
        let text = RecommendationText(language: recommendation.outputLanguage, taxonomies: taxonomies, showIDs: recommendation.ids)
        let reader = AnswerReader(parser: AnswerParser(taxonomies: taxonomies, today: today, language: language))
        var declined: Set<ProfileField> = []
        var asked = 0
        func say(de: String, en: String) { print(recommendation.outputLanguage == .german ? de : en) }

        while true {
            let request = RecommendationRequest(profile: profile, today: today, limit: limit,
                                                includeClosed: recommendation.includeClosed, declined: declined,
                                                nearMissLimit: recommendation.nearMisses)
            let answer = try index.recommend(request)
            print(text.render(answer, profile: profile))
            guard let question = answer.nextQuestion, asked < maxQuestions else {
                say(de: "Keine weiteren Fragen.", en: "No more questions.")
                break
            }
            asked += 1
            print("")
            print("> \(question.question.text(language)) [\(reader.parser.hint(for: question.field.definition).text(language)); \(language == .german ? "weiter = überspringen" : "skip"); q]")
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

/// Turns a typed answer into a profile change: the questionnaire's parser, then the checks
/// that concern several answers (a district in another state, figures against a size class).
struct AnswerReader {
    var parser: AnswerParser

    struct Problem: Error { var message: String }

    func apply(_ text: String, to field: ProfileField, in profile: Profile) -> Result<Profile, Problem> {
        var updated = profile
        switch parser.read(text, for: field.definition) {
        case .success(let answer): field.definition.set(answer, in: &updated)
        case .failure(let error): return .failure(Problem(message: error.message(parser.language)))
        }
        if field == .district, let district = updated.location?.district, updated.location?.state == nil,
           let state = parser.taxonomies.regionAncestors(of: RegionCode(district.rawValue)).dropFirst().first {
            updated.location?.state = state
        }
        let validator = ProfileValidator(taxonomies: parser.taxonomies, today: parser.today)
        let issues = validator.issues(in: updated, language: parser.language)
        guard issues.isEmpty else { return .failure(Problem(message: issues.map(\.message).joined(separator: "; "))) }
        return .success(updated)
    }
}
