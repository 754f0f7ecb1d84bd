import ArgumentParser
import BundledCatalog
import Foundation
import SupportModel

/// The questionnaire as command-line answers; shared by `recommend`, `ask` and `profiles save`.
///
/// The answer flags are not declared one by one: they come from ``Questionnaire`` (each
/// question's `flag`), are collected as unrecognised arguments and read by ``AnswerParser``,
/// so `--state Sachsen`, `--turnover "1,5 Mio"` and a profile file's `"state": "Sachsen"` are
/// read alike. Answers given as flags override the same answers in `--profile FILE`; an answer
/// that cannot be read is an error saying what was read and what was expected, never ignored.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A profile in the JSON form of Catalog/schema/profile.schema.json.", valueName: "file"))
    var profile: String?

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "Answers, each optional (flags override --profile):", discussion: Self.answerHelp, valueName: "answers"))
    var answerArguments: [String] = []

    /// One line per question flag, from the questionnaire.
    static var answerHelp: String {
        let parser = AnswerParser(taxonomies: BundledCatalog.taxonomies)
        return Questionnaire.flagQuestions.map { question in
            let flag = question.kind == .yesNo ? "--[no-]\(question.flag!)" : "--\(question.flag!) <value>"
            let repeatable = if case .codes = question.kind { ", repeatable" } else { "" }
            let hint = parser.hint(for: question).en
            let example = hint.count <= 40 ? " (\(hint)\(repeatable))" : repeatable.isEmpty ? "" : " (\(repeatable.dropFirst(2)))"
            return flag.padding(toLength: 26, withPad: " ", startingAt: 0) + question.label.en + example
        }.joined(separator: "\n")
    }

    /// The answer flags as given: question and typed text, in order.
    func typedAnswers(language: LanguageCode) throws -> [(question: Question, text: String)] {
        var answers: [(question: Question, text: String)] = []
        var problems: [String] = []
        let parser = AnswerParser(taxonomies: BundledCatalog.taxonomies, language: language)
        var position = 0
        while position < answerArguments.count {
            let argument = answerArguments[position]
            position += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                problems.append(language == .german ? "unerwartetes Argument '\(argument)'" : "unexpected argument '\(argument)'")
                continue
            }
            var name = String(argument.dropFirst(2)), inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            var negated = false
            var question = Questionnaire.flagQuestions.first { $0.flag == name }
            if question == nil, name.hasPrefix("no-"), let yesNo = Questionnaire.flagQuestions.first(where: { $0.flag == String(name.dropFirst(3)) && $0.kind == .yesNo }) {
                question = yesNo
                negated = true
            }
            guard let question else {
                let flags = Questionnaire.flagQuestions.map { $0.flag! }
                let near = flags.min { EditDistance.between($0, name) < EditDistance.between($1, name) }
                let hint = near.flatMap { EditDistance.between($0, name) <= 2 ? $0 : nil }
                problems.append(language == .german
                    ? "unbekannte Option '--\(name)'" + (hint.map { "; meinten Sie '--\($0)'?" } ?? "")
                    : "unknown option '--\(name)'" + (hint.map { "; did you mean '--\($0)'?" } ?? ""))
                // Its value, if it had one, is not a second problem.
                if inline == nil, position < answerArguments.count, !answerArguments[position].hasPrefix("--") { position += 1 }
                continue
            }
            if question.kind == .yesNo {
                // `--started`, `--no-started`, `--started=no`, `--started nein`.
                var text = inline ?? (negated ? "no" : "yes")
                if inline == nil, position < answerArguments.count, !answerArguments[position].hasPrefix("--"),
                   case .success = parser.read(answerArguments[position], for: question) {
                    text = answerArguments[position]
                    position += 1
                }
                answers.append((question, text))
                continue
            }
            if let inline {
                answers.append((question, inline))
            } else if position < answerArguments.count, !answerArguments[position].hasPrefix("--") {
                answers.append((question, answerArguments[position]))
                position += 1
            } else {
                problems.append(language == .german ? "--\(name) braucht einen Wert" : "--\(name) needs a value")
            }
        }
        guard problems.isEmpty else { throw Self.invalid(problems, language: language) }
        return answers
    }

    /// The profile: the file's answers, then the flags over them; read and validated.
    func resolvedProfile(taxonomies: Taxonomies, today: Day, language: LanguageCode = OutputLanguage.fromEnvironment()) throws -> Profile {
        var result = Profile()
        if let path = profile {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw CommandFailure("cannot read profile \(path): \(error.localizedDescription)")
            }
            do {
                result = try ProfileDecoder(taxonomies: taxonomies, today: today, language: language).decode(data, source: path)
            } catch let error as ProfileError {
                throw CommandFailure("invalid profile:\n\(error)")
            }
        }
        let parser = AnswerParser(taxonomies: taxonomies, today: today, language: language)
        var lines: [String] = []
        // Repeated list flags add up (`--topic a --topic b`); a repeated single answer: the last counts.
        var given: [(question: Question, texts: [String])] = []
        for (question, text) in try typedAnswers(language: language) {
            if let index = given.firstIndex(where: { $0.question.pointer == question.pointer }) {
                if case .codes = question.kind { given[index].texts.append(text) } else { given[index].texts = [text] }
            } else {
                given.append((question, [text]))
            }
        }
        for (question, texts) in given {
            switch parser.read(texts.joined(separator: ", "), for: question) {
            case .success(let answer): question.set(answer, in: &result)
            case .failure(let error): lines.append("  --\(question.flag!): \(error.message(language))")
            }
        }
        if lines.isEmpty {
            let validator = ProfileValidator(taxonomies: taxonomies, today: today)
            for issue in validator.issues(in: result, language: language) {
                let flag = Questionnaire.question(at: issue.pointer)?.flag.map { "--" + $0 }
                lines.append("  \(flag ?? issue.pointer): \(issue.message)")
            }
        }
        guard lines.isEmpty else { throw Self.invalid(lines, language: language) }
        return result
    }

    static func invalid(_ lines: [String], language: LanguageCode) -> CommandFailure {
        CommandFailure((language == .german ? "ungültige Antworten:\n" : "invalid answers:\n")
            + lines.map { "  " + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n"))
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
