import Foundation

/// `Catalog/mappings/foerderdatenbank.json`: the export's classifier codes onto our taxonomies.
struct FDBMappings: Sendable, Decodable {
    struct Classifier: Sendable, Decodable {
        /// Which offer field the classifier fills: `instruments`, `topics`, `applicantTypes`,
        /// `regions`, `companySizes`, `providerLevel`.
        var target: String
        var codes: CodeTable
    }

    struct LegalBasisRules: Sendable, Decodable {
        var namePrefixes: [String]
        var nameSuffixes: [String]
        var headings: [String]
        var keywords: [String]
        /// Statutes recognised by name in a programme's text, used when it links none.
        var citations: [Citation]?
        /// Besides `headings`, the section headings under which a cited statute is the
        /// programme's own legal basis ("Quelle").
        var citationHeadings: [String]?
        /// The property holding the legal framework as text (`gsb:regulatoryFWork`).
        var citationProperty: String?
    }

    /// A statute and the phrases that name it ("SGB II", "Zweites Buch Sozialgesetzbuch").
    struct Citation: Sendable, Decodable {
        var phrases: [String]
        var title: String
        var url: String
    }

    var classifiers: [String: Classifier]
    /// Classifier → code → why the code is odd (reported as a warning).
    var quirks: [String: [String: String]]
    var legalBasis: LegalBasisRules
    /// Folder below `Foerderprogramm/` → provider level, when no Foerdergeber code is given.
    var providerLevelByPath: [String: String]
    /// Rich-text properties joined, in this order, into the description.
    var descriptionProperties: [String]
    /// A folder name anywhere in a programme's path → status (`Archiv` → closed).
    var statusByPathSegment: [String: String]
    /// Provider level → provider name when no funding body is linked; `{region}` is the
    /// German label of the first region.
    var providerNameByLevel: [String: String]

    /// The classifier that fills `target`, by name.
    func classifier(for target: String) -> (name: String, table: CodeTable)? {
        classifiers.first { $0.value.target == target }.map { ($0.key, $0.value.codes) }
    }

    static let bundled: Result<FDBMappings, MappingTableError> = Result {
        try MappingTables.load(FDBMappings.self, named: "foerderdatenbank")
    }.mapError { $0 as? MappingTableError ?? MappingTableError(file: "foerderdatenbank.json", message: "\($0)") }

    enum CodingKeys: String, CodingKey {
        case classifiers, quirks, legalBasis, providerLevelByPath, descriptionProperties, statusByPathSegment, providerNameByLevel
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classifiers = try c.decode([String: Classifier].self, forKey: .classifiers)
        quirks = try c.decodeIfPresent([String: [String: String]].self, forKey: .quirks) ?? [:]
        legalBasis = try c.decode(LegalBasisRules.self, forKey: .legalBasis)
        var levels = try c.decodeIfPresent([String: String].self, forKey: .providerLevelByPath) ?? [:]
        levels["description"] = nil
        providerLevelByPath = levels
        descriptionProperties = try c.decodeIfPresent([String].self, forKey: .descriptionProperties) ?? ["gsb:summary", "gsb:bodyText"]
        var statuses = try c.decodeIfPresent([String: String].self, forKey: .statusByPathSegment) ?? [:]
        statuses["description"] = nil
        statusByPathSegment = statuses
        var names = try c.decodeIfPresent([String: String].self, forKey: .providerNameByLevel) ?? [:]
        names["description"] = nil
        providerNameByLevel = names
    }
}
