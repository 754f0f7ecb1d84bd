public import Foundation

/// One entry of a vocabulary: a code with German and English labels.
public struct Term: Hashable, Sendable, Codable {
    public var code: String
    public var de: String
    public var en: String
    /// The broader term, for hierarchical vocabularies (regions, sectors).
    public var parent: String?
    /// Other spellings a user or a source may use for this term (matched case-insensitively
    /// by readers and the questionnaire; never stored).
    public var aliases: [String]?

    public init(code: String, de: String, en: String, parent: String? = nil, aliases: [String]? = nil) {
        self.code = code
        self.de = de
        self.en = en
        self.parent = parent
        self.aliases = aliases
    }

    public func label(_ language: LanguageCode) -> String { language == .english ? en : de }
}

/// A named vocabulary, as stored in `Catalog/taxonomies/<name>.json`.
public struct Taxonomy: Sendable, Codable {
    public var name: String
    public var description: String?
    public var terms: [Term]
    private var index: [String: Int]
    /// How people may spell the terms, for reading answers (built with the vocabulary).
    private(set) var spellings: TermSpellings

    public init(name: String, description: String? = nil, terms: [Term]) {
        self.name = name
        self.description = description
        self.terms = terms
        self.index = Dictionary(terms.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.spellings = TermSpellings(terms)
    }

    enum CodingKeys: String, CodingKey { case name, description, terms }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            terms: try c.decode([Term].self, forKey: .terms))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(terms, forKey: .terms)
    }

    public func term(_ code: String) -> Term? { index[code].map { terms[$0] } }
    public func contains(_ code: String) -> Bool { index[code] != nil }
    public var codes: [String] { terms.map(\.code) }

    /// Finds a term by code, label or alias, ignoring case: lets a questionnaire accept
    /// "Sachsen" or "saxony" for `DE-SN`. The first such term in vocabulary order.
    public func resolve(_ text: String) -> Term? {
        if let exact = term(text) { return exact }
        return spellings.term(answering: text).map { terms[$0] }
    }
}

/// EU SME thresholds (Commission Recommendation 2003/361/EC), kept as data.
public struct SMEThreshold: Hashable, Sendable, Codable {
    public var sizeClass: SizeClass
    /// Staff headcount must be strictly below this (annual work units).
    public var headcountBelow: Int
    /// Annual turnover at most this, in EUR ...
    public var turnoverMax: Double
    /// ... or balance-sheet total at most this, in EUR.
    public var balanceSheetMax: Double
}

/// Every vocabulary SupportMatch validates and matches against.
///
/// The vocabularies live in one immutable object that every copy shares, so a copy retains one
/// reference, not the forty-odd of eight vocabularies' names, terms, indexes and spellings. The
/// index holds three copies (its own, its eligibility sets', its evaluator's), the decoder two;
/// every request thread retained and released them all on the same counts, a few percent of a
/// recommendation's server CPU (Benchmarks/RESULTS.md, "Issue 16.3: copies of shared structures
/// on the recommendation path, session 11"). Reading a vocabulary borrows it in place (`_read`),
/// as reading a stored property did.
public struct Taxonomies: Sendable {
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let topics: Taxonomy
        @usableFromInline let applicantTypes: Taxonomy
        @usableFromInline let instruments: Taxonomy
        @usableFromInline let regions: Taxonomy
        @usableFromInline let sectors: Taxonomy
        @usableFromInline let sizeClasses: Taxonomy
        @usableFromInline let providerLevels: Taxonomy
        @usableFromInline let statuses: Taxonomy
        @usableFromInline let smeThresholds: [SMEThreshold]

        init(topics: Taxonomy, applicantTypes: Taxonomy, instruments: Taxonomy, regions: Taxonomy, sectors: Taxonomy,
             sizeClasses: Taxonomy, providerLevels: Taxonomy, statuses: Taxonomy, smeThresholds: [SMEThreshold]) {
            self.topics = topics
            self.applicantTypes = applicantTypes
            self.instruments = instruments
            self.regions = regions
            self.sectors = sectors
            self.sizeClasses = sizeClasses
            self.providerLevels = providerLevels
            self.statuses = statuses
            self.smeThresholds = smeThresholds
        }
    }

    @usableFromInline let storage: Storage

    @inlinable public var topics: Taxonomy { _read { yield storage.topics } }
    @inlinable public var applicantTypes: Taxonomy { _read { yield storage.applicantTypes } }
    @inlinable public var instruments: Taxonomy { _read { yield storage.instruments } }
    @inlinable public var regions: Taxonomy { _read { yield storage.regions } }
    @inlinable public var sectors: Taxonomy { _read { yield storage.sectors } }
    @inlinable public var sizeClasses: Taxonomy { _read { yield storage.sizeClasses } }
    @inlinable public var providerLevels: Taxonomy { _read { yield storage.providerLevels } }
    @inlinable public var statuses: Taxonomy { _read { yield storage.statuses } }
    @inlinable public var smeThresholds: [SMEThreshold] { _read { yield storage.smeThresholds } }

    /// File names (without `.json`) of the vocabularies, in `Catalog/taxonomies/`.
    public static let fileNames = [
        "topics", "applicant-types", "instruments", "regions", "sectors", "size-classes",
        "provider-levels", "statuses",
    ]

    /// Builds the taxonomies from the JSON documents by file name (see ``fileNames``) plus
    /// `sme-thresholds`. Pure: the caller reads the files.
    public init(documents: [String: Data]) throws {
        let decoder = JSONDecoder()
        func taxonomy(_ name: String) throws -> Taxonomy {
            guard let data = documents[name] else { throw TaxonomyError.missing(name) }
            do { return try decoder.decode(Taxonomy.self, from: data) } catch {
                throw TaxonomyError.invalid(name, String(describing: error))
            }
        }
        let topics = try taxonomy("topics")
        let applicantTypes = try taxonomy("applicant-types")
        let instruments = try taxonomy("instruments")
        let regions = try taxonomy("regions")
        let sectors = try taxonomy("sectors")
        let sizeClasses = try taxonomy("size-classes")
        let providerLevels = try taxonomy("provider-levels")
        let statuses = try taxonomy("statuses")
        guard let sme = documents["sme-thresholds"] else { throw TaxonomyError.missing("sme-thresholds") }
        let smeThresholds: [SMEThreshold]
        do { smeThresholds = try decoder.decode([SMEThreshold].self, from: sme) } catch {
            throw TaxonomyError.invalid("sme-thresholds", String(describing: error))
        }
        storage = Storage(topics: topics, applicantTypes: applicantTypes, instruments: instruments, regions: regions,
                          sectors: sectors, sizeClasses: sizeClasses, providerLevels: providerLevels, statuses: statuses,
                          smeThresholds: smeThresholds)
    }

    // MARK: Regions

    /// The region and every region containing it, innermost first: `DED51` → `DE-SN` → `DE` → `EU`.
    ///
    /// A cycle in the taxonomy ends the chain. It is detected by looking back along the chain
    /// (at most five regions deep), not with a set: the eligibility check walks a chain for
    /// every area an offer lists on every request, and a set's allocation and hashing were most
    /// of the walk's cost.
    public func regionAncestors(of region: RegionCode) -> [RegionCode] {
        var chain: [RegionCode] = [region]
        var current = region.rawValue
        while let parent = regions.term(current)?.parent, !chain.contains(where: { $0.rawValue == parent }) {
            chain.append(RegionCode(parent))
            current = parent
        }
        return chain
    }

    /// Whether `region` lies in `area` (a region lies in itself).
    public func region(_ region: RegionCode, isWithin area: RegionCode) -> Bool {
        regionAncestors(of: region).contains(area)
    }

    /// How an offer's area relates to a client's region: the one region rule. The eligibility
    /// evaluator turns it into pass / unknown / fail, the catalogue filters (`offers --region`,
    /// `GET /v1/offers?region=`) show every offer that is not ``RegionFit/outside``; the
    /// eligibility index is its set form (bitsets per listed area), tested equal to the evaluator.
    public func fit(ofArea area: RegionCode, for region: RegionCode) -> RegionFit {
        Self.fit(areaChain: regionAncestors(of: area), regionChain: regionAncestors(of: region))
    }

    /// ``fit(ofArea:for:)`` with both chains already walked (``regionAncestors(of:)``, the area
    /// or region first): the same rule for a caller that asks it for many areas and one region.
    /// The eligibility index does, for every listed area on every query; walking both chains
    /// each time (two arrays and a set per area) cost it about half a millisecond per query.
    public static func fit(areaChain: [RegionCode], regionChain: [RegionCode]) -> RegionFit {
        guard let area = areaChain.first, let region = regionChain.first else { return .outside }
        if regionChain.contains(area) { return .admits }
        if areaChain.contains(region) { return .partly }
        return .outside
    }

    /// ``fit(areaChain:regionChain:)`` of `area`'s chain, walked only when `regionChain` does not
    /// hold `area`: an area that admits the region (most listed areas of a shown offer) costs
    /// one scan of the short region chain instead of a walk of its own chain.
    public func fit(ofArea area: RegionCode, regionChain: [RegionCode]) -> RegionFit {
        guard !regionChain.isEmpty else { return .outside }
        if regionChain.contains(area) { return .admits }
        return Self.fit(areaChain: regionAncestors(of: area), regionChain: regionChain)
    }

    /// Whether an offer limited to `areas` (`nil`: no limit) is one to show someone browsing
    /// `region`: it admits the region, or covers part of it.
    public func offer(areas: [RegionCode]?, touches region: RegionCode) -> Bool {
        guard let areas else { return true }
        return areas.contains { fit(ofArea: $0, for: region) != .outside }
    }

    // MARK: Sectors

    /// The sector code and its broader codes, most specific first:
    /// `62.01` → `62.0` → `62` → `J`. Unknown shapes give just the code itself.
    public func sectorAncestors(of sector: SectorCode) -> [SectorCode] {
        var chain: [SectorCode] = []
        var code = sector.rawValue
        // Numeric codes: class NN.NN → group NN.N → division NN.
        // `Character`s: a string literal would search through `NSString`.
        if code.count == 5, code.contains("." as Character) { chain.append(SectorCode(code)); code = String(code.prefix(4)) }
        if code.count == 4, code.contains("." as Character) { chain.append(SectorCode(code)); code = String(code.prefix(2)) }
        chain.append(SectorCode(code))
        var current = code
        var seen: Set<String> = [current]
        while let parent = sectors.term(current)?.parent, seen.insert(parent).inserted {
            chain.append(SectorCode(parent))
            current = parent
        }
        return chain
    }

    /// Whether a sector code is well formed and its division or section is known.
    public func isKnownSector(_ sector: SectorCode) -> Bool {
        let text = sector.rawValue
        guard Self.isSectorShaped(text) else { return false }
        return sectors.contains(String(text.prefix(text.first!.isLetter ? 1 : 2)))
    }

    /// `A`–`U`, `NN`, `NN.N` or `NN.NN` (ASCII digits), nothing before or after.
    ///
    /// Checked byte by byte rather than with a regular expression: every profile with a sector
    /// is checked twice per request (read, then validated), and Foundation compiled the pattern
    /// anew on each call, 3 % of a recommendation request's CPU. A trailing line break, which
    /// the pattern's `$` let through, is refused.
    static func isSectorShaped(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func isDigit(_ index: Int) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) }
            switch bytes.count {
            case 1: return (UInt8(ascii: "A")...UInt8(ascii: "U")).contains(bytes[0])
            case 2: return isDigit(0) && isDigit(1)
            case 4: return isDigit(0) && isDigit(1) && bytes[2] == UInt8(ascii: ".") && isDigit(3)
            case 5: return isDigit(0) && isDigit(1) && bytes[2] == UInt8(ascii: ".") && isDigit(3) && isDigit(4)
            default: return false
            }
        }
    }

    // MARK: Company size

    /// The EU SME class from headcount and money figures, following the Recommendation: the
    /// headcount ceiling is mandatory, and either turnover or balance-sheet total must be within
    /// its ceiling. Returns `nil` when the figures given cannot decide the class — including a
    /// turnover above a ceiling while the balance-sheet total, which could still qualify, is
    /// unknown (see ``possibleSizeClasses(employees:turnover:balanceSheet:)``).
    public func sizeClass(employees: Int?, turnover: Double?, balanceSheet: Double?) -> SizeClass? {
        let classes = possibleSizeClasses(employees: employees, turnover: turnover, balanceSheet: balanceSheet)
        return classes.count == 1 ? classes.first : nil
    }
}

/// See ``Taxonomies/fit(ofArea:for:)``.
public enum RegionFit: Sendable, Hashable {
    /// The area contains the region (an offer for `DE-SN` admits a client in `DED21`).
    case admits
    /// The area lies inside the region (an offer for `DED21`, a client who said `DE-SN`):
    /// whether it admits the client depends on where in the region they are.
    case partly
    case outside
}

public enum TaxonomyError: Error, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let name): "taxonomy \(name).json is missing"
        case .invalid(let name, let reason): "taxonomy \(name).json is invalid: \(reason)"
        }
    }
}
