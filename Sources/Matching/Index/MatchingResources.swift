import Crypto
public import Foundation
public import SupportModel
public import TextAnalysis

/// The data files of `Catalog/analysis/` that shape matching, loaded together: synonyms, the
/// derivation rules for thin records, the concept layer and the fitted ranking weights.
public struct MatchingResources: Sendable {
    public var synonyms: SynonymTable
    public var derivation: DerivationRules
    public var concepts: ConceptTable
    public var configuration: RankingConfiguration
    /// SHA-256 of the bytes every resource was read from (``load(from:weights:)``; empty for
    /// resources made in code): part of the key of a stored index (``OfferIndex/open(offers:taxonomies:resources:file:)``),
    /// so an index file built with other analysis data is never used.
    public var fingerprint: [UInt8] = []

    public init(synonyms: SynonymTable = .empty, derivation: DerivationRules = .none, concepts: ConceptTable = .empty,
                configuration: RankingConfiguration = .standard) {
        self.synonyms = synonyms
        self.derivation = derivation
        self.concepts = concepts
        self.configuration = configuration
    }

    /// File names in the analysis folder.
    public static let synonymsFile = "synonyms.json"
    public static let derivationFile = "derivation.json"
    public static let conceptsFile = "concepts.json"
    public static let weightsFile = "ranking-weights.json"

    /// Reads every file of `directory`; `weights` replaces the folder's weights file (to try
    /// other weights without editing it). A file that does not read is an error naming it.
    public static func load(from directory: URL, weights: URL? = nil) throws -> MatchingResources {
        func data(_ name: String) throws -> Data {
            let url = directory.appendingPathComponent(name)
            do { return try Data(contentsOf: url) } catch {
                throw DerivationRulesError("cannot read \(url.path): \(error.localizedDescription)")
            }
        }
        let weightsURL = weights ?? directory.appendingPathComponent(weightsFile)
        let weightsData: Data
        do { weightsData = try Data(contentsOf: weightsURL) } catch {
            throw DerivationRulesError("cannot read \(weightsURL.path): \(error.localizedDescription)")
        }
        let synonymsData = try data(synonymsFile), derivationData = try data(derivationFile), conceptsData = try data(conceptsFile)
        var resources = MatchingResources(
            synonyms: try SynonymTable(jsonData: synonymsData),
            derivation: try DerivationRules(jsonData: derivationData, source: derivationFile),
            concepts: try ConceptTable(jsonData: conceptsData, source: conceptsFile),
            configuration: try RankingConfiguration.load(jsonData: weightsData, source: weightsURL.lastPathComponent))
        let unknown = resources.derivation.unknownClientConcepts(known: Set(resources.concepts.concepts.map(\.id)))
        guard unknown.isEmpty else {
            throw DerivationRulesError("\(derivationFile) at /purposes/classes: clientConcepts \(unknown.joined(separator: ", ")) not in \(conceptsFile)")
        }
        var hasher = SHA256()
        for part in [synonymsData, derivationData, conceptsData, weightsData] {
            hasher.update(data: withUnsafeBytes(of: UInt64(part.count).littleEndian, Array.init))
            hasher.update(data: part)
        }
        resources.fingerprint = Array(hasher.finalize())
        return resources
    }
}

extension OfferIndex {
    /// The index over `offers` with every matching resource.
    public init(offers: [Offer], taxonomies: Taxonomies, resources: MatchingResources) {
        self.init(offers: offers, taxonomies: taxonomies, synonyms: resources.synonyms, derivation: resources.derivation,
                  concepts: resources.concepts, configuration: resources.configuration)
    }
}
