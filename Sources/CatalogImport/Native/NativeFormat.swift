import SupportModel

/// Names and rules of the native catalogue format shared by its readers and writers.
/// `Catalog/README.md` documents them for catalogue maintainers; the JSON Schema and the XSD
/// in `Catalog/schema/` state the same rules for other tools.
public enum NativeFormat {
    /// Value of the JSON document's `format` member.
    public static let formatName = "supportmatch-catalogue"
    /// The only format version this build reads and writes.
    public static let version = 1
    /// Namespace of the XML encoding.
    public static let xmlNamespace = "https://supportmatch.example/ns/catalogue/1"

    /// A document's (or offer's) `source`: short, lowercase, stable, because it becomes part of
    /// every offer id (`source:id`).
    public static let sourcePattern = #"^[a-z0-9][a-z0-9._-]{0,63}$"#
    /// Ids hand-written catalogues should use (see ``OfferValidator/nativeIDPattern``); other
    /// ids (an imported source's own) are read with a warning.
    public static let idPattern = OfferValidator.nativeIDPattern
    /// Every id the format carries: the ids of the sources SupportMatch imports (the
    /// Förderdatenbank's `Foerderprogramm/Bund/BMG/…`, Grants.gov's `HHS-2026-ACF-0001`) and
    /// the store's limit of 500 characters, but only characters that need no escaping in a URL
    /// path, a shell or HTML (RFC 3986 unreserved, plus `/`, `:`, `@`, `+`), so an id with
    /// markup, spaces or quotes stays a located error.
    public static let carriedIDPattern = #"^[A-Za-z0-9][A-Za-z0-9._~/:@+-]{0,499}$"#
    /// Longest summary hand-written catalogues should have (longer ones are read with a
    /// warning), in characters (Unicode scalars, as JSON Schema and XSD count them).
    public static let summaryMaxCharacters = 300
    /// Recommended number of keywords; outside this range a reader warns.
    public static let recommendedKeywordCount = 3...10
    /// Languages SupportMatch analyses; any other two-letter code is read with a warning.
    public static let languages = ["de", "en"]

    /// In XML, a list is a wrapper element named like the JSON member, holding one element per
    /// item named as here. (`originalCodes` is a map and is written differently; see the XSD.)
    public static let xmlItemNames: [String: String] = [
        "links": "link",
        "instruments": "instrument",
        "topics": "topic",
        "keywords": "keyword",
        "applicantTypes": "applicantType",
        "companySizes": "companySize",
        "regions": "region",
        "include": "sector",
        "exclude": "sector",
        "conditions": "condition",
        "deadlines": "deadline",
    ]
}
