import SupportModel

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

    /// The answer as a noun inside a sentence ("offen: Jahresumsatz, Landkreis"); the raw
    /// value is the JSON pointer, for programs.
    public var label: LocalizedText {
        switch self {
        case .applicantType: LocalizedText(de: "Antragsteller", en: "applicant type")
        case .state: LocalizedText(de: "Bundesland", en: "state")
        case .district: LocalizedText(de: "Landkreis", en: "district")
        case .employees: LocalizedText(de: "Beschäftigtenzahl", en: "number of employees")
        case .annualTurnover: LocalizedText(de: "Jahresumsatz", en: "annual turnover")
        case .balanceSheetTotal: LocalizedText(de: "Bilanzsumme", en: "balance-sheet total")
        case .yearFounded: LocalizedText(de: "Gründungsjahr", en: "year founded")
        case .sector: LocalizedText(de: "Branche", en: "sector")
        case .topics: LocalizedText(de: "Themen", en: "topics")
        case .projectDescription: LocalizedText(de: "Beschreibung des Vorhabens", en: "project description")
        case .amountNeeded: LocalizedText(de: "benötigter Betrag", en: "amount needed")
        case .preferredInstruments: LocalizedText(de: "bevorzugte Förderart", en: "preferred kind of support")
        }
    }

    /// The question to ask for this field.
    public var question: LocalizedText {
        switch self {
        case .applicantType: LocalizedText(de: "Wer stellt den Antrag (Unternehmen, Gründer/in, Kommune, Verein, …)?", en: "Who applies (company, founder, municipality, association, …)?")
        case .state: LocalizedText(de: "In welchem Bundesland ist Ihr Sitz?", en: "Which state are you based in?")
        case .district: LocalizedText(de: "In welchem Landkreis bzw. welcher kreisfreien Stadt ist Ihr Sitz?", en: "Which district are you based in?")
        case .employees: LocalizedText(de: "Wie viele Beschäftigte haben Sie?", en: "How many employees do you have?")
        case .annualTurnover: LocalizedText(de: "Wie hoch ist Ihr Jahresumsatz (EUR)?", en: "What is your annual turnover (EUR)?")
        case .balanceSheetTotal: LocalizedText(de: "Wie hoch ist Ihre Jahresbilanzsumme (EUR)?", en: "What is your annual balance-sheet total (EUR)?")
        case .yearFounded: LocalizedText(de: "In welchem Jahr wurde Ihr Unternehmen gegründet?", en: "In which year was your business founded?")
        case .sector: LocalizedText(de: "In welcher Branche sind Sie tätig (WZ-/NACE-Code)?", en: "Which sector are you in (NACE/WZ code)?")
        case .topics: LocalizedText(de: "Um welche Themen geht es in Ihrem Vorhaben?", en: "Which topics is your project about?")
        case .projectDescription: LocalizedText(de: "Beschreiben Sie Ihr Vorhaben in ein, zwei Sätzen.", en: "Describe your project in a sentence or two.")
        case .amountNeeded: LocalizedText(de: "Wie viel Geld benötigt das Vorhaben (EUR)?", en: "How much money does the project need (EUR)?")
        case .preferredInstruments: LocalizedText(de: "Welche Förderart bevorzugen Sie (Zuschuss, Darlehen, …)?", en: "Which kind of support do you prefer (grant, loan, …)?")
        }
    }
}

/// A text in German and English. Matching produces both so that every front end (CLI, HTTP,
/// web page) can show the user's language without re-deriving the reason.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var de: String
    public var en: String

    public init(de: String, en: String) {
        self.de = de
        self.en = en
    }

    public func text(_ language: LanguageCode) -> String { language == .german ? de : en }
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
