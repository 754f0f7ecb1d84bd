public import Foundation

/// One problem in a profile, located by an RFC 6901 JSON pointer (`/location/state`).
public struct ProfileIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is; `""` is the whole document.
    public var pointer: String
    /// What is wrong and what was expected.
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// A profile that cannot be used, with every problem found (not just the first).
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var issues: [ProfileIssue]
    /// The file or flag set the profile came from, for messages.
    public var source: String?

    public init(issues: [ProfileIssue], source: String? = nil) {
        self.issues = issues
        self.source = source
    }

    public var description: String {
        let prefix = source.map { "\($0)#" } ?? ""
        return issues.map { "\(prefix)\($0)" }.joined(separator: "\n")
    }
}

/// Reads the JSON form of a ``Profile`` (see `Catalog/schema/profile.schema.json`), question by
/// question of ``Questionnaire``: each value goes through ``AnswerParser``, so a string is read
/// as a person's answer (`"state": "Sachsen"`, `"annualTurnover": "1,5 Mio"`) exactly as the
/// CLI, `ask` and the advisor form read it.
///
/// Stricter than `JSONDecoder` on purpose: an unknown key is an error (a misspelt `employes`
/// would otherwise be silently dropped and the applicant would wonder why nothing changed),
/// every problem is reported with its JSON pointer and what was expected, in the language of
/// the person answering.
public struct ProfileDecoder: Sendable {
    public var validator: ProfileValidator
    public var parser: AnswerParser

    public init(taxonomies: Taxonomies, today: Day? = nil, language: LanguageCode = .english) {
        self.validator = ProfileValidator(taxonomies: taxonomies, today: today)
        self.parser = AnswerParser(taxonomies: taxonomies, today: today, language: language)
    }

    /// Decodes and validates a profile. Throws ``ProfileError``.
    public func decode(_ data: Data, source: String? = nil) throws -> Profile {
        // Most profiles are well formed and accepted: read those directly (the server does on
        // every recommendation); every other one, and every refusal's wording, takes the
        // general path below.
        if let profile = data.withUnsafeBytes({ decodeDirectly($0) }) { return profile }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ProfileError(issues: [ProfileIssue(pointer: "", message: message(
                LocalizedText(de: "erwartet: ein JSON-Dokument", en: "expected a JSON document")) + ": \(Self.syntaxMessage(error))")], source: source)
        }
        guard let object = json as? [String: Any] else {
            throw ProfileError(issues: [ProfileIssue(pointer: "", message: message(
                LocalizedText(de: "erwartet: ein JSON-Objekt mit den Antworten des Profils", en: "expected a JSON object with the profile's answers")))],
                source: source)
        }
        return try decode(object, source: source)
    }

    /// Decodes the profile's JSON object (the advisor form builds one from its fields).
    public func decode(_ object: [String: Any], source: String? = nil) throws -> Profile {
        var issues = unknownKeys(in: object)
        var profile = Profile()
        // Each nested object is cast from `Any` once, not once for each of its questions.
        var nested: [String: [String: Any]] = [:]
        for parent in Self.objectNames {
            if let inner = object[parent] as? [String: Any] { nested[parent] = inner }
        }
        for question in Questionnaire.questions {
            let values: [String: Any]?
            switch question.parents.count {
            case 0: values = object
            case 1: values = nested[question.parents[0]]
            default:
                var container: Any? = object
                for parent in question.parents { container = (container as? [String: Any])?[parent] }
                values = container as? [String: Any]
            }
            guard let value = values?[question.name], !Self.isNull(value) else { continue }
            // A list reports every bad element, not only the first (a problem list is then capped by the caller).
            if case .codes = question.kind, let list = value as? [Any] {
                var codes: [String] = []
                var failed = false
                // Hints for the first few bad elements only: a hint is an edit distance against
                // every term, and a hostile list has thousands of elements (issue 13, item 1).
                var elementParser = parser
                var failures = 0
                for (position, element) in list.enumerated() {
                    switch elementParser.read(json: [element], for: question) {
                    case .success(let answer): codes += answer.codes ?? []
                    case .failure(let error):
                        failed = true
                        failures += 1
                        if failures >= Self.listElementsWithHints { elementParser.offersSuggestions = false }
                        issues.append(ProfileIssue(pointer: question.pointer + "/\(position)", message: error.message(parser.language)))
                    }
                }
                if !failed { question.set(.codes(codes), in: &profile) }
                continue
            }
            switch parser.read(json: value, for: question) {
            case .success(let answer): question.set(answer, in: &profile)
            case .failure(let error):
                issues.append(ProfileIssue(pointer: question.pointer + error.pointerSuffix, message: error.message(parser.language)))
            }
        }
        for parent in Self.objectNames {
            guard let value = object[parent], !Self.isNull(value) else { continue }
            if value is [String: Any] {
                if parent == "location", profile.location == nil { profile.location = Profile.Location() }
            } else {
                let keys = Questionnaire.questions.filter { $0.parents == [parent] }.map(\.name).joined(separator: ", ")
                issues.append(ProfileIssue(pointer: "/" + parent, message: AnswerError(
                    found: AnswerParser.describe(value), foundIsText: false,
                    expected: LocalizedText(de: "ein Objekt mit \(keys)", en: "an object with \(keys)")).message(parser.language)))
            }
        }
        issues += validator.issues(in: profile, language: parser.language)
        guard issues.isEmpty else { throw ProfileError(issues: issues, source: source) }
        return profile
    }

    /// JSON's `null` as `JSONSerialization` gives it. Asked of the value's type: `value is NSNull`
    /// bridges a string or a list to an Objective-C object before it can say no, for every
    /// answer of every request.
    static func isNull(_ value: Any) -> Bool { type(of: value) is NSNull.Type }

    /// Bad elements of one list that get a "did you mean" hint; the rest are refused without.
    static let listElementsWithHints = 5

    private func message(_ text: LocalizedText) -> String { text.text(parser.language) }

    /// The nested objects of the JSON form (`location`).
    static let objectNames: [String] = Array(Set(Questionnaire.questions.compactMap(\.parents.first))).sorted()

    /// The keys each nested object may hold, in questionnaire order (the order of hints).
    static let namesInObject: [String: [String]] = Dictionary(uniqueKeysWithValues: objectNames.map { parent in
        (parent, Questionnaire.questions.filter { $0.parents == [parent] }.map(\.name))
    })

    /// ``Profile/fieldNames`` as a set: every key of every request is looked up in it.
    static let fieldNames = Set(Profile.fieldNames)

    func unknownKeys(in object: [String: Any]) -> [ProfileIssue] {
        let unknown = LocalizedText(de: "unbekanntes Feld", en: "unknown field")
        var issues: [ProfileIssue] = []
        for key in object.keys.sorted() where !Self.fieldNames.contains(key) {
            issues.append(ProfileIssue(pointer: "/" + Self.escape(key), message: message(unknown) + suggestion(for: key, among: Profile.fieldNames)))
        }
        for parent in Self.objectNames {
            guard let inner = object[parent] as? [String: Any], let names = Self.namesInObject[parent] else { continue }
            for key in inner.keys.sorted() where !names.contains(key) {
                issues.append(ProfileIssue(pointer: "/\(parent)/" + Self.escape(key), message: message(unknown) + suggestion(for: key, among: names)))
            }
        }
        return issues
    }

    func suggestion(for key: String, among names: [String]) -> String {
        let best = names.map { ($0, EditDistance.between($0.lowercased(), key.lowercased())) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, key.count / 3) else {
            return message(LocalizedText(de: "; erwartet: eins von ", en: "; expected one of ")) + names.joined(separator: ", ")
        }
        return message(LocalizedText(de: "; meinten Sie „\(best.0)“?", en: "; did you mean \"\(best.0)\"?"))
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func syntaxMessage(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}

/// Levenshtein distance, for "did you mean" suggestions (profiles here, catalogue fields in
/// the native reader).
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
