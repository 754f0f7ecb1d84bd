/// A support offer: one funding or support programme as published by a provider.
///
/// The model is the common denominator of the formats SupportMatch reads (its own native
/// format, the Förderdatenbank export, the Grants.gov extract, CommonGrants): everything that
/// matters for deciding eligibility and relevance, plus what an advisor shows a client.
/// Optional criteria mean "no restriction" when absent; optional facts mean "unknown".
public struct Offer: Hashable, Sendable, Codable {
    /// Stable identity: the source that publishes the offer plus the source's own id.
    public var id: OfferID
    /// The programme's official name.
    public var title: String
    /// One or two sentences a client can read at a glance.
    public var summary: String
    /// Full description as plain text; paragraphs are separated by a blank line.
    public var description: String
    /// Language of title, summary and description.
    public var language: LanguageCode
    public var provider: Provider
    public var links: [Link]
    /// How support is given; an offer can combine several (a loan with a guarantee).
    public var instruments: [Instrument]
    /// Controlled-vocabulary topics.
    public var topics: [TopicCode]
    /// Free keywords, in the offer's language.
    public var keywords: [String]
    public var eligibility: Eligibility
    public var funding: Funding?
    public var schedule: Schedule
    /// When the provider last changed the offer, where known.
    public var lastUpdated: Day?
    /// The page the facts were taken from.
    public var sourceURL: String?
    /// When the facts were last checked against the source.
    public var asOf: Day?
    /// Codes as the source published them (for example Förderdatenbank classifier codes by
    /// classifier), kept so nothing is lost in mapping onto our taxonomies.
    public var originalCodes: [String: [String]]
    /// Where this record came from; set by importers and the store, not by catalogue authors.
    public var provenance: Provenance?

    public init(
        id: OfferID, title: String, summary: String = "", description: String = "",
        language: LanguageCode = .german, provider: Provider, links: [Link] = [],
        instruments: [Instrument] = [], topics: [TopicCode] = [], keywords: [String] = [],
        eligibility: Eligibility = Eligibility(), funding: Funding? = nil,
        schedule: Schedule = Schedule(status: .rolling), lastUpdated: Day? = nil,
        sourceURL: String? = nil, asOf: Day? = nil, originalCodes: [String: [String]] = [:],
        provenance: Provenance? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.description = description
        self.language = language
        self.provider = provider
        self.links = links
        self.instruments = instruments
        self.topics = topics
        self.keywords = keywords
        self.eligibility = eligibility
        self.funding = funding
        self.schedule = schedule
        self.lastUpdated = lastUpdated
        self.sourceURL = sourceURL
        self.asOf = asOf
        self.originalCodes = originalCodes
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case source, id, title, summary, description, language, provider, links, instruments
        case topics, keywords, eligibility, funding, schedule, lastUpdated, sourceURL, asOf
        case originalCodes, provenance
    }

    /// Decodes an offer. Inside a native catalogue document the `source` is given once for the
    /// whole document; readers pass it through `decoder.userInfo[.catalogueSource]`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let source = try c.decodeIfPresent(String.self, forKey: .source)
            ?? (decoder.userInfo[.catalogueSource] as? String)
        guard let source else {
            throw DecodingError.keyNotFound(CodingKeys.source, .init(
                codingPath: c.codingPath, debugDescription: "expected the offer's source (or a document-level source)"))
        }
        id = OfferID(source: source, localID: try c.decode(String.self, forKey: .id))
        title = try c.decode(String.self, forKey: .title)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        language = try c.decode(LanguageCode.self, forKey: .language)
        provider = try c.decode(Provider.self, forKey: .provider)
        links = try c.decodeIfPresent([Link].self, forKey: .links) ?? []
        instruments = try c.decodeIfPresent([Instrument].self, forKey: .instruments) ?? []
        topics = try c.decodeIfPresent([TopicCode].self, forKey: .topics) ?? []
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        eligibility = try c.decodeIfPresent(Eligibility.self, forKey: .eligibility) ?? Eligibility()
        funding = try c.decodeIfPresent(Funding.self, forKey: .funding)
        schedule = try c.decode(Schedule.self, forKey: .schedule)
        lastUpdated = try c.decodeIfPresent(Day.self, forKey: .lastUpdated)
        sourceURL = try c.decodeIfPresent(String.self, forKey: .sourceURL)
        asOf = try c.decodeIfPresent(Day.self, forKey: .asOf)
        originalCodes = try c.decodeIfPresent([String: [String]].self, forKey: .originalCodes) ?? [:]
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if encoder.userInfo[.catalogueSource] == nil {
            try c.encode(id.source, forKey: .source)
        }
        try c.encode(id.localID, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(summary, forKey: .summary)
        try c.encode(description, forKey: .description)
        try c.encode(language, forKey: .language)
        try c.encode(provider, forKey: .provider)
        if !links.isEmpty { try c.encode(links, forKey: .links) }
        try c.encode(instruments, forKey: .instruments)
        if !topics.isEmpty { try c.encode(topics, forKey: .topics) }
        if !keywords.isEmpty { try c.encode(keywords, forKey: .keywords) }
        if !eligibility.isUnrestricted { try c.encode(eligibility, forKey: .eligibility) }
        try c.encodeIfPresent(funding, forKey: .funding)
        try c.encode(schedule, forKey: .schedule)
        try c.encodeIfPresent(lastUpdated, forKey: .lastUpdated)
        try c.encodeIfPresent(sourceURL, forKey: .sourceURL)
        try c.encodeIfPresent(asOf, forKey: .asOf)
        if !originalCodes.isEmpty { try c.encode(originalCodes, forKey: .originalCodes) }
        if encoder.userInfo[.omitProvenance] == nil {
            try c.encodeIfPresent(provenance, forKey: .provenance)
        }
    }

    /// The first link of a kind, for example the application page.
    public func link(_ kind: LinkKind) -> Link? { links.first { $0.kind == kind } }
}

extension CodingUserInfoKey {
    /// The `source` of a native catalogue document, handed to each offer's decoder.
    public static let catalogueSource = CodingUserInfoKey(rawValue: "supportmatch.catalogueSource")!
    /// Present when encoding content for hashing and change detection.
    public static let omitProvenance = CodingUserInfoKey(rawValue: "supportmatch.omitProvenance")!
}

/// An offer's identity: unique within its source, stable across imports.
///
/// Written `source:localID` (for example `fdb:einstiegsgeld`, `supportmatch:sab-innostartbonus`).
public struct OfferID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var source: String
    public var localID: String

    public init(source: String, localID: String) {
        self.source = source
        self.localID = localID
    }

    /// Parses `source:localID`; the local id may itself contain colons.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let source = String(text[..<colon])
        let local = String(text[text.index(after: colon)...])
        guard !source.isEmpty, !local.isEmpty else { return nil }
        self.init(source: source, localID: local)
    }

    public var description: String { "\(source):\(localID)" }

    public static func < (lhs: OfferID, rhs: OfferID) -> Bool {
        (lhs.source, lhs.localID) < (rhs.source, rhs.localID)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = OfferID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an offer id source:localID, found \"\(text)\"")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The body that provides an offer.
public struct Provider: Hashable, Sendable, Codable {
    public var name: String
    public var level: ProviderLevel
    public var contact: Contact?

    public init(name: String, level: ProviderLevel, contact: Contact? = nil) {
        self.name = name
        self.level = level
        self.contact = contact
    }
}

/// Public contact data of a provider or programme office.
public struct Contact: Hashable, Sendable, Codable {
    public var name: String?
    public var email: String?
    public var phone: String?
    public var address: String?
    public var url: String?

    public init(name: String? = nil, email: String? = nil, phone: String? = nil, address: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.address = address
        self.url = url
    }

    public var isEmpty: Bool { name == nil && email == nil && phone == nil && address == nil && url == nil }
}

/// A typed link: information page, application portal, legal basis, ...
public struct Link: Hashable, Sendable, Codable {
    public var kind: LinkKind
    public var url: String
    public var title: String?

    public init(kind: LinkKind, url: String, title: String? = nil) {
        self.kind = kind
        self.url = url
        self.title = title
    }
}

/// Who can use an offer. Every criterion is optional: `nil` means "no restriction".
public struct Eligibility: Hashable, Sendable, Codable {
    public var applicantTypes: [ApplicantType]?
    public var companySizes: [SizeClass]?
    /// Where the applicant or project must be; containment is hierarchical (see ``Taxonomies``).
    public var regions: [RegionCode]?
    public var sectors: SectorRule?
    public var companyAge: AgeBounds?
    /// Conditions in words, kept for display; not evaluated.
    public var conditions: [String]

    public init(
        applicantTypes: [ApplicantType]? = nil, companySizes: [SizeClass]? = nil,
        regions: [RegionCode]? = nil, sectors: SectorRule? = nil, companyAge: AgeBounds? = nil,
        conditions: [String] = []
    ) {
        self.applicantTypes = applicantTypes
        self.companySizes = companySizes
        self.regions = regions
        self.sectors = sectors
        self.companyAge = companyAge
        self.conditions = conditions
    }

    enum CodingKeys: String, CodingKey {
        case applicantTypes, companySizes, regions, sectors, companyAge, conditions
    }

    /// Empty lists are read as "no restriction", so that an empty `<regions/>` and an absent
    /// element mean the same thing in every format.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func list<T: Decodable>(_ key: CodingKeys) throws -> [T]? {
            guard let values = try c.decodeIfPresent([T].self, forKey: key), !values.isEmpty else { return nil }
            return values
        }
        applicantTypes = try list(.applicantTypes)
        companySizes = try list(.companySizes)
        regions = try list(.regions)
        let sectors = try c.decodeIfPresent(SectorRule.self, forKey: .sectors)
        self.sectors = sectors?.isEmpty == true ? nil : sectors
        let age = try c.decodeIfPresent(AgeBounds.self, forKey: .companyAge)
        companyAge = (age?.minYears == nil && age?.maxYears == nil) ? nil : age
        conditions = try c.decodeIfPresent([String].self, forKey: .conditions) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(applicantTypes, forKey: .applicantTypes)
        try c.encodeIfPresent(companySizes, forKey: .companySizes)
        try c.encodeIfPresent(regions, forKey: .regions)
        try c.encodeIfPresent(sectors, forKey: .sectors)
        try c.encodeIfPresent(companyAge, forKey: .companyAge)
        if !conditions.isEmpty { try c.encode(conditions, forKey: .conditions) }
    }

    public var isUnrestricted: Bool {
        applicantTypes == nil && companySizes == nil && regions == nil && sectors == nil
            && companyAge == nil && conditions.isEmpty
    }
}

/// Sectors an offer is limited to (`include`) or closed for (`exclude`).
public struct SectorRule: Hashable, Sendable, Codable {
    public var include: [SectorCode]
    public var exclude: [SectorCode]

    public init(include: [SectorCode] = [], exclude: [SectorCode] = []) {
        self.include = include
        self.exclude = exclude
    }

    enum CodingKeys: String, CodingKey { case include, exclude }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        include = try c.decodeIfPresent([SectorCode].self, forKey: .include) ?? []
        exclude = try c.decodeIfPresent([SectorCode].self, forKey: .exclude) ?? []
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }
}

/// Bounds on company age in whole years since founding, both inclusive.
public struct AgeBounds: Hashable, Sendable, Codable {
    public var minYears: Int?
    public var maxYears: Int?

    public init(minYears: Int? = nil, maxYears: Int? = nil) {
        self.minYears = minYears
        self.maxYears = maxYears
    }
}

/// Money: amounts per project, funding rate, programme budget.
public struct Funding: Hashable, Sendable, Codable {
    /// ISO 4217 currency of every amount here.
    public var currency: String
    public var amountMin: Double?
    public var amountMax: Double?
    /// Funding rate in percent of eligible costs.
    public var rateMin: Double?
    public var rateMax: Double?
    /// Total programme budget, where published.
    public var totalBudget: Double?

    public init(currency: String = "EUR", amountMin: Double? = nil, amountMax: Double? = nil,
                rateMin: Double? = nil, rateMax: Double? = nil, totalBudget: Double? = nil) {
        self.currency = currency
        self.amountMin = amountMin
        self.amountMax = amountMax
        self.rateMin = rateMin
        self.rateMax = rateMax
        self.totalBudget = totalBudget
    }

    enum CodingKeys: String, CodingKey { case currency, amountMin, amountMax, rateMin, rateMax, totalBudget }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? "EUR"
        amountMin = try c.decodeIfPresent(Double.self, forKey: .amountMin)
        amountMax = try c.decodeIfPresent(Double.self, forKey: .amountMax)
        rateMin = try c.decodeIfPresent(Double.self, forKey: .rateMin)
        rateMax = try c.decodeIfPresent(Double.self, forKey: .rateMax)
        totalBudget = try c.decodeIfPresent(Double.self, forKey: .totalBudget)
    }
}

/// When an offer can be used.
public struct Schedule: Hashable, Sendable, Codable {
    public var status: OfferStatus
    public var opens: Day?
    /// Application deadlines, earliest first; several calls are possible.
    public var deadlines: [Day]

    public init(status: OfferStatus, opens: Day? = nil, deadlines: [Day] = []) {
        self.status = status
        self.opens = opens
        self.deadlines = deadlines
    }

    enum CodingKeys: String, CodingKey { case status, opens, deadlines }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decode(OfferStatus.self, forKey: .status)
        opens = try c.decodeIfPresent(Day.self, forKey: .opens)
        deadlines = try c.decodeIfPresent([Day].self, forKey: .deadlines) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(opens, forKey: .opens)
        if !deadlines.isEmpty { try c.encode(deadlines, forKey: .deadlines) }
    }

    /// The first deadline on or after `today`, if any.
    public func nextDeadline(after today: Day) -> Day? {
        deadlines.filter { $0 >= today }.min()
    }

    /// Whether applications are possible on `today`: not closed, and if the offer has
    /// deadlines, at least one of them is still ahead.
    public func isOpen(on today: Day) -> Bool {
        if status == .closed { return false }
        if !deadlines.isEmpty && nextDeadline(after: today) == nil { return false }
        return true
    }
}

/// Where a stored record came from.
public struct Provenance: Hashable, Sendable, Codable {
    /// The reader's format name, e.g. `native-json`, `fdb-export`, `grantsgov-xml`.
    public var sourceFormat: String
    /// The file (or archive entry) the record was read from.
    public var sourceFile: String
    /// The record's id or position in the source, e.g. an XML line or a ZIP entry path.
    public var sourceRecord: String?
    /// SHA-256 over the record's content (everything but provenance), hex.
    public var contentHash: String
    /// The import run that last wrote this version.
    public var importRun: Int64?

    public init(sourceFormat: String, sourceFile: String, sourceRecord: String? = nil, contentHash: String, importRun: Int64? = nil) {
        self.sourceFormat = sourceFormat
        self.sourceFile = sourceFile
        self.sourceRecord = sourceRecord
        self.contentHash = contentHash
        self.importRun = importRun
    }
}

extension Array where Element == Offer {
    /// Whether the offers are sorted by id, each id once: the document order of the matcher and
    /// the offer search. A store reads its offers so; an array in that order is kept as it is,
    /// sharing its storage, instead of sorting a second copy of every offer.
    public var isInIDOrder: Bool { zip(self, dropFirst()).allSatisfy { $0.id < $1.id } }
}
