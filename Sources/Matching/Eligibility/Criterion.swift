import Foundation
public import SupportModel

/// An eligibility criterion of an offer, evaluated against a profile.
public enum CriterionKind: String, Sendable, Codable, CaseIterable, Comparable {
    case applicantType
    case region
    case companySize
    case sector
    case companyAge
    /// Whether applications are possible on the day of the query. Not a criterion the applicant
    /// can change, so it never makes a near miss; closed offers are left out unless asked for.
    case schedule

    /// The criteria a profile can pass or fail, in the order they are shown.
    public static let profileCriteria: [CriterionKind] = [.applicantType, .region, .companySize, .sector, .companyAge]

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    /// The criterion as a reader names it; the raw value is the JSON name.
    public var label: LocalizedText {
        switch self {
        case .applicantType: LocalizedText(de: "Antragsteller", en: "Applicant")
        case .region: LocalizedText(de: "Region", en: "Region")
        case .companySize: LocalizedText(de: "Unternehmensgröße", en: "Company size")
        case .sector: LocalizedText(de: "Branche", en: "Sector")
        case .companyAge: LocalizedText(de: "Unternehmensalter", en: "Company age")
        case .schedule: LocalizedText(de: "Antragszeitraum", en: "Application period")
        }
    }
}

/// What a criterion says about a profile.
public enum Verdict: String, Sendable, Codable {
    case pass, fail, unknown
}

/// A profile answer a criterion needs, named by its JSON field (``Profile``'s pointers).
public enum ProfileField: String, Sendable, Codable, CaseIterable, Comparable {
    case applicantType
    case state = "location.state"
    case district = "location.district"
    case employees
    case annualTurnover
    case balanceSheetTotal
    case yearFounded
    case sector
    case topics
    case projectDescription
    case amountNeeded
    case preferredInstruments

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    /// The questionnaire's entry for this field: its labels, prompt and answer kind.
    public var definition: Question { Self.definitions[self]! }

    private static let definitions: [ProfileField: Question] = Dictionary(uniqueKeysWithValues: allCases.map { field in
        (field, Questionnaire.question(at: "/" + field.rawValue.replacingOccurrences(of: ".", with: "/"))!)
    })

    /// The answer as a noun inside a sentence ("offen: Jahresumsatz, Landkreis"); the raw
    /// value is the JSON pointer, for programs.
    public var label: LocalizedText { definition.noun }

    /// The question to ask for this field.
    public var question: LocalizedText { definition.prompt! }
}

/// One criterion's outcome for one offer, with the reason.
///
/// `code` and `parameters` identify the reason for a front end that wants its own wording
/// (`companySize.notAllowed` with `allowed` = `micro,small`, `actual` = `medium`); `message`
/// is the ready-made wording in both languages.
public struct CriterionResult: Hashable, Sendable, Codable {
    public var criterion: CriterionKind
    public var verdict: Verdict
    public var code: String
    public var parameters: [String: String]
    public var message: LocalizedText
    /// For `unknown`: the answers that would settle the criterion, most useful first.
    public var missing: [ProfileField]

    public init(_ criterion: CriterionKind, _ verdict: Verdict, code: String, parameters: [String: String] = [:],
                message: LocalizedText, missing: [ProfileField] = []) {
        self.criterion = criterion
        self.verdict = verdict
        self.code = code
        self.parameters = parameters
        self.message = message
        self.missing = missing
    }
}
