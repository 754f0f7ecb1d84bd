/// The questionnaire: what an organisation tells SupportMatch about itself and its project.
///
/// Every answer is optional. A missing answer never counts as a "yes": an offer whose criterion
/// depends on it is reported as *unknown* with the question to answer (see the `Matching`
/// module). The JSON form is documented by `Catalog/schema/profile.schema.json`; decode it with
/// ``ProfileDecoder`` to get located errors and code checks, not with a bare `JSONDecoder`.
public struct Profile: Hashable, Sendable, Codable {
    /// A name for the profile, used by evaluation runs (`profile_id` in judgments) and reports.
    public var id: String?
    /// A human label ("Saxon software SME wanting AI"); never used for matching.
    public var name: String?
    /// Who applies. A `founder` is a person or team before or at founding; a business that is
    /// already registered answers `company` (with ``yearFounded``). The two are matched as
    /// different types because programmes distinguish them; most offers for young businesses
    /// list both.
    public var applicantType: ApplicantType?
    public var location: Location?
    /// Staff headcount in annual work units (Recommendation 2003/361/EC, Art. 5).
    public var employees: Int?
    /// Annual turnover in EUR.
    public var annualTurnover: Double?
    /// Annual balance-sheet total in EUR.
    public var balanceSheetTotal: Double?
    /// The SME class when the applicant knows it rather than the figures. When figures are
    /// given too they must agree with it (``ProfileDecoder`` reports a contradiction).
    public var sizeClass: SizeClass?
    public var yearFounded: Int?
    /// NACE Rev. 2 / WZ 2008: a section letter (`J`) or a division, group or class (`62.01`).
    public var sector: SectorCode?
    /// Topics of the project, from the topic vocabulary.
    public var topics: [TopicCode]?
    /// The project in the applicant's own words, German or English.
    public var projectDescription: String?
    /// Language of ``projectDescription``; detected from the text when absent.
    public var language: LanguageCode?
    /// Money the project needs, in EUR.
    public var amountNeeded: Double?
    /// Instruments the applicant prefers (a grant over a loan, say); others are still shown.
    public var preferredInstruments: [Instrument]?
    public var plannedStart: Day?
    /// Whether work on the project has already begun. Many programmes require the application
    /// before the project starts; the catalogue states that only in words, so it is shown as a
    /// note, not evaluated as a criterion.
    public var projectStarted: Bool?
    /// De-minimis aid received in the current and the two previous fiscal years, in EUR: an
    /// undertaking may receive at most 300,000 EUR of it in three years (Regulation (EU)
    /// 2023/2831, Art. 3(2)), so it decides how much a de-minimis programme can still give.
    public var deMinimisReceived: Double?

    public init(
        id: String? = nil, name: String? = nil, applicantType: ApplicantType? = nil, location: Location? = nil,
        employees: Int? = nil, annualTurnover: Double? = nil, balanceSheetTotal: Double? = nil,
        sizeClass: SizeClass? = nil, yearFounded: Int? = nil, sector: SectorCode? = nil,
        topics: [TopicCode]? = nil, projectDescription: String? = nil, language: LanguageCode? = nil,
        amountNeeded: Double? = nil, preferredInstruments: [Instrument]? = nil,
        plannedStart: Day? = nil, projectStarted: Bool? = nil, deMinimisReceived: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.applicantType = applicantType
        self.location = location
        self.employees = employees
        self.annualTurnover = annualTurnover
        self.balanceSheetTotal = balanceSheetTotal
        self.sizeClass = sizeClass
        self.yearFounded = yearFounded
        self.sector = sector
        self.topics = topics
        self.projectDescription = projectDescription
        self.language = language
        self.amountNeeded = amountNeeded
        self.preferredInstruments = preferredInstruments
        self.plannedStart = plannedStart
        self.projectStarted = projectStarted
        self.deMinimisReceived = deMinimisReceived
    }

    /// Where the applicant (or the project) is. The most specific code given is used for
    /// matching; a district implies its state and country.
    public struct Location: Hashable, Sendable, Codable {
        /// ISO 3166-1 country, for applicants that only know it (`DE`). Implied by `state`.
        public var country: RegionCode?
        /// ISO 3166-2 state (`DE-SN`).
        public var state: RegionCode?
        /// NUTS-3 district (`DED21` for Dresden), where the region taxonomy has it.
        public var district: RegionCode?

        public init(country: RegionCode? = nil, state: RegionCode? = nil, district: RegionCode? = nil) {
            self.country = country
            self.state = state
            self.district = district
        }

        /// The most specific region given.
        public var mostSpecific: RegionCode? { district ?? state ?? country }
    }

    /// The profile's top-level JSON keys, in the order a questionnaire asks them (from
    /// ``Questionnaire``: a nested answer such as `/location/state` contributes `location`).
    public static let fieldNames: [String] = Questionnaire.questions.reduce(into: []) { names, question in
        let name = question.parents.first ?? question.name
        if !names.contains(name) { names.append(name) }
    }

    /// The region to match: the district, else the state, else the country.
    public var region: RegionCode? { location?.mostSpecific }
}
