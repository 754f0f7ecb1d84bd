public import Foundation

/// Every number that shapes the ranking, in one place.
///
/// A result's score is a weighted sum of components, each in 0…1:
///
///     score = text·textWeight + topics·topicWeight + instrument·instrumentWeight
///           + amount·amountWeight + deadline·deadlineWeight + specificity·specificityWeight
///
/// The explanation of every result lists the components and their weighted values, so a
/// change here can be read off any result. The text component is BM25F; its field weights and
/// length normalisation are baked into the index's postings, so changing them needs a
/// rebuild (``OfferIndex/init(offers:taxonomies:synonyms:configuration:)``); the other weights
/// apply per query.
public struct RankingConfiguration: Hashable, Sendable, Codable {
    // MARK: Text relevance (BM25F)

    /// How much a term in the title counts relative to one in the description. Titles name the
    /// programme's purpose in a few words, so a hit there is strong evidence.
    public var titleWeight: Double = 3.0
    /// Weight of the one- or two-sentence summary.
    public var summaryWeight: Double = 1.5
    /// Weight of the full description, the baseline.
    public var descriptionWeight: Double = 1.0
    /// Weight of the offer's keywords: chosen by the catalogue author, so nearly as telling as
    /// the title.
    public var keywordsWeight: Double = 2.0
    /// BM25 length normalisation per field (0 = none, 1 = full). Short fields are normalised
    /// less: a title is short by nature, not because it says less.
    public var titleLengthNormalization: Double = 0.5
    public var summaryLengthNormalization: Double = 0.75
    public var descriptionLengthNormalization: Double = 0.75
    public var keywordsLengthNormalization: Double = 0.5
    /// BM25 term-frequency saturation: how quickly repeating a word stops adding evidence.
    public var k1: Double = 1.2
    /// Okapi's `k3`, the same saturation on the query's side: a word the applicant writes `n`
    /// times (in the description and again among its topics in words, or as two synonyms of one
    /// group) weighs `n·(k3 + 1)/(n + k3)`: with the fitted 1, twice 4/3 and three times 3/2. 0
    /// weighs every word once, as before it existed. What the applicant repeats is what the
    /// project is about.
    /// Compound parts do not count as repeats: "Ausbildungsplätzen" does not repeat "Ausbildung"
    /// (measured: counting them lowers dev and C; Benchmarks/RESULTS.md, session 21).
    /// Per query, no rebuild.
    public var queryTermSaturation: Double = 0

    /// A synonym found instead of the applicant's own word counts this much (the own word 1).
    /// Below 1 because a synonym list is broader than the applicant's intent.
    public var synonymWeight: Double = 0.8
    /// A part of a compound in the query (`prüfung` from `Qualitätsprüfung`) counts this much;
    /// the whole compound counts 1. Parts are weaker evidence than the compound.
    public var compoundPartWeight: Double = 0.5
    /// The text component is the BM25F score divided by the best score of the query, but by at
    /// least this share of the score a document matching every query term perfectly would get.
    /// Without the floor a query whose best match is one common word would still give that
    /// offer the full text weight.
    public var textNormalizationFloor: Double = 0.25

    // MARK: Component weights

    /// How much a topic's rarity in the catalogue decides what sharing it is worth (0…1). A
    /// topic that half the catalogue carries says little about fit (Grants.gov's funding
    /// categories map onto a few broad topics); one that 2 % carry says much. A shared topic
    /// counts `1 − blend + blend · idf`, with `idf = ln(N/df) / ln(N)` in 0…1 (see
    /// ``topicInformativeness(offersWithTopic:catalogue:)``); 0 counts every topic alike.
    public var topicRarityBlend: Double = 0.0

    /// Text relevance of the project description to the offer.
    public var textWeight: Double = 1.0
    /// Share of the applicant's topics the offer covers.
    public var topicWeight: Double = 0.6
    /// 1 when the offer gives support in a preferred form (grant, loan, …).
    public var instrumentWeight: Double = 0.2
    /// How well the needed amount fits the offer's range: 1 inside it, falling off outside,
    /// a neutral 0.5 when the offer publishes no range.
    public var amountWeight: Double = 0.2
    /// Urgency: an open call whose deadline is near ranks a little higher, so it is not missed.
    public var deadlineWeight: Double = 0.1
    /// Specificity: a programme for exactly this district, state or sector beats a nationwide
    /// catch-all of equal relevance. Small on purpose: it orders near-equals, it does not
    /// override relevance.
    public var specificityWeight: Double = 0.15

    // MARK: Derived signals (thin records; see DerivedFacts)

    /// The applicant's type is the subject the offer's text addresses, is mentioned in it, or
    /// is one the record lists (so records that list types are not behind those that only
    /// mention them).
    public var applicantMatchWeight: Double = 0.0
    /// Subtracted when the text's subject is another applicant ("Wenn Sie als Kommune …" for a
    /// company) or its derived size limit excludes the applicant: *likely not* eligible. The
    /// offer stays in the list, lower.
    public var applicantMismatchPenalty: Double = 0.0
    /// Subtracted when the offer serves others (advises or supports a target group) and the
    /// applicant is one of ``DerivationRules/servesOthersAppliesTo``.
    public var servesOthersPenalty: Double = 0.0
    /// A programme open to any topic, for a profile whose topics make it an innovation project.
    public var topicOpenWeight: Double = 0.0
    /// Subtracted for a single thematic call or competition (title words), or a legal framework,
    /// unless the call's applicant clause names the client's type: a call addressed to the
    /// client is weighed by its theme, not also as a long shot.
    public var narrowCallPenalty: Double = 0.0
    /// The offer's applicant clause or title names the client's sector (NACE division):
    /// "Wenn Sie als landwirtschaftlicher Betrieb …" for a dairy farm.
    public var sectorMatchWeight: Double = 0.0
    /// Subtracted when the offer's clause or title names sectors and none is the client's
    /// ("Exportinitiative Gesundheitswirtschaft" for a machine builder). Weaker evidence than a
    /// clause naming another sector, which counts as *likely not* (``applicantMismatchPenalty``).
    public var otherSectorPenalty: Double = 0.0
    /// Subtracted for a research and development programme (its stated or derived topics
    /// include one of ``DerivationRules/topicOpenProfileTopics``, the research topics) when
    /// the client gave topics and none of them is research: R&D funding pays for research
    /// work, which a client who invests, founds or hires does not plan, however well the
    /// call's theme ("KMU-innovativ: Energieeffizienz") matches the client's words.
    public var researchMismatchPenalty: Double = 0.0
    /// A financing programme open to any purpose (a loan, guarantee or equity programme whose
    /// topics name only financing or founding; ``DerivedSignals/financingOpen``) in an
    /// instrument the client prefers, when the client names financing or founding among its
    /// topics: such programmes share no word with the project they would pay for.
    public var financingOpenWeight: Double = 0.0
    /// Subtracted for a programme for a narrow purpose (``DerivedFacts/purposes``: working
    /// capital and liquidity) when the client's project description names none of it: a
    /// working-capital loan shares the words "Landwirtschaft" and "Darlehen" with a dairy farm
    /// that builds a barn, but does not pay for the barn.
    public var otherPurposePenalty: Double = 0.0
    /// Weight of a programme word the concept layer adds for an intent it recognises in the
    /// description (``ConceptTable``); the applicant's own words count 1.
    public var conceptWeight: Double = 0.0

    // MARK: Shape of the components

    /// Deadlines further away than this many days add nothing to the deadline component.
    public var deadlineHorizonDays: Int = 90
    /// How fast the amount component falls when the needed amount is above the offer's
    /// maximum: `(max/needed)^amountShortfallExponent`.
    public var amountShortfallExponent: Double = 1.0

    // MARK: Result shape

    /// Results returned when the request gives no limit.
    public var defaultLimit: Int = 10
    /// Near misses returned when the request gives no near-miss limit.
    public var nearMissLimit: Int = 5
    /// A near miss is shown only if its score would put it within the top `max(limit,
    /// defaultLimit)` results, and
    /// it has at least this relevance (text or topic component above zero).
    public var nearMissNeedsRelevance: Bool = true
    /// The next question is chosen among this many top candidates.
    public var nextQuestionCandidates: Int = 20

    public init() {}

    /// What one shared topic adds to the topic component before dividing by the profile's
    /// topic count (``topicRarityBlend``): 1 for a topic only one offer carries, down to
    /// `1 − topicRarityBlend` for one every offer carries.
    func topicInformativeness(offersWithTopic df: Int, catalogue n: Int) -> Double {
        guard n > 1, df > 0 else { return 1 }
        let idf = log(Double(n) / Double(min(df, n))) / log(Double(n))
        let blend = min(1, max(0, topicRarityBlend))
        return 1 - blend + blend * idf
    }

    /// The defaults, documented above.
    public static let standard = RankingConfiguration()

    /// The defaults overlaid with the values a weights file gives (`Catalog/analysis/ranking-weights.json`:
    /// `{"format": "supportmatch-ranking-weights", "version": 1, "weights": {"textWeight": 1.0, …}}`).
    /// An unknown name is an error, so a misspelt weight is never silently ignored.
    public static func load(jsonData: Data, source: String = "ranking-weights.json") throws -> RankingConfiguration {
        guard let object = try? JSONSerialization.jsonObject(with: jsonData) as? [String: Any],
              object["format"] as? String == "supportmatch-ranking-weights", object["version"] as? Int == 1,
              let weights = object["weights"] as? [String: Any] else {
            throw DerivationRulesError("\(source): expected {\"format\": \"supportmatch-ranking-weights\", \"version\": 1, \"weights\": {…}}")
        }
        var base = try JSONSerialization.jsonObject(with: JSONEncoder().encode(RankingConfiguration.standard)) as! [String: Any]
        for (name, value) in weights {
            guard let current = base[name] else { throw DerivationRulesError("\(source) at /weights/\(name): unknown weight") }
            guard type(of: current) == type(of: value) || (current is NSNumber && value is NSNumber) else {
                throw DerivationRulesError("\(source) at /weights/\(name): expected a value like \(current)")
            }
            base[name] = value
        }
        do {
            return try JSONDecoder().decode(RankingConfiguration.self, from: JSONSerialization.data(withJSONObject: base))
        } catch {
            throw DerivationRulesError("\(source): \(error)")
        }
    }
}
