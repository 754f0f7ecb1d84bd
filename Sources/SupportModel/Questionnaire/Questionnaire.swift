/// The questionnaire, each question once, in the order a form shows it. Everything that asks
/// or reads a question is derived from these entries: ``ProfileDecoder`` (keys, expectations,
/// typed values), the CLI flags and `ask`, the advisor form, its labels and the list of answers
/// on the print view and the consultation page, and Matching's field names and next question.
///
/// Adding a question: a stored property in ``Profile`` and one entry here; a criterion that
/// uses it is the matching rule (see ARCHITECTURE.md, "Adding a question").
public enum Questionnaire {
    public static let questions: [Question] = [
        Question(
            "/id", .text(maxScalars: 200), section: .metadata,
            label: LocalizedText(de: "Kennung", en: "Id"),
            read: { $0.id.map(Answer.text) }, write: { $0.id = $1?.text }),
        Question(
            "/name", .text(maxScalars: 200), section: .metadata,
            label: LocalizedText(de: "Bezeichnung", en: "Name"),
            read: { $0.name.map(Answer.text) }, write: { $0.name = $1?.text }),
        Question(
            "/applicantType", .code(.applicantTypes), section: .organisation,
            label: LocalizedText(de: "Antragsteller", en: "Applicant"),
            noun: LocalizedText(de: "Antragsteller", en: "applicant type"),
            prompt: LocalizedText(de: "Wer stellt den Antrag (Unternehmen, Gründer/in, Kommune, Verein, …)?",
                                  en: "Who applies (company, founder, municipality, association, …)?"),
            flag: "type", control: .select,
            read: { $0.applicantType.map { .code($0.rawValue) } }, write: { $0.applicantType = $1?.code.map(ApplicantType.init) }),
        Question(
            "/location/country", .region(.country), section: .organisation,
            label: LocalizedText(de: "Staat", en: "Country"),
            noun: LocalizedText(de: "Staat", en: "country"),
            help: LocalizedText(de: "z. B. DE oder Deutschland", en: "e.g. DE or Germany"),
            flag: "country",
            read: { $0.location?.country.map { .code($0.rawValue) } }, write: { $0.setRegion(\.country, $1?.code) }),
        Question(
            "/location/state", .region(.state), section: .organisation,
            label: LocalizedText(de: "Bundesland", en: "State"),
            noun: LocalizedText(de: "Bundesland", en: "state"),
            prompt: LocalizedText(de: "In welchem Bundesland ist Ihr Sitz?", en: "Which state are you based in?"),
            help: LocalizedText(de: "z. B. Sachsen oder DE-SN", en: "e.g. Saxony or DE-SN"),
            flag: "state", control: .select,
            read: { $0.location?.state.map { .code($0.rawValue) } }, write: { $0.setRegion(\.state, $1?.code) }),
        Question(
            "/location/district", .region(.district), section: .organisation,
            label: LocalizedText(de: "Landkreis / kreisfreie Stadt", en: "District"),
            noun: LocalizedText(de: "Landkreis", en: "district"),
            prompt: LocalizedText(de: "In welchem Landkreis bzw. welcher kreisfreien Stadt ist Ihr Sitz?", en: "Which district are you based in?"),
            help: LocalizedText(de: "z. B. Dresden oder DED21", en: "e.g. Dresden or DED21"),
            flag: "district", control: .groupedSelect,
            read: { $0.location?.district.map { .code($0.rawValue) } }, write: { $0.setRegion(\.district, $1?.code) }),
        Question(
            "/employees", .count(0...10_000_000), section: .organisation,
            label: LocalizedText(de: "Beschäftigte (Vollzeitäquivalente)", en: "Employees (full-time equivalents)"),
            noun: LocalizedText(de: "Beschäftigtenzahl", en: "number of employees"),
            prompt: LocalizedText(de: "Wie viele Beschäftigte haben Sie?", en: "How many employees do you have?"),
            flag: "employees", control: .number,
            read: { $0.employees.map(Answer.integer) }, write: { $0.employees = $1?.integer }),
        Question(
            "/annualTurnover", .amount, section: .organisation,
            label: LocalizedText(de: "Jahresumsatz in EUR", en: "Annual turnover in EUR"),
            noun: LocalizedText(de: "Jahresumsatz", en: "annual turnover"),
            prompt: LocalizedText(de: "Wie hoch ist Ihr Jahresumsatz (EUR)?", en: "What is your annual turnover (EUR)?"),
            help: AnswerKind.amountHelp,
            flag: "turnover", control: .number,
            read: { $0.annualTurnover.map(Answer.amount) }, write: { $0.annualTurnover = $1?.amount }),
        Question(
            "/balanceSheetTotal", .amount, section: .organisation,
            label: LocalizedText(de: "Bilanzsumme in EUR", en: "Balance-sheet total in EUR"),
            noun: LocalizedText(de: "Bilanzsumme", en: "balance-sheet total"),
            prompt: LocalizedText(de: "Wie hoch ist Ihre Jahresbilanzsumme (EUR)?", en: "What is your annual balance-sheet total (EUR)?"),
            help: AnswerKind.amountHelp,
            flag: "balance-sheet", control: .number,
            read: { $0.balanceSheetTotal.map(Answer.amount) }, write: { $0.balanceSheetTotal = $1?.amount }),
        Question(
            "/sizeClass", .code(.sizeClasses), section: .organisation,
            label: LocalizedText(de: "Unternehmensgröße (falls bekannt)", en: "Company size (if known)"),
            noun: LocalizedText(de: "Unternehmensgröße", en: "company size"),
            help: LocalizedText(de: "statt der Zahlen: micro, small, medium oder large", en: "instead of the figures: micro, small, medium or large"),
            flag: "size-class", control: .select,
            read: { $0.sizeClass.map { .code($0.rawValue) } }, write: { $0.sizeClass = $1?.code.flatMap(SizeClass.init(rawValue:)) }),
        Question(
            "/yearFounded", .year, section: .organisation,
            label: LocalizedText(de: "Gründungsjahr", en: "Year founded"),
            noun: LocalizedText(de: "Gründungsjahr", en: "year founded"),
            prompt: LocalizedText(de: "In welchem Jahr wurde Ihr Unternehmen gegründet?", en: "In which year was your business founded?"),
            flag: "founded", control: .number,
            read: { $0.yearFounded.map(Answer.integer) }, write: { $0.yearFounded = $1?.integer }),
        Question(
            "/sector", .sector, section: .organisation,
            label: LocalizedText(de: "Branche (WZ-2008-Code)", en: "Sector (NACE code)"),
            noun: LocalizedText(de: "Branche", en: "sector"),
            prompt: LocalizedText(de: "In welcher Branche sind Sie tätig (WZ-/NACE-Code)?", en: "Which sector are you in (NACE/WZ code)?"),
            help: LocalizedText(de: "z. B. 62.01 für Softwareentwicklung oder J für Information und Kommunikation",
                                en: "e.g. 62.01 for software development or J for information and communication"),
            flag: "sector", control: .text,
            read: { $0.sector.map { .code($0.rawValue) } }, write: { $0.sector = $1?.code.map(SectorCode.init) }),
        Question(
            "/topics", .codes(.topics), section: .project,
            label: LocalizedText(de: "Themen des Vorhabens", en: "Project topics"),
            noun: LocalizedText(de: "Themen", en: "topics"),
            prompt: LocalizedText(de: "Um welche Themen geht es in Ihrem Vorhaben?", en: "Which topics is your project about?"),
            flag: "topic", control: .checkboxes,
            read: { $0.topics.map { .codes($0.map(\.rawValue)) } }, write: { $0.topics = $1?.codes?.map(TopicCode.init) }),
        Question(
            "/projectDescription", .text(maxScalars: ProfileValidator.maxDescriptionLength), section: .project,
            label: LocalizedText(de: "Beschreibung des Vorhabens", en: "Project description"),
            noun: LocalizedText(de: "Beschreibung des Vorhabens", en: "project description"),
            prompt: LocalizedText(de: "Beschreiben Sie Ihr Vorhaben in ein, zwei Sätzen.", en: "Describe your project in a sentence or two."),
            help: LocalizedText(de: "In eigenen Worten, Deutsch oder Englisch", en: "In your own words, German or English"),
            flag: "text", control: .textarea,
            read: { $0.projectDescription.map(Answer.text) }, write: { $0.projectDescription = $1?.text }),
        Question(
            "/language", .code(.languages), section: .project,
            label: LocalizedText(de: "Sprache der Beschreibung", en: "Language of the description"),
            help: LocalizedText(de: "de oder en; ohne Angabe erkannt", en: "de or en; detected when absent"),
            flag: "text-language",
            read: { $0.language.map { .code($0.rawValue) } }, write: { $0.language = $1?.code.map(LanguageCode.init) }),
        Question(
            "/amountNeeded", .amount, section: .project,
            label: LocalizedText(de: "Benötigter Betrag in EUR", en: "Amount needed in EUR"),
            noun: LocalizedText(de: "benötigter Betrag", en: "amount needed"),
            prompt: LocalizedText(de: "Wie viel Geld benötigt das Vorhaben (EUR)?", en: "How much money does the project need (EUR)?"),
            help: AnswerKind.amountHelp,
            flag: "amount", control: .number,
            read: { $0.amountNeeded.map(Answer.amount) }, write: { $0.amountNeeded = $1?.amount }),
        Question(
            "/preferredInstruments", .codes(.instruments), section: .project,
            label: LocalizedText(de: "Bevorzugte Förderart", en: "Preferred kind of support"),
            noun: LocalizedText(de: "bevorzugte Förderart", en: "preferred kind of support"),
            prompt: LocalizedText(de: "Welche Förderart bevorzugen Sie (Zuschuss, Darlehen, …)?", en: "Which kind of support do you prefer (grant, loan, …)?"),
            flag: "instrument", control: .checkboxes,
            read: { $0.preferredInstruments.map { .codes($0.map(\.rawValue)) } },
            write: { $0.preferredInstruments = $1?.codes?.map(Instrument.init) }),
        Question(
            "/plannedStart", .day, section: .project,
            label: LocalizedText(de: "Geplanter Beginn", en: "Planned start"),
            noun: LocalizedText(de: "geplanter Beginn", en: "planned start"),
            flag: "start", control: .date,
            read: { $0.plannedStart.map(Answer.day) }, write: { $0.plannedStart = $1?.day }),
        Question(
            "/projectStarted", .yesNo, section: .project,
            label: LocalizedText(de: "Hat das Vorhaben schon begonnen?", en: "Has the project already started?"),
            noun: LocalizedText(de: "Vorhabenbeginn", en: "project started"),
            flag: "started", control: .select,
            read: { $0.projectStarted.map(Answer.bool) }, write: { $0.projectStarted = $1?.bool }),
        Question(
            "/deMinimisReceived", .amount, section: .organisation,
            label: LocalizedText(de: "De-minimis-Beihilfen der letzten drei Jahre in EUR", en: "De-minimis aid received in the last three years, in EUR"),
            noun: LocalizedText(de: "erhaltene De-minimis-Beihilfen", en: "de-minimis aid received"),
            prompt: LocalizedText(de: "Wie viel De-minimis-Beihilfe hat Ihr Unternehmen in diesem und den zwei vorigen Jahren erhalten (EUR)?",
                                  en: "How much de-minimis aid has your business received this year and in the two years before (EUR)?"),
            help: LocalizedText(de: "Summe laut Ihren De-minimis-Bescheinigungen; 0, wenn keine", en: "The total of your de-minimis certificates; 0 if none"),
            flag: "de-minimis", control: .number,
            read: { $0.deMinimisReceived.map(Answer.amount) }, write: { $0.deMinimisReceived = $1?.amount }),
    ]

    private static let byPointer = Dictionary(uniqueKeysWithValues: questions.map { ($0.pointer, $0) })

    /// The question at a JSON pointer (`/location/state`), or the one a longer pointer lies in
    /// (`/topics/2` → `/topics`).
    public static func question(at pointer: String) -> Question? {
        if let exact = byPointer[pointer] { return exact }
        return questions.first { pointer.hasPrefix($0.pointer + "/") }
    }

    /// The question whose JSON key (and form field) is `name`: `state`, `yearFounded`.
    public static func question(named name: String) -> Question? {
        questions.first { $0.name == name }
    }

    /// The questions the advisor form shows, in its order.
    public static var formQuestions: [Question] { questions.filter { $0.control != nil } }

    /// The questions with a CLI flag.
    public static var flagQuestions: [Question] { questions.filter { $0.flag != nil } }
}

extension Profile {
    /// Sets one part of the location, creating the location when needed.
    mutating func setRegion(_ part: WritableKeyPath<Location, RegionCode?>, _ code: String?) {
        var location = self.location ?? Location()
        location[keyPath: part] = code.map(RegionCode.init)
        self.location = location
    }
}

extension AnswerKind {
    static let amountHelp = LocalizedText(de: "z. B. 250.000, 250 000, 250k oder 1,5 Mio", en: "e.g. 250,000, 250 000, 250k or 1.5m")
}
