import Foundation

/// Turns what a person types (a CLI flag, an `ask` answer, a form field, a string in a profile
/// file) into an ``Answer``: German and English number forms, region names and codes,
/// vocabulary labels and aliases, yes/no in both languages. The one reader of answers: the
/// profile decoder, the CLI, `ask` and the advisor form all call it, so they accept and refuse
/// the same things.
///
/// It never guesses a different number: "1,5" for a turnover is refused with a hint to
/// "1,5 Mio" rather than read as 1.50 € (or rounded to 2 €).
public struct AnswerParser: Sendable {
    public var taxonomies: Taxonomies
    /// The day the answers are given; a founding year may be at most the next year.
    public var today: Day?
    /// The language of the person answering: the language of the messages, and of number
    /// forms that differ ("1.500 Mio" is 1.5 billion in German, 1.5 million in English).
    public var language: LanguageCode
    /// Whether refusals carry a "did you mean" hint. Each hint costs an edit distance against
    /// every term of the vocabulary, so a list of thousands of bad elements turns it off after
    /// the first few (the decoder does): the refusals stay, only the hints go.
    var offersSuggestions = true

    public init(taxonomies: Taxonomies, today: Day? = nil, language: LanguageCode = .english) {
        self.taxonomies = taxonomies
        self.today = today
        self.language = language
    }

    /// Reads one typed answer. Lists (topics, instruments) are comma- or semicolon-separated.
    public func read(_ typed: String, for question: Question) -> Result<Answer, AnswerError> {
        let text = Self.trimmed(typed)
        switch question.kind {
        case .code(let vocabulary):
            return code(text, in: vocabulary).map(Answer.code)
        case .codes(let vocabulary):
            var codes: [String] = []
            let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for (position, part) in parts.enumerated() {
                switch code(part, in: vocabulary) {
                case .success(let code): codes.append(code)
                case .failure(var error):
                    error.pointerSuffix = "/\(position)"
                    return .failure(error)
                }
            }
            return .success(.codes(codes))
        case .region(let level): return region(text, level: level).map(Answer.code)
        case .count(let range):
            return whole(text, expected: Self.countExpected).flatMap { checked($0, in: range, found: text, isText: true) }.map(Answer.integer)
        case .year:
            guard text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text) else {
                return .failure(AnswerError(found: text, expected: Self.yearExpected))
            }
            return checkedYear(year, found: text).map(Answer.integer)
        case .amount: return amount(text).map(Answer.amount)
        case .sector: return sector(text).map(Answer.code)
        case .text(let maxScalars): return checkedText(typed, maxScalars: maxScalars).map(Answer.text)
        case .day: return day(text).map(Answer.day)
        case .yesNo: return yesNo(text).map(Answer.bool)
        }
    }

    /// `text` without leading and trailing white space and line breaks. Foundation's trimming
    /// bridges every string; an answer that starts and ends with a visible ASCII character (a
    /// code, a number, most words) is returned as it is without that. Public for the matcher,
    /// which trims a request's project description the same way on every query.
    public static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last,
           (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads a value of a profile's JSON form: numbers and booleans as JSON has them, strings
    /// as typed answers (so `"state": "Sachsen"` is read like `--state Sachsen`).
    public func read(json value: Any, for question: Question) -> Result<Answer, AnswerError> {
        // Strings and lists are never numbers; casting them to NSNumber would first bridge
        // them (an NSString, a whole NSArray) only to fail, on every answer of every request.
        let number = value is String || value is [Any] ? nil : value as? NSNumber
        let isBool = number.map { String(cString: $0.objCType) == "c" } ?? false
        func wrongType() -> AnswerError {
            AnswerError(found: Self.describe(value), foundIsText: false, expected: expected(for: question.kind))
        }
        switch question.kind {
        case .codes(let vocabulary):
            guard let list = value as? [Any] else { return .failure(wrongType()) }
            var codes: [String] = []
            for (position, element) in list.enumerated() {
                guard let text = element as? String else {
                    var error = AnswerError(found: Self.describe(element), foundIsText: false, expected: expected(for: question.kind))
                    error.pointerSuffix = "/\(position)"
                    return .failure(error)
                }
                switch code(text, in: vocabulary) {
                case .success(let code): codes.append(code)
                case .failure(var error):
                    error.pointerSuffix = "/\(position)"
                    return .failure(error)
                }
            }
            return .success(.codes(codes))
        case .count(let range):
            if let number, !isBool {
                guard let whole = Self.exactInteger(number) else { return .failure(wrongType()) }
                return checked(whole, in: range, found: number.stringValue).map(Answer.integer)
            }
        case .year:
            if let number, !isBool {
                guard let whole = Self.exactInteger(number) else { return .failure(wrongType()) }
                return checkedYear(whole, found: number.stringValue).map(Answer.integer)
            }
        case .amount:
            if let number, !isBool { return checkedAmount(number.doubleValue, found: number.stringValue, isText: false).map(Answer.amount) }
        case .yesNo:
            if let number, isBool { return .success(.bool(number.boolValue)) }
        case .text(let maxScalars):
            guard let text = value as? String else { return .failure(wrongType()) }
            return checkedText(text, maxScalars: maxScalars).map(Answer.text)
        default: break
        }
        guard let text = value as? String else { return .failure(wrongType()) }
        return read(text, for: question)
    }

    /// ``read(json:for:)`` for the profile decoder's direct path: the same answer where that
    /// accepts one, `nil` where it refuses (the caller then runs the general path for the
    /// message). A ``ProfileJSON/integer(_:)`` is what an `NSNumber` of a whole number of at
    /// most 15 digits is there: exact, not a Boolean.
    func read(direct value: ProfileJSON, for question: Question) -> Answer? {
        switch (question.kind, value) {
        case (.codes(let vocabulary), .array(let list)):
            var codes: [String] = []
            codes.reserveCapacity(list.count)
            for element in list {
                guard case .string(let text) = element, case .success(let code) = code(text, in: vocabulary) else { return nil }
                codes.append(code)
            }
            return .codes(codes)
        case (.codes, _): return nil
        case (.count(let range), .integer(let whole)):
            guard case .success(let value) = checked(whole, in: range, found: String(whole)) else { return nil }
            return .integer(value)
        case (.year, .integer(let whole)):
            guard case .success(let value) = checkedYear(whole, found: String(whole)) else { return nil }
            return .integer(value)
        case (.amount, .integer(let whole)):
            guard case .success(let value) = checkedAmount(Double(whole), found: String(whole), isText: false) else { return nil }
            return .amount(value)
        case (.yesNo, .bool(let flag)): return .bool(flag)
        case (.text(let maxScalars), .string(let text)):
            guard case .success(let text) = checkedText(text, maxScalars: maxScalars) else { return nil }
            return .text(text)
        case (.text, _): return nil
        case (_, .string(let text)):
            guard case .success(let answer) = read(text, for: question) else { return nil }
            return answer
        default: return nil
        }
    }

    /// Whether an answer already in a profile is one this parser would give: codes that exist
    /// (at the question's region level), numbers in range, texts not too long. For profiles
    /// built in code or read back from storage; answers read by this parser always pass.
    public func check(_ answer: Answer, for question: Question) -> AnswerError? {
        switch (question.kind, answer) {
        case (.code(let vocabulary), .code(let code)):
            return vocabulary.taxonomy(in: taxonomies).contains(code)
                ? nil : self.code(code, in: vocabulary).failure ?? AnswerError(found: code, expected: vocabularyExpected(vocabulary))
        case (.codes(let vocabulary), .codes(let codes)):
            for (position, code) in codes.enumerated() where !vocabulary.taxonomy(in: taxonomies).contains(code) {
                var error = self.code(code, in: vocabulary).failure ?? AnswerError(found: code, expected: vocabularyExpected(vocabulary))
                error.pointerSuffix = "/\(position)"
                return error
            }
            return nil
        case (.region(let level), .code(let code)):
            return taxonomies.regions.contains(code) && admits(level, code)
                ? nil : region(code, level: level).failure ?? AnswerError(found: code, expected: Self.regionExpected[level]!)
        case (.count(let range), .integer(let value)): return checked(value, in: range, found: String(value)).failure
        case (.year, .integer(let value)): return checkedYear(value, found: String(value)).failure
        case (.amount, .amount(let value)): return checkedAmount(value, found: String(value), isText: false).failure
        case (.sector, .code(let code)):
            return taxonomies.isKnownSector(SectorCode(code)) ? nil : sector(code).failure ?? AnswerError(found: code, expected: Self.sectorExpected)
        case (.text(let maxScalars), .text(let text)): return checkedText(text, maxScalars: maxScalars).failure
        default: return nil
        }
    }

    /// A short example of an answer, for prompts and flag help: the vocabulary itself when it
    /// is short (labels in German, codes in English; both are accepted either way).
    public func hint(for question: Question) -> LocalizedText {
        switch question.kind {
        case .code(let vocabulary), .codes(let vocabulary):
            let terms = vocabulary.taxonomy(in: taxonomies).terms
            let shown = terms.count <= 10 ? terms : Array(terms.prefix(2))
            let more = terms.count > shown.count ? ", …" : ""
            return LocalizedText(de: shown.map(\.de).joined(separator: "/") + more, en: shown.map(\.code).joined(separator: "/") + more)
        case .region(.country): return LocalizedText("DE, Deutschland, …")
        case .region(.state): return LocalizedText("DE-SN, Sachsen, …")
        case .region(.district): return LocalizedText("DED21, Dresden, …")
        case .count: return LocalizedText("12")
        case .year: return LocalizedText("2019")
        case .amount: return LocalizedText(de: "EUR, z. B. 250.000 oder 1,5 Mio", en: "EUR, e.g. 250,000 or 1.5m")
        case .sector: return LocalizedText("62.01, J, …")
        case .text: return LocalizedText(de: "Text", en: "text")
        case .day: return LocalizedText(de: "JJJJ-MM-TT", en: "YYYY-MM-DD")
        case .yesNo: return LocalizedText(de: "ja/nein", en: "yes/no")
        }
    }

    /// What an answer of this kind looks like, for refusals and hints.
    public func expected(for kind: AnswerKind) -> LocalizedText {
        switch kind {
        case .code(let vocabulary): vocabularyExpected(vocabulary)
        case .codes(let vocabulary):
            LocalizedText(de: "eine Liste: \(vocabularyExpected(vocabulary).de)", en: "a list of \(vocabularyExpected(vocabulary).en)")
        case .region(let level): Self.regionExpected[level]!
        case .count: Self.countExpected
        case .year: Self.yearExpected
        case .amount: Self.amountExpected
        case .sector: Self.sectorExpected
        case .text: LocalizedText(de: "einen Text", en: "a text")
        case .day: LocalizedText(de: "ein Datum JJJJ-MM-TT oder T.M.JJJJ", en: "a date YYYY-MM-DD (or D.M.YYYY)")
        case .yesNo: LocalizedText(de: "ja oder nein", en: "yes or no")
        }
    }

    // MARK: Vocabularies

    private func vocabularyExpected(_ vocabulary: Vocabulary) -> LocalizedText {
        let taxonomy = vocabulary.taxonomy(in: taxonomies)
        if taxonomy.terms.count <= 6 {
            return LocalizedText(
                de: "eins von " + taxonomy.terms.map { "\($0.code) (\($0.de))" }.joined(separator: ", "),
                en: "one of " + taxonomy.terms.map(\.code).joined(separator: ", "))
        }
        let examples = taxonomy.terms.prefix(2)
        return LocalizedText(
            de: "einen Code oder Namen der Liste \(taxonomy.name), etwa " + examples.map { "„\($0.de)“" }.joined(separator: " oder "),
            en: "a code or name from the \(taxonomy.name) list such as " + examples.map { "\"\($0.code)\"" }.joined(separator: " or "))
    }

    func code(_ text: String, in vocabulary: Vocabulary) -> Result<String, AnswerError> {
        let taxonomy = vocabulary.taxonomy(in: taxonomies)
        if let term = taxonomy.resolve(text) { return .success(term.code) }
        return .failure(AnswerError(found: text, expected: vocabularyExpected(vocabulary), hint: suggestion(for: text, in: taxonomy)))
    }

    /// "did you mean "DE-SN" (Sachsen)?" from the nearest code or label by edit distance,
    /// among the terms `admitted` lets through.
    private func suggestion(for text: String, in taxonomy: Taxonomy, admitted: (Term) -> Bool = { _ in true }) -> LocalizedText? {
        // A typo hint for a long text means nothing, and the distance is quadratic in its length.
        guard offersSuggestions, text.utf8.count <= Self.maxSuggestionBytes else { return nil }
        let needle = SpellingFold.key(text)
        var best: (term: Term, distance: Int)?
        for (term, labels) in zip(taxonomy.terms, taxonomy.spellings.labels) where admitted(term) {
            let distance = labels.map { EditDistance.between($0, needle) }.min() ?? .max
            if distance < (best?.distance ?? .max) { best = (term, distance) }
        }
        guard let best, best.distance <= max(2, needle.count / 4) else { return nil }
        return LocalizedText(de: "meinten Sie „\(best.term.code)“ (\(best.term.de))?", en: "did you mean \"\(best.term.code)\" (\(best.term.de))?")
    }

    /// Longest answer a "did you mean" hint is looked for (longer than any code or label).
    static let maxSuggestionBytes = 80

    // MARK: Regions

    private static let regionExpected: [RegionLevel: LocalizedText] = [
        .country: LocalizedText(de: "einen Staat wie „DE“ oder „Deutschland“", en: "a country such as \"DE\" or \"Germany\""),
        .state: LocalizedText(de: "ein Bundesland wie „Sachsen“ oder „DE-SN“", en: "a state such as \"Saxony\" or \"DE-SN\""),
        .district: LocalizedText(de: "einen Landkreis oder eine kreisfreie Stadt wie „Dresden“ oder „DED21“",
                                 en: "a district such as \"Dresden\" or \"DED21\""),
    ]

    /// The level of a region code, by its shape as the schema states it: ISO 3166-1 countries
    /// (and the EU) have two letters, ISO 3166-2 states a dash (`DE-SN`, `US-TX`), the rest are
    /// NUTS districts (`DED21`). Not the depth in the tree: US states have no EU above them.
    private func regionLevel(of code: String) -> RegionLevel {
        // A `Character`: with Foundation imported, a string literal picks `StringProtocol.contains`,
        // which searches through `NSString` (0.7 % of a recommendation's server CPU).
        code.count == 2 ? .country : code.contains("-" as Character) ? .state : .district
    }

    private func admits(_ level: RegionLevel, _ code: String) -> Bool { regionLevel(of: code) == level }

    /// A region of the level asked for, by code (any case), name in either language, alias,
    /// or the name before the label's qualifier ("Dresden" for "Dresden, Kreisfreie Stadt";
    /// "Landkreis Leipzig" and "Stadt Leipzig" pick between the two Leipzigs).
    func region(_ text: String, level: RegionLevel) -> Result<String, AnswerError> {
        let regions = taxonomies.regions
        let named = regions.spellings.terms(named: text).map { regions.terms[$0] }
        let candidates = named.filter { admits(level, $0.code) }
        if candidates.count == 1 { return .success(candidates[0].code) }
        if candidates.count > 1 {
            let choices = candidates.map { "\($0.code) (\($0.de))" }
            return .failure(AnswerError(found: text, expected: Self.regionExpected[level]!, hint: LocalizedText(
                de: "mehrdeutig: " + choices.joined(separator: " oder "), en: "ambiguous: " + choices.joined(separator: " or "))))
        }
        if let other = named.first {
            let what = switch regionLevel(of: other.code) {
            case .district: LocalizedText(de: "ein Landkreis", en: "a district")
            case .state: LocalizedText(de: "ein Bundesland", en: "a state")
            case .country: LocalizedText(de: "ein Staat", en: "a country")
            }
            return .failure(AnswerError(found: text, expected: Self.regionExpected[level]!, hint: LocalizedText(
                de: "das ist \(what.de) (\(other.code), \(other.de))", en: "that is \(what.en) (\(other.code), \(other.en))")))
        }
        return .failure(AnswerError(found: text, expected: Self.regionExpected[level]!,
                                    hint: suggestion(for: text, in: regions, admitted: { admits(level, $0.code) })))
    }

    // MARK: Numbers

    static let countExpected = LocalizedText(de: "eine ganze Zahl wie 12", en: "a whole number such as 12")
    static let yearExpected = LocalizedText(de: "eine Jahreszahl wie 2019", en: "a year such as 2019")
    static let amountExpected = LocalizedText(
        de: "einen Betrag in EUR wie 250000, 250.000, 250 000, 250k oder 1,5 Mio",
        en: "an amount in EUR such as 250000, 250,000, 250 000, 250k or 1.5m")

    private func whole(_ text: String, expected: LocalizedText) -> Result<Int, AnswerError> {
        guard let reading = NumberReading(text, language: language), reading.value == reading.value.rounded(),
              abs(reading.value) < 1e15 else {
            return .failure(AnswerError(found: text, expected: expected))
        }
        return .success(Int(reading.value))
    }

    private func checked(_ value: Int, in range: ClosedRange<Int>, found: String, isText: Bool = false) -> Result<Int, AnswerError> {
        guard range.contains(value) else {
            return .failure(AnswerError(found: found, foundIsText: isText, expected: LocalizedText(
                de: "eine ganze Zahl von \(range.lowerBound) bis \(Self.grouped(range.upperBound, .german))",
                en: "a whole number between \(range.lowerBound) and \(Self.grouped(range.upperBound, .english))")))
        }
        return .success(value)
    }

    private func checkedYear(_ year: Int, found: String) -> Result<Int, AnswerError> {
        let latest = (today?.year).map { $0 + 1 } ?? 9999
        guard (1000...latest).contains(year) else {
            return .failure(AnswerError(found: found, foundIsText: false, expected: LocalizedText(
                de: "eine Jahreszahl von 1000 bis \(latest)", en: "a year between 1000 and \(latest)")))
        }
        return .success(year)
    }

    func amount(_ text: String) -> Result<Double, AnswerError> {
        guard let reading = NumberReading(text, language: language) else {
            return .failure(AnswerError(found: text, expected: Self.amountExpected))
        }
        // "1,5" or "0.8" without a unit is a fraction of a euro; people who write that mean
        // millions (or thousands). Refused with the likely reading, never taken as 1.50 €.
        if !reading.hasUnit, reading.value != reading.value.rounded(), reading.value < 1000 {
            let million = LocalizedText.euros(reading.value * 1_000_000)
            return .failure(AnswerError(found: text, expected: Self.amountExpected, hint: LocalizedText(
                de: "als Betrag wären das nur Cent; gemeint ist wohl „\(text) Mio“ (\(million.de))?",
                en: "as an amount that is less than a thousand euros with cents; did you mean \"\(text)m\" (\(million.en))?")))
        }
        return checkedAmount(reading.value, found: text, isText: true)
    }

    private func checkedAmount(_ value: Double, found: String, isText: Bool) -> Result<Double, AnswerError> {
        guard value.isFinite, value >= 0, value <= 1e15 else {
            return .failure(AnswerError(found: found, foundIsText: isText, expected: LocalizedText(
                de: "einen Betrag in EUR von 0 bis 10^15", en: "an amount in EUR between 0 and 10^15")))
        }
        return .success(value)
    }

    private func checkedText(_ text: String, maxScalars: Int) -> Result<String, AnswerError> {
        let scalars = text.unicodeScalars.count
        guard scalars <= maxScalars else {
            return .failure(AnswerError(found: "\(scalars)", foundIsText: false, expected: LocalizedText(
                de: "höchstens \(maxScalars) Zeichen (Unicode-Skalare)", en: "at most \(maxScalars) characters (Unicode scalars)")))
        }
        return .success(text)
    }

    /// 1500000 as "1.500.000" (German) or "1,500,000" (English).
    static func grouped(_ value: Int, _ language: LanguageCode) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: language == .german ? "." : ",")
    }

    static func exactInteger(_ number: NSNumber) -> Int? {
        let value = number.doubleValue
        guard value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    // MARK: Sector, day, yes/no

    static let sectorExpected = LocalizedText(
        de: "einen WZ-2008-Code wie „62.01“, „62“ oder „J“", en: "a NACE/WZ code such as \"62.01\", \"62\" or \"J\"")

    func sector(_ text: String) -> Result<String, AnswerError> {
        // "62,01" means "62.01"; mapped by character, not through `NSString`.
        let code = text.count == 1 ? text.uppercased() : text.contains("," as Character) ? String(text.map { $0 == "," ? "." : $0 }) : text
        if taxonomies.isKnownSector(SectorCode(code)) { return .success(code) }
        if let term = taxonomies.sectors.resolve(text) { return .success(term.code) }
        let hint = taxonomies.sectors.resolve(code).map {
            LocalizedText(de: "meinten Sie „\($0.code)“ (\($0.de))?", en: "did you mean \"\($0.code)\" (\($0.de))?")
        }
        return .failure(AnswerError(found: text, expected: Self.sectorExpected, hint: hint ?? LocalizedText(
            de: "ein Abschnitt A–U, eine Abteilung NN, Gruppe NN.N oder Klasse NN.NN",
            en: "a section A–U, division NN, group NN.N or class NN.NN")))
    }

    func day(_ text: String) -> Result<Day, AnswerError> {
        if let day = Day(iso: text) { return .success(day) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4,
           let day = Day(year: y, month: m, day: d) {
            return .success(day)
        }
        return .failure(AnswerError(found: text, expected: expected(for: .day)))
    }

    func yesNo(_ text: String) -> Result<Bool, AnswerError> {
        switch text.lowercased() {
        case "yes", "y", "true", "ja", "j", "1": .success(true)
        case "no", "n", "false", "nein", "0": .success(false)
        default: .failure(AnswerError(found: text, expected: LocalizedText(
            de: "ja oder nein (auch yes/no, true/false)", en: "yes or no (also true/false, ja/nein)")))
        }
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let text as String: return "\"\(text.prefix(60))\""
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return String(describing: value).prefix(60).description
        }
    }
}

/// A number as people write it: digits grouped by `.`, `,`, spaces or apostrophes, a decimal
/// comma or point, an optional currency and an optional magnitude (`k`, `Tsd.`, `Mio`, `m`,
/// `Mrd`, `bn`, the words in German and English). Public for the amounts a programme's text
/// states ("bis zu 25.000 EUR", read by the derivation), so both read numbers alike.
public struct NumberReading: Equatable, Sendable {
    public var value: Double
    /// Whether a magnitude was written (`1,5 Mio`): then a fraction is meant.
    var hasUnit: Bool

    private static let units: [(words: [String], factor: Double)] = [
        (["k", "tsd", "tsd.", "tausend", "thousand"], 1e3),
        (["m", "mio", "mio.", "mill.", "million", "millionen", "millions", "mn"], 1e6),
        (["mrd", "mrd.", "milliarde", "milliarden", "bn", "billion", "billions"], 1e9),
    ]

    /// Spaces that group digits: normal, no-break, narrow no-break, thin.
    private static let groupingSpaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]

    public init?(_ typed: String, language: LanguageCode) {
        var text = typed.trimmingCharacters(in: .whitespaces).lowercased()
        for currency in ["€", "eur", "euro"] {
            if text.hasSuffix(currency) { text = String(text.dropLast(currency.count)) }
            if text.hasPrefix(currency) { text = String(text.dropFirst(currency.count)) }
            text = text.trimmingCharacters(in: .whitespaces)
        }
        var factor = 1.0
        hasUnit = false
        unitSearch: for unit in Self.units {
            for word in unit.words.sorted(by: { $0.count > $1.count }) where text.hasSuffix(word) {
                let number = text.dropLast(word.count)
                // "m" must follow a digit or a space ("2.5m"), never end a word.
                guard let last = number.last, last.isNumber || last == " " else { continue }
                text = number.trimmingCharacters(in: .whitespaces)
                factor = unit.factor
                hasUnit = true
                break unitSearch
            }
        }
        var negative = false
        if text.hasPrefix("-") || text.hasPrefix("−") { negative = true; text.removeFirst() }
        // Digits grouped by spaces or apostrophes: every group after the first has three digits.
        let isSpace = { (character: Character) in Self.groupingSpaces.contains(character) || character == "'" || character == "’" }
        if text.contains(where: isSpace) {
            let groups = text.split(whereSeparator: isSpace).map(String.init)
            guard groups.count > 1, (1...3).contains(groups[0].count), groups[0].allSatisfy(\.isNumber) else { return nil }
            for (position, group) in groups.enumerated().dropFirst() {
                let head = group.prefix(3), rest = group.dropFirst(3)
                guard head.count == 3, head.allSatisfy(\.isNumber) else { return nil }
                if position < groups.count - 1 { guard rest.isEmpty else { return nil } }
                else if let mark = rest.first { guard mark == "," || mark == "." else { return nil } }
            }
            text = groups.joined()
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }),
              text.first!.isNumber, text.last!.isNumber else { return nil }
        let dots = text.filter { $0 == "." }.count, commas = text.filter { $0 == "," }.count
        var integer = text, fraction = ""
        func split(decimal: Character) {
            let index = text.lastIndex(of: decimal)!
            integer = String(text[..<index])
            fraction = String(text[text.index(after: index)...])
        }
        if dots > 0 && commas > 0 {
            let decimal: Character = text.lastIndex(of: ".")! > text.lastIndex(of: ",")! ? "." : ","
            split(decimal: decimal)
            guard !integer.contains(decimal) else { return nil }
        } else if dots + commas == 1 {
            let separator: Character = dots == 1 ? "." : ","
            let after = text.count - text.distance(from: text.startIndex, to: text.firstIndex(of: separator)!) - 1
            // One separator before exactly three digits groups thousands ("250.000", "1,500"),
            // unless a magnitude follows in a language where it is the decimal mark ("1,500 Mio").
            let languageDecimal: Character = language == .german ? "," : "."
            let grouping = after == 3 && !(hasUnit && separator == languageDecimal)
            if !grouping { split(decimal: separator) }
        }
        let groups = integer.split(separator: ".", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard !(integer.contains(".") && integer.contains(",")) else { return nil }
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined()
        guard fraction.allSatisfy(\.isNumber), let parsed = Double(fraction.isEmpty ? digits : digits + "." + fraction) else { return nil }
        value = (negative ? -parsed : parsed) * factor
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
