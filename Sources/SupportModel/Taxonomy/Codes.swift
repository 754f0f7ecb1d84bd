/// A code from an open-ended, data-driven vocabulary (topics, applicant types, regions, ...).
///
/// Codes are `RawRepresentable` structs rather than enums, as in GRDB: a maintainer extends a
/// vocabulary by editing `Catalog/taxonomies/*.json`, without touching Swift. Whether a code
/// exists is decided by ``Taxonomies`` at validation time, not by the type system.
public protocol VocabularyCode: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible, ExpressibleByStringLiteral where RawValue == String {
    init(_ rawValue: String)
}

extension VocabularyCode {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(try container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A topic of the controlled vocabulary (started from the Förderdatenbank's Förderbereich codes).
public struct TopicCode: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// Who may apply: `company`, `founder`, `municipality`, `association`, ...
public struct ApplicantType: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let company: Self = "company"
    public static let founder: Self = "founder"
    public static let municipality: Self = "municipality"
    public static let association: Self = "association"
    public static let researchInstitution: Self = "research-institution"
    public static let university: Self = "university"
    public static let educationProvider: Self = "education-provider"
    public static let publicBody: Self = "public-body"
    public static let privatePerson: Self = "private-person"
}

/// How support is given: `grant`, `loan`, `guarantee`, `equity`, `advice`, `other`.
public struct Instrument: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let grant: Self = "grant"
    public static let loan: Self = "loan"
    public static let guarantee: Self = "guarantee"
    public static let equity: Self = "equity"
    public static let advice: Self = "advice"
    public static let other: Self = "other"
}

/// A hierarchical region: `EU`, a country (`DE`), a state as ISO 3166-2 (`DE-SN`), a district
/// as NUTS-3 (`DED51`). The parent chain lives in the region taxonomy.
public struct RegionCode: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A NACE Rev. 2 / WZ 2008 code: a section letter (`J`), a division (`62`), a group (`62.0`)
/// or a class (`62.01`). See ``Taxonomies/sectorAncestors(of:)`` for the hierarchy.
public struct SectorCode: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A BCP 47 primary language subtag: `de`, `en`.
public struct LanguageCode: VocabularyCode {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let german: Self = "de"
    public static let english: Self = "en"
}

/// EU SME size class (Commission Recommendation 2003/361/EC).
public enum SizeClass: String, Codable, Sendable, CaseIterable, Comparable {
    case micro, small, medium, large

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// Administrative level of the body that provides an offer.
public enum ProviderLevel: String, Codable, Sendable, CaseIterable {
    case eu, federal, state, municipal, other
}

/// Where an offer stands in its life cycle.
public enum OfferStatus: String, Codable, Sendable, CaseIterable {
    /// Announced, not yet accepting applications.
    case forthcoming
    /// Accepting applications in a call that ends.
    case open
    /// No longer accepting applications.
    case closed
    /// Accepting applications continuously, without a fixed call.
    case rolling
}

/// What a link points to.
public enum LinkKind: String, Codable, Sendable, CaseIterable {
    case information
    case application
    case legalBasis = "legal-basis"
    case other
}
