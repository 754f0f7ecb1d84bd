/// One question of the questionnaire: everything every front end needs to ask it, read the
/// answer and show it again. The entries are in ``Questionnaire/questions``; the profile
/// decoder, the CLI flags, `ask`, the advisor form and Matching's field names are derived from
/// them, so a question is added (or renamed) in one place.
public struct Question: Sendable {
    /// The answer's place in the profile's JSON form, an RFC 6901 pointer (`/location/state`).
    public let pointer: String
    public let kind: AnswerKind
    /// The field's name on a form or in a list of answers ("Gründungsjahr", "Year founded").
    public let label: LocalizedText
    /// The answer as a noun inside a sentence ("offen: Jahresumsatz, Landkreis").
    public let noun: LocalizedText
    /// The question as `ask` and the next-question box put it; `nil` for answers nobody is
    /// asked for (the profile's id, the description's language).
    public let prompt: LocalizedText?
    /// A line under the form field and in the CLI help.
    public let help: LocalizedText?
    /// The CLI flag's long name without dashes (`founded` for `--founded`); `nil` for none.
    public let flag: String?
    /// How the advisor form shows it; `nil` for answers the form does not ask.
    public let control: FormControl?
    public let section: Section
    let read: @Sendable (Profile) -> Answer?
    let write: @Sendable (inout Profile, Answer?) -> Void

    public enum Section: Sendable, Hashable {
        /// Who applies: organisation, place, size, age, sector.
        case organisation
        /// What the money is for.
        case project
        /// Bookkeeping (the profile's id and name): in the JSON form only.
        case metadata
    }

    init(
        _ pointer: String, _ kind: AnswerKind, section: Section,
        label: LocalizedText, noun: LocalizedText? = nil, prompt: LocalizedText? = nil, help: LocalizedText? = nil,
        flag: String? = nil, control: FormControl? = nil,
        read: @escaping @Sendable (Profile) -> Answer?, write: @escaping @Sendable (inout Profile, Answer?) -> Void
    ) {
        self.pointer = pointer
        self.name = String(pointer.split(separator: "/").last ?? "")
        self.parents = pointer.split(separator: "/").dropLast().map(String.init)
        self.kind = kind
        self.section = section
        self.label = label
        self.noun = noun ?? label
        self.prompt = prompt
        self.help = help
        self.flag = flag
        self.control = control
        self.read = read
        self.write = write
    }

    /// The JSON key inside its object (`state` for `/location/state`); also the form field's
    /// name and the query parameter of a result link. Stored, as ``parents`` is: the profile
    /// decoder asks every question for both on every request.
    public let name: String

    /// The JSON object the answer sits in: `[]` for the profile itself, `["location"]`.
    public let parents: [String]

    /// The answer given in `profile`, if any.
    public func answer(in profile: Profile) -> Answer? { read(profile) }

    /// Sets (or with `nil` clears) the answer in `profile`.
    public func set(_ answer: Answer?, in profile: inout Profile) { write(&profile, answer) }

    /// The answer in `profile` as a person would type it back (the form's value, the CLI
    /// flag's argument); lists give one string per element.
    public func typed(in profile: Profile) -> [String] {
        read(profile)?.typed ?? []
    }
}

/// What kind of value a question takes: decides how typed text is read, what a refusal says
/// was expected, and the value's range.
public enum AnswerKind: Sendable, Hashable {
    /// One code of a vocabulary; its labels and aliases are accepted too.
    case code(Vocabulary)
    /// Several codes of a vocabulary.
    case codes(Vocabulary)
    /// A region at one level of the region taxonomy: its code, its name in German or English,
    /// an alias, or (districts) the name before ", Kreisfreie Stadt".
    case region(RegionLevel)
    /// A whole number within the range (a headcount).
    case count(ClosedRange<Int>)
    /// A calendar year, at most the year after `today`.
    case year
    /// An amount of money in EUR, as people write it (`1,5 Mio`, `250k`, `1.500.000`).
    case amount
    /// A NACE Rev. 2 / WZ 2008 code: section letter, division, group or class.
    case sector
    /// Free text of at most `maxScalars` Unicode scalars.
    case text(maxScalars: Int)
    /// A day: `YYYY-MM-DD`, or `1.3.2027` as Germans write it.
    case day
    /// Yes or no: yes/no, ja/nein, true/false.
    case yesNo
}

/// The vocabularies a questionnaire answer can come from.
public enum Vocabulary: String, Sendable, Hashable {
    case applicantTypes, sizeClasses, topics, instruments, languages

    func taxonomy(in taxonomies: Taxonomies) -> Taxonomy {
        switch self {
        case .applicantTypes: taxonomies.applicantTypes
        case .sizeClasses: taxonomies.sizeClasses
        case .topics: taxonomies.topics
        case .instruments: taxonomies.instruments
        case .languages: Self.languageTaxonomy
        }
    }

    /// The two languages a project description can be in; not a file of its own.
    static let languageTaxonomy = Taxonomy(name: "languages", terms: [
        Term(code: "de", de: "Deutsch", en: "German", aliases: ["deutsch", "german"]),
        Term(code: "en", de: "Englisch", en: "English", aliases: ["englisch", "english"]),
    ])
}

/// Levels of the region taxonomy a question asks for.
public enum RegionLevel: Sendable, Hashable {
    case country, state, district
}

/// How the advisor form shows a question.
public enum FormControl: Sendable, Hashable {
    /// A drop-down of the vocabulary (or the region level), with "not answered".
    case select
    /// Districts grouped by their state.
    case groupedSelect
    /// A text input for numbers (`inputmode` numeric or decimal), so "1,5 Mio" reaches the parser.
    case number
    case text
    case textarea
    case checkboxes
    case date
}

/// A questionnaire answer as a value, before it is put into a ``Profile``.
public enum Answer: Sendable, Hashable {
    case integer(Int)
    case amount(Double)
    case bool(Bool)
    case code(String)
    case codes([String])
    case text(String)
    case day(Day)

    public var integer: Int? { if case .integer(let value) = self { value } else { nil } }
    public var amount: Double? { if case .amount(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var code: String? { if case .code(let value) = self { value } else { nil } }
    public var codes: [String]? { if case .codes(let value) = self { value } else { nil } }
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    public var day: Day? { if case .day(let value) = self { value } else { nil } }

    /// The value as it is typed back: whole euros without grouping, `yes`/`no`, ISO days.
    public var typed: [String] {
        switch self {
        case .integer(let value): [String(value)]
        case .amount(let value): [value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)]
        case .bool(let value): [value ? "yes" : "no"]
        case .code(let value), .text(let value): [value]
        case .codes(let values): values
        case .day(let value): [value.description]
        }
    }
}
