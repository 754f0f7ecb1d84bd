public import SupportModel
public import TextAnalysis

/// Everything a recommendation needs, built once from a catalogue and never changed: the
/// offers (sorted by id, so document order is id order and ties break by id), the text
/// postings, the per-criterion eligibility sets and the per-offer ranking facts.
///
/// Build a new index after an import and swap it in whole (the server's `CatalogState`); a running service
/// never sees a half-built index because there is no such thing as a partial `OfferIndex`.
///
/// ```swift
/// let index = OfferIndex(offers: offers, taxonomies: BundledCatalog.taxonomies, synonyms: synonyms)
/// let answer = index.recommend(RecommendationRequest(profile: profile, today: today))
/// ```
public struct OfferIndex: Sendable {
    public let taxonomies: Taxonomies
    public private(set) var configuration: RankingConfiguration
    public let synonyms: SynonymTable
    /// The offers, sorted by id; a document number is a position here. Held in memory when
    /// the index was built, read on demand when it was opened from its file (``OfferRecords``).
    public let offers: OfferRecords
    let positions: [OfferID: Int]
    let languages: [AnalysisLanguage]
    /// The distinct languages of `languages`: a query is analysed once per language present.
    let languageSet: Set<AnalysisLanguage>
    /// Analyzers per language, German with the catalogue's compound dictionary.
    let analyzers: [AnalysisLanguage: Analyzer]
    let text: TextIndex
    let eligibility: EligibilityIndex
    let evaluator: EligibilityEvaluator
    public let derivation: DerivationRules
    /// What each offer's text says that the offer does not state, by document.
    public let derived: DerivedColumn
    /// The concept layer analysed per language (``ConceptTable``).
    let concepts: [AnalysisLanguage: ConceptTable.Compiled]
    let derivedSignals: DerivedSignals

    // Ranking facts per document.
    let byTopic: [TopicCode: [Int32]]
    let byInstrument: [Instrument: Bitset]
    let amountMin: [Double]
    let amountMax: [Double]
    /// Specificity of the offer's restrictions, 0…1 (see ``RankingConfiguration/specificityWeight``).
    let specificity: [Double]
    /// Deadlines as day ordinals, ascending, flattened: document `d`'s are
    /// `deadlineDays[deadlineStarts[d]..<deadlineStarts[d + 1]]`. Scoring reads them for every
    /// candidate, so they are plain integers rather than the offers' `Day` lists.
    let deadlineStarts: [Int32]
    let deadlineDays: [Int32]
    /// The weighted specificity plus the most the deadline component can add, per document,
    /// rounded up to a `Float` (never below the `Double` sum, ``ceiling(_:)``): the
    /// query-independent part of the score bound that lets a query skip most candidates, read
    /// by the scalar estimate (``Scoring/estimate(_:reaching:)``) and by the scan that bounds
    /// sixty-four candidates at a time (``BoundScan``).
    ///
    /// One `Float` column for both: the estimate used to read a `Double` copy (800 KB at
    /// 100,000 offers, beside the scan's 400 KB of `Float`s), and that read was a cache miss
    /// for most candidates, about half of the estimate's time at 100,000 offers; now it finds
    /// the line the scan has just read. Rounded up, it is still a bound, so the passes decide
    /// exactly as before (a bound a `Float` step higher may send a candidate to the full
    /// score, which then rejects it).
    private(set) var fixedScoreBound: [Float]
    /// The derived signals' weighted sums for ``configuration`` (``Scoring/derivedComponent(_:)``).
    private(set) var derivedWeights: DerivedWeightTable
    /// Offers of different sources that describe one programme, shown once in a ranking.
    let programmes: ProgrammeGroups

    /// The words of the catalogue that split German compounds (kept for the index file, which
    /// stores them instead of the texts they were counted in).
    let compoundWords: [String]

    /// Per-document arrays a query fills and drops, kept for the next query (``ScratchArrays``).
    /// Copies of the index (``reweighted(_:)``) share it; it holds no answer.
    let scratch = ScratchArrays()
    /// Per synonym-table entry, its documents with their best phrase's score, built with the
    /// index and stored in its file (``SynonymLists``). Settable for tests (`.none`: every
    /// group through ``mergedGroups``).
    var synonymLists: SynonymLists
    /// The synonym and phrase groups' merged postings, kept per distinct group for the next
    /// query (``MergedGroupPostings``). Copies of the index share it: the key holds the weights.
    /// Settable for tests (a store that keeps nothing).
    var mergedGroups = MergedGroupPostings()

    /// Builds the index. Offers with the same id keep the last one given.
    public init(offers: [Offer], taxonomies: Taxonomies, synonyms: SynonymTable = .empty,
                derivation: DerivationRules = .none, concepts: ConceptTable = .empty,
                configuration: RankingConfiguration = .standard) {
        self.init(sorted: Self.sortedUnique(offers), taxonomies: taxonomies, synonyms: synonyms, derivation: derivation,
                  concepts: concepts, configuration: configuration)
    }

    /// The offers in document order: sorted by id, the last of equal ids kept. Offers already
    /// in that order (`Array.isInIDOrder`, as a store reads them) are kept as they are.
    static func sortedUnique(_ offers: [Offer]) -> [Offer] {
        if offers.isInIDOrder { return offers }
        var unique: [OfferID: Offer] = [:]
        for offer in offers { unique[offer.id] = offer }
        return unique.values.sorted { $0.id < $1.id }
    }

    /// The parts of an index that cost nearly all of its build (analysing every text: the
    /// compound dictionary, the postings, the derived facts), read from an index file instead
    /// (``PersistedIndex``); the rest is built from the offers either way.
    struct StoredParts {
        var compoundWords: [String]
        var text: TextIndex
        var derived: DerivedColumn
        /// Everything else the index computes from the offers' structured fields; read from
        /// the file too, so opening an index needs no offer record (``OfferRecords``).
        var facts: CatalogFacts
        var synonymLists: SynonymLists
    }

    /// What the index computes from every offer's structured fields and derived facts: the
    /// per-document columns and sets that eligibility, ranking and grouping read. Built with
    /// the index (``build(offers:derived:taxonomies:derivation:)``) or read from its file.
    struct CatalogFacts {
        var languages: [AnalysisLanguage]
        var eligibility: EligibilityIndex
        var derivedSignals: DerivedSignals
        var byTopic: [TopicCode: [Int32]]
        var byInstrument: [Instrument: Bitset]
        var amountMin: [Double]
        var amountMax: [Double]
        var specificity: [Double]
        var deadlineStarts: [Int32]
        var deadlineDays: [Int32]
        var programmes: ProgrammeGroups
    }

    /// Builds the index over offers already in document order (``sortedUnique(_:)``).
    init(sorted: [Offer], taxonomies: Taxonomies, synonyms: SynonymTable, derivation: DerivationRules,
         concepts: ConceptTable, configuration: RankingConfiguration) {
        let languages = sorted.map(Self.analysisLanguage)
        // The derived facts need no analyzer, so a second core finds them while this one
        // builds the compound dictionary and the postings (together most of a build).
        let derivedAside = ConcurrentValue { sorted.map(derivation.derive) }
        // Words that occur at least twice in the catalogue's German texts make the dictionary
        // that splits compounds, so `Qualitätsprüfung` meets `Prüfung` in the offers' own words.
        let compoundWords = CompoundDictionary.frequentWords(
            in: zip(sorted, languages).lazy.filter { $0.1 == .german }.flatMap { offer, _ in
                TextField.allCases.map { $0.text(of: offer) }
            },
            minFrequency: 2)
        let analyzers = Self.analyzers(compoundWords: compoundWords)
        let text = TextIndex(offers: sorted, languages: languages, analyzers: analyzers, configuration: configuration)
        let synonymLists = SynonymLists.build(text, count: sorted.count, synonyms: synonyms, analyzers: analyzers,
                                              configuration: configuration)
        let derived = derivedAside.value
        let facts = CatalogFacts.build(offers: sorted, derived: derived, taxonomies: taxonomies, derivation: derivation)
        self.init(records: OfferRecords(sorted), taxonomies: taxonomies, synonyms: synonyms, derivation: derivation,
                  concepts: concepts, configuration: configuration,
                  stored: StoredParts(compoundWords: compoundWords, text: text, derived: DerivedColumn(derived), facts: facts,
                                      synonymLists: synonymLists))
    }

    static func analyzers(compoundWords: [String]) -> [AnalysisLanguage: Analyzer] {
        [
            .german: Analyzer(language: .german, compounds: CompoundDictionary(words: compoundWords)),
            .english: Analyzer(language: .english),
        ]
    }

    /// The index from its parts, built or read from a file: `records` in document order.
    init(records: OfferRecords, taxonomies: Taxonomies, synonyms: SynonymTable, derivation: DerivationRules,
         concepts: ConceptTable, configuration: RankingConfiguration, stored: StoredParts) {
        self.taxonomies = taxonomies
        self.configuration = configuration
        self.synonyms = synonyms
        offers = records
        let ids = records.ids
        positions = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let facts = stored.facts
        languages = facts.languages
        languageSet = Set(facts.languages)
        compoundWords = stored.compoundWords
        analyzers = Self.analyzers(compoundWords: stored.compoundWords)
        text = stored.text
        // Lists of another synonym table are not used (their groups take the kept merged lists).
        synonymLists = stored.synonymLists.table == SynonymLists.fingerprint(synonyms) ? stored.synonymLists : .none
        self.derivation = derivation
        derived = stored.derived
        eligibility = facts.eligibility
        evaluator = EligibilityEvaluator(taxonomies: taxonomies, reachableThroughIntermediary: derivation.reachableThroughIntermediary)
        var compiledConcepts: [AnalysisLanguage: ConceptTable.Compiled] = [:]
        if !concepts.concepts.isEmpty {
            for (language, analyzer) in analyzers { compiledConcepts[language] = concepts.compiled(with: analyzer) }
        }
        self.concepts = compiledConcepts
        derivedSignals = facts.derivedSignals.withOpenProgrammesBySubject(byTopic: facts.byTopic, rules: derivation)
        byTopic = facts.byTopic
        byInstrument = facts.byInstrument
        deadlineStarts = facts.deadlineStarts
        deadlineDays = facts.deadlineDays
        amountMin = facts.amountMin
        amountMax = facts.amountMax
        specificity = facts.specificity
        fixedScoreBound = Self.fixedBounds(specificity: facts.specificity, deadlineStarts: facts.deadlineStarts, configuration: configuration)
        derivedWeights = DerivedWeightTable(configuration)
        programmes = facts.programmes
    }

    static func fixedBounds(specificity: [Double], deadlineStarts: [Int32], configuration: RankingConfiguration) -> [Float] {
        let deadlineBound = max(0, configuration.deadlineWeight)
        return specificity.indices.map { doc in
            ceiling(specificity[doc] * configuration.specificityWeight
                + (deadlineStarts[doc] < deadlineStarts[doc + 1] ? deadlineBound : 0))
        }
    }

    /// The smallest `Float` at least `value` (`Float(value)` rounds to the nearest, which may
    /// lie below it). Infinity and NaN pass through.
    static func ceiling(_ value: Double) -> Float {
        let rounded = Float(value)
        return Double(rounded) >= value ? rounded : rounded.nextUp
    }

    /// The same index with other component weights (for fitting weights without rebuilding).
    /// The text's field weights, length normalisation and k1 are baked into the postings, so
    /// they must be the index's own.
    public func reweighted(_ configuration: RankingConfiguration) -> OfferIndex {
        precondition(configuration.titleWeight == self.configuration.titleWeight
                     && configuration.summaryWeight == self.configuration.summaryWeight
                     && configuration.descriptionWeight == self.configuration.descriptionWeight
                     && configuration.keywordsWeight == self.configuration.keywordsWeight
                     && configuration.k1 == self.configuration.k1
                     && configuration.titleLengthNormalization == self.configuration.titleLengthNormalization
                     && configuration.summaryLengthNormalization == self.configuration.summaryLengthNormalization
                     && configuration.descriptionLengthNormalization == self.configuration.descriptionLengthNormalization
                     && configuration.keywordsLengthNormalization == self.configuration.keywordsLengthNormalization,
                     "BM25F parameters are baked into the postings; build a new index to change them")
        var copy = self
        copy.configuration = configuration
        copy.fixedScoreBound = Self.fixedBounds(
            specificity: specificity, deadlineStarts: deadlineStarts, configuration: configuration)
        copy.derivedWeights = DerivedWeightTable(configuration)
        return copy
    }

    /// Number of offers.
    public var count: Int { offers.count }

    /// The offer with this id, if indexed (its record may have to be read from the store).
    public func offer(_ id: OfferID) throws(RecordUnavailable) -> Offer? {
        guard let doc = positions[id] else { return nil }
        return try offers.record(doc)
    }

    /// Whether an offer with this id is indexed, without reading its record.
    public func contains(_ id: OfferID) -> Bool { positions[id] != nil }

    /// The analyzer language for an offer: its declared language when it is one the analysis
    /// knows, else German (the catalogue's main language).
    static func analysisLanguage(_ offer: Offer) -> AnalysisLanguage {
        AnalysisLanguage(rawValue: offer.language.rawValue) ?? .german
    }

    /// Every criterion of one offer against a profile, with reasons (for `--explain`).
    public func evaluate(_ id: OfferID, profile: Profile, today: Day) throws(RecordUnavailable) -> [CriterionResult]? {
        guard let offer = try offer(id) else { return nil }
        return evaluator.evaluate(offer, ProfileFacts(profile: profile, taxonomies: taxonomies, today: today), derived: derived[positions[id]!])
    }
}

extension OfferIndex.CatalogFacts {
    /// The facts of `offers` (document order) with their derived facts.
    static func build(offers sorted: [Offer], derived: [DerivedFacts], taxonomies: Taxonomies,
                      derivation: DerivationRules) -> Self {
        var builder = Builder(count: sorted.count, taxonomies: taxonomies, derivation: derivation)
        for (doc, offer) in sorted.enumerated() { builder.add(offer, derived: derived[doc]) }
        return builder.finish()
    }

    /// Collects the facts one offer at a time, in document order: what an index built from
    /// offers streamed from the store (``StreamedIndexBuild``) keeps of each offer is these
    /// columns and sets, not the offer.
    struct Builder {
        let count: Int
        let taxonomies: Taxonomies
        let derivation: DerivationRules
        private let deepest: Int
        private var eligibility: EligibilityIndex.Builder
        private var signals: DerivedSignals.Builder
        private var programmes = ProgrammeGroups.Builder()
        private var languages: [AnalysisLanguage] = []
        private var byTopic: [TopicCode: [Int32]] = [:]
        private var byInstrument: [Instrument: Bitset] = [:]
        private var amountMin: [Double] = []
        private var amountMax: [Double] = []
        private var specificity: [Double] = []
        private var deadlineStarts: [Int32] = [0]
        private var deadlineDays: [Int32] = []

        init(count: Int, taxonomies: Taxonomies, derivation: DerivationRules) {
            self.count = count
            self.taxonomies = taxonomies
            self.derivation = derivation
            deepest = taxonomies.regions.terms.map { taxonomies.regionAncestors(of: RegionCode($0.code)).count }.max() ?? 1
            eligibility = EligibilityIndex.Builder(count: count)
            signals = DerivedSignals.Builder(count: count, researchTopics: derivation.topicOpenProfileTopics,
                                             financingTopics: derivation.financingTopics,
                                             financingInstruments: derivation.financingInstruments)
            languages.reserveCapacity(count)
            amountMin.reserveCapacity(count)
            amountMax.reserveCapacity(count)
            specificity.reserveCapacity(count)
            deadlineStarts.reserveCapacity(count + 1)
        }

        /// The next document's offer and its derived facts.
        mutating func add(_ offer: Offer, derived: DerivedFacts) {
            let doc = languages.count
            eligibility.add(offer, derived: derived)
            signals.add(derived, offer: offer)
            programmes.add(offer)
            languages.append(OfferIndex.analysisLanguage(offer))
            // Derived topics and instruments count as the stated ones do; they exist only where
            // the offer states none of its own (topics) or not that one (instruments).
            for topic in Set(offer.topics + derived.topics.map(\.value)) { byTopic[topic, default: []].append(Int32(doc)) }
            for instrument in Set(offer.instruments + derived.instruments.map(\.value)) {
                byInstrument[instrument, default: Bitset(count: count)].insert(doc)
            }
            deadlineDays += offer.schedule.deadlines.map { Int32($0.ordinal) }.sorted()
            deadlineStarts.append(Int32(deadlineDays.count))
            let regionDepth = (offer.eligibility.regions ?? []).map { taxonomies.regionAncestors(of: $0).count - 1 }.max() ?? 0
            let region = deepest > 1 ? Double(regionDepth) / Double(deepest - 1) : 0
            let sector = (offer.eligibility.sectors?.include.isEmpty == false) ? 1.0 : 0.0
            specificity.append(max(region, sector))
            amountMin.append(offer.funding?.amountMin ?? .nan)
            // A maximum only the text states counts as a stated one (``DerivedFacts/amountMax``).
            amountMax.append(offer.funding?.amountMax ?? derived.amountMax?.value ?? .nan)
        }

        func finish() -> OfferIndex.CatalogFacts {
            OfferIndex.CatalogFacts(
                languages: languages,
                eligibility: eligibility.finish(taxonomies: taxonomies,
                                                reachableThroughIntermediary: derivation.reachableThroughIntermediary),
                derivedSignals: signals.finish(), byTopic: byTopic, byInstrument: byInstrument,
                amountMin: amountMin, amountMax: amountMax, specificity: specificity,
                deadlineStarts: deadlineStarts, deadlineDays: deadlineDays, programmes: programmes.finish())
        }
    }
}
