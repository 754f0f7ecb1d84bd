import Foundation

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

/// Reads the JSON form of a ``Profile`` (see `Catalog/schema/profile.schema.json`).
///
/// Stricter than `JSONDecoder` on purpose: an unknown key is an error (a misspelt `employes`
/// would otherwise be silently dropped and the applicant would wonder why nothing changed),
/// every problem is reported with its JSON pointer and what was expected, and codes are checked
/// against the taxonomies by ``ProfileValidator``.
public struct ProfileDecoder: Sendable {
    public var validator: ProfileValidator

    public init(taxonomies: Taxonomies, today: Day? = nil) {
        self.validator = ProfileValidator(taxonomies: taxonomies, today: today)
    }

    /// Decodes and validates a profile. Throws ``ProfileError``.
    public func decode(_ data: Data, source: String? = nil) throws -> Profile {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ProfileError(issues: [ProfileIssue(pointer: "", message: "expected a JSON document: \(Self.syntaxMessage(error))")], source: source)
        }
        guard let object = json as? [String: Any] else {
            throw ProfileError(issues: [ProfileIssue(pointer: "", message: "expected a JSON object with the profile's answers")], source: source)
        }
        var issues = Self.unknownKeys(in: object)
        // JSONDecoder reports a fractional number for an Int field without its path; say where.
        for key in ["employees", "yearFounded"] {
            if let number = object[key] as? NSNumber, String(cString: number.objCType) != "c",
               number.doubleValue.rounded() != number.doubleValue {
                issues.append(ProfileIssue(pointer: "/" + key, message: "expected \(Self.expectations[key]!), found \(number.stringValue)"))
            }
        }
        if !issues.isEmpty, issues.contains(where: { ["/employees", "/yearFounded"].contains($0.pointer) }) {
            throw ProfileError(issues: issues, source: source)
        }

        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: data)
        } catch let error as DecodingError {
            issues.append(Self.issue(for: error, in: object))
            throw ProfileError(issues: issues, source: source)
        }
        issues += validator.issues(in: profile)
        guard issues.isEmpty else { throw ProfileError(issues: issues, source: source) }
        return profile
    }

    /// What each field expects, in words, for type errors.
    static let expectations: [String: String] = [
        "id": "a string", "name": "a string",
        "applicantType": "an applicant-type code such as \"company\"",
        "location": "an object with country, state and/or district",
        "country": "a country code such as \"DE\"",
        "state": "an ISO 3166-2 state code such as \"DE-SN\"",
        "district": "a NUTS-3 district code such as \"DED21\"",
        "employees": "a whole number ≥ 0 (staff headcount)",
        "annualTurnover": "an amount in EUR (a number ≥ 0)",
        "balanceSheetTotal": "an amount in EUR (a number ≥ 0)",
        "sizeClass": "one of \"micro\", \"small\", \"medium\", \"large\"",
        "yearFounded": "a year such as 2019",
        "sector": "a NACE/WZ code such as \"62.01\", \"62\" or \"J\"",
        "topics": "an array of topic codes",
        "projectDescription": "a string",
        "language": "\"de\" or \"en\"",
        "amountNeeded": "an amount in EUR (a number ≥ 0)",
        "preferredInstruments": "an array of instrument codes",
        "plannedStart": "a date YYYY-MM-DD",
        "projectStarted": "true or false",
    ]

    static let locationKeys = ["country", "state", "district"]

    static func unknownKeys(in object: [String: Any]) -> [ProfileIssue] {
        var issues: [ProfileIssue] = []
        for key in object.keys.sorted() where !Profile.fieldNames.contains(key) {
            issues.append(ProfileIssue(pointer: "/" + escape(key), message: "unknown field" + suggestion(for: key, among: Profile.fieldNames)))
        }
        if let location = object["location"] as? [String: Any] {
            for key in location.keys.sorted() where !locationKeys.contains(key) {
                issues.append(ProfileIssue(pointer: "/location/" + escape(key), message: "unknown field" + suggestion(for: key, among: locationKeys)))
            }
        }
        return issues
    }

    static func suggestion(for key: String, among names: [String]) -> String {
        let best = names.map { ($0, EditDistance.between($0.lowercased(), key.lowercased())) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, key.count / 3) else {
            return "; expected one of \(names.joined(separator: ", "))"
        }
        return "; did you mean \"\(best.0)\"?"
    }

    static func issue(for error: DecodingError, in object: [String: Any]) -> ProfileIssue {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        let pointer = path.map { key in "/" + (key.intValue.map(String.init) ?? escape(key.stringValue)) }.joined()
        let field = path.last { $0.intValue == nil }?.stringValue
        let expected = field.flatMap { expectations[$0] } ?? "a valid value"
        let found = value(at: path, in: object).map { " , found \(describe($0))" } ?? ""
        return ProfileIssue(pointer: pointer, message: "expected \(expected)\(found)".replacingOccurrences(of: " ,", with: ","))
    }

    static func value(at path: [any CodingKey], in object: Any) -> Any? {
        var current: Any? = object
        for key in path {
            if let index = key.intValue, let array = current as? [Any] {
                current = array.indices.contains(index) ? array[index] : nil
            } else if let dictionary = current as? [String: Any] {
                current = dictionary[key.stringValue]
            } else {
                return nil
            }
        }
        return current
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let text as String: return "\"\(text.prefix(60))\""
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumbers of ObjC type "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return String(describing: value).prefix(60).description
        }
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
