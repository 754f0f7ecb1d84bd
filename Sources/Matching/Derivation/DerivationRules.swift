public import Foundation
public import SupportModel

/// What the matcher may derive from an offer's own words, as data (`Catalog/analysis/derivation.json`).
///
/// The phrases are general administrative German and English ("Wenn Sie als Kommune …",
/// "kleine und mittlere Unternehmen", "über Ihre Hausbank"), never words of one programme or
/// one consultation: a maintainer extends them without touching Swift.
public struct DerivationRules: Sendable {
    let subjectMarkers: PhraseSet<Int>
    let subjectStops: Set<String>
    let subjectStopPunctuation: Set<Character>
    let subjectBoundaries: Set<String>
    let subjectMaxWords: Int
    /// For each type, the types a subject naming it usually includes (symmetric).
    public let compatibleTypes: [ApplicantType: Set<ApplicantType>]
    let applicantTypes: PhraseSet<ApplicantType>
    let companySizes: PhraseSet<[SizeClass]>
    let instruments: PhraseSet<Instrument>
    let instrumentMarkers: PhraseSet<Int>
    /// Prepositions whose object an instrument word may be (`instrumentObject`): "Sicherheiten
    /// für Ihren Kredit", "Besicherung von Krediten" name what a guarantee secures, not a loan
    /// the programme gives.
    let instrumentObjectPrepositions: Set<String>
    /// Words that may stand between such a preposition and the instrument word besides
    /// adjectives (articles, possessives: "für Ihren Kredit").
    let instrumentObjectDeterminers: Set<String>
    /// Phrases before the preposition that make it name the form of the funding itself
    /// ("in Form von Zuschüssen"), last word first.
    let instrumentObjectExceptions: [[String]]
    /// The instruments read as an object there (the financing forms; not advice: a grant "für
    /// eine Beratung" buys the client the advice).
    let instrumentObjectInstruments: Set<Instrument>
    let instrumentObjectMaxWords: Int
    let topics: PhraseSet<TopicCode>
    let topicOpen: PhraseSet<Int>
    /// Profile topics for which an open programme's breadth counts (an innovation project).
    public let topicOpenProfileTopics: Set<TopicCode>
    /// Topics that name financing itself rather than what is financed (`financingOpen.topics`):
    /// a programme whose topics are all of them is open to any purpose.
    public let financingTopics: Set<TopicCode>
    /// Instruments that finance (`financingOpen.instruments`: loans, guarantees, equity).
    public let financingInstruments: Set<Instrument>
    /// Title phrases of a single call or a legal framework (`narrowCall.phrases`).
    let narrowCall: PhraseSet<Int>
    /// What a legal framework says of itself in its text (`narrowCall.textPhrases`: "bildet den
    /// Rahmen", "selbst kein Förderprogramm"), for a framework whose title names no regulation.
    let frameworkText: PhraseSet<Int>
    /// The narrow purposes a programme can be for (`purposes.classes`), in file order; the
    /// phrase sets' values are indices into it.
    public let purposeClasses: [PurposeClass]
    /// Phrases that name a class's purpose in a programme's title or first sentence.
    let purposePhrases: PhraseSet<Int>
    /// Phrases that name a broad purpose beside it there (`notWith`): the programme is not narrow.
    let purposeBroad: PhraseSet<Int>
    /// The first sentence is read only when it opens with one of these (`sentenceOpeners`:
    /// "Wenn Sie …", the applicant's clause) and holds none of ``purposeNegations``.
    let purposeOpeners: PhraseSet<Int>
    let purposeNegations: PhraseSet<Int>
    /// Phrases of a client's project description that name a class's purpose (`client`).
    let purposeClient: PhraseSet<Int>
    /// Where ``purposeClient`` may start a match: its own table, because it reads the client's
    /// words, not an offer's.
    let purposeClientStarts: PhraseStarts
    /// Concepts of the concept layer (`clientConcepts`, ids of `concepts.json`) that name a
    /// class for the client: markets in Vietnam are work abroad. The countries stay listed once,
    /// in the concepts; ``MatchingResources/load(from:weights:)`` checks that every id exists.
    let purposeClientConcepts: [String: Set<Int>]
    let applyBeforeStart: PhraseSet<Int>
    let intermediaries: PhraseSet<Intermediary>
    /// Applicant types a body that applies on the client's behalf can pass money on to.
    public let reachableThroughIntermediary: Set<ApplicantType>
    let servesOthersVerbs: Set<String>
    let servesOthersModals: Set<String>
    /// Words that open a relative clause after the first comma ("Wenn Sie Fachkräfte
    /// beschäftigen, die Menschen … unterstützen, …"): its last word is read as the clause's.
    let servesOthersRelatives: Set<String>
    let servesOthers: PhraseSet<Int>
    /// Applicant types for whom an offer that serves others ranks lower.
    public let servesOthersAppliesTo: Set<ApplicantType>
    /// Phrases naming an economic sector (NACE division), read in the applicant's clause and
    /// the title (see ``DerivedFacts/sectors``).
    let sectors: PhraseSet<SectorCode>
    /// For each division, the divisions of the same value chain (symmetric; `sectors.related`):
    /// a derived sector is read as a phrase of everyday German ("Landwirt" also for a wine
    /// estate that presses its own grapes), so a client of a related division is not told
    /// "likely not for your sector". Stated sector rules are not widened.
    let relatedSectors: [SectorCode: Set<SectorCode>]
    /// Title phrases that name who applies, for texts without a subject (`applicantTitle`).
    let titleApplicants: PhraseSet<ApplicantType>
    /// The same for word endings (`*stipendium`): compounds the phrase matcher cannot split.
    let titleApplicantEndings: [(ending: String, type: ApplicantType)]
    /// Phrases of a "Wenn Sie …" clause without a subject that only one kind of applicant can
    /// say of itself (`applicantClause`: "… eine Meisterprüfung erfolgreich abgeschlossen haben"
    /// is a person): found there, the type counts as the subject.
    let clauseApplicants: PhraseSet<ApplicantType>
    /// Where each of the sets above may start a match, read once per word of a text.
    let phraseStarts: PhraseStarts

    /// No rules: nothing is derived.
    public static let none = DerivationRules()

    private init() {
        subjectMarkers = PhraseSet([])
        subjectStops = []
        subjectStopPunctuation = []
        subjectBoundaries = []
        subjectMaxWords = 0
        compatibleTypes = [:]
        applicantTypes = PhraseSet([])
        companySizes = PhraseSet([])
        instruments = PhraseSet([])
        instrumentMarkers = PhraseSet([])
        instrumentObjectPrepositions = []
        instrumentObjectDeterminers = []
        instrumentObjectExceptions = []
        instrumentObjectInstruments = []
        instrumentObjectMaxWords = 0
        topics = PhraseSet([])
        topicOpen = PhraseSet([])
        topicOpenProfileTopics = []
        financingTopics = []
        financingInstruments = []
        narrowCall = PhraseSet([])
        frameworkText = PhraseSet([])
        purposeClasses = []
        purposePhrases = PhraseSet([])
        purposeBroad = PhraseSet([])
        purposeOpeners = PhraseSet([])
        purposeNegations = PhraseSet([])
        purposeClient = PhraseSet([])
        purposeClientStarts = PhraseStarts()
        purposeClientConcepts = [:]
        applyBeforeStart = PhraseSet([])
        intermediaries = PhraseSet([])
        reachableThroughIntermediary = []
        servesOthersVerbs = []
        servesOthersModals = []
        servesOthersRelatives = []
        servesOthers = PhraseSet([])
        servesOthersAppliesTo = []
        sectors = PhraseSet([])
        relatedSectors = [:]
        titleApplicants = PhraseSet([])
        titleApplicantEndings = []
        clauseApplicants = PhraseSet([])
        phraseStarts = PhraseStarts()
    }

    /// A client's sector codes (``Taxonomies/sectorAncestors(of:)``) with the divisions related
    /// to its division: the sectors a *derived* sector must miss before it counts against the
    /// client. Cost: one dictionary look-up per code (three or four).
    public func sectorsNotAgainst(_ ancestors: Set<SectorCode>) -> Set<SectorCode> {
        ancestors.reduce(into: ancestors) { all, code in all.formUnion(relatedSectors[code] ?? []) }
    }

    public var isEmpty: Bool { applicantTypes.isEmpty && topics.isEmpty && instruments.isEmpty }

    struct Document: Decodable {
        struct Subject: Decodable { var markers: [String]; var stopAt: [String]; var boundaryWords: [String]; var maxWords: Int }
        struct Compatible: Decodable { var pairs: [[ApplicantType]] }
        struct SizeRules: Decodable {
            struct Rule: Decodable { var phrases: [String]; var sizes: [SizeClass] }
            var rules: [Rule]
        }
        struct Markers: Decodable { var markers: [String] }
        struct Phrases: Decodable { var phrases: [String]; var forProfileTopics: [TopicCode]? }
        struct Intermediaries: Decodable {
            struct Rule: Decodable { var phrases: [String]; var through: String; var onBehalf: Bool }
            var rules: [Rule]
            var reachable: [ApplicantType]
        }
        struct ServesOthers: Decodable {
            var clauseFinalVerbs: [String]; var modalVerbs: [String]; var relativePronouns: [String]?; var phrases: [String]
            var appliesTo: [ApplicantType]
        }
        var format: String
        var version: Int
        var applicantSubject: Subject
        var applicantTypes: [String: [String]]
        var compatibleTypes: Compatible
        var companySizes: SizeRules
        var instruments: [String: [String]]
        var instrumentClause: Markers
        struct InstrumentObject: Decodable {
            var prepositions: [String]; var determiners: [String]; var notAfter: [String]
            var instruments: [Instrument]; var maxWordsBetween: Int
        }
        /// Optional: a rule file without it reads every instrument word as an instrument.
        var instrumentObject: InstrumentObject?
        var topics: [String: [String]]
        var topicOpen: Phrases
        /// Optional `textPhrases`: a rule file without them reads titles only.
        struct NarrowCall: Decodable { var phrases: [String]; var textPhrases: [String]? }
        var narrowCall: NarrowCall
        var applyBeforeStart: [String]
        var intermediaries: Intermediaries
        var servesOthers: ServesOthers
        struct Sectors: Decodable {
            var divisions: [String: [String]]
            /// Optional: groups of divisions of one value chain.
            var related: [[String]]?
        }
        /// Optional: a rule file without it derives no sectors.
        var sectors: Sectors?
        struct TitleApplicants: Decodable { var types: [String: [String]] }
        /// Optional: a rule file without it reads no applicant from titles.
        var applicantTitle: TitleApplicants?
        /// Optional: a rule file without it reads no applicant from a clause without a subject.
        var applicantClause: TitleApplicants?
        struct FinancingOpen: Decodable { var topics: [TopicCode]; var instruments: [Instrument] }
        /// Optional: a rule file without it finds no financing programme open to any purpose.
        var financingOpen: FinancingOpen?
        struct Purposes: Decodable {
            struct Class: Decodable {
                var name: String; var de: String; var en: String
                var phrases: [String]; var notWith: [String]?; var client: [String]
                var clientConcepts: [String]?
                var separate: Bool?
            }
            var sentenceOpeners: [String]
            var negations: [String]
            var classes: [Class]
        }
        /// Optional: a rule file without it reads no narrow purpose.
        var purposes: Purposes?
    }

    /// Reads a rule file; a wrong format names the file and the path of the bad value.
    public init(jsonData: Data, source: String = "derivation.json") throws {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: jsonData)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DerivationRulesError("\(source) at /\((context.codingPath + [key]).map(\.stringValue).joined(separator: "/")): missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DerivationRulesError("\(source) at /\(context.codingPath.map(\.stringValue).joined(separator: "/")): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw DerivationRulesError("\(source) at /\(context.codingPath.map(\.stringValue).joined(separator: "/")): \(context.debugDescription)")
        }
        guard document.format == "supportmatch-derivation", document.version == 1 else {
            throw DerivationRulesError("\(source): expected format supportmatch-derivation, version 1")
        }
        func pairs<V>(_ table: [String: [String]], _ make: (String) -> V) -> [(phrase: String, value: V)] {
            table.keys.sorted().flatMap { key in table[key]!.map { (phrase: $0, value: make(key)) } }
        }
        // Each set its own bit of ``PhraseStarts``, in the order they are built.
        var sets = 0
        func bit() -> UInt32 {
            defer { sets += 1 }
            return 1 << UInt32(sets)
        }
        func flat(_ phrases: [String]) -> PhraseSet<Int> { PhraseSet(phrases.enumerated().map { (phrase: $1, value: $0) }, bit: bit()) }
        subjectMarkers = flat(document.applicantSubject.markers)
        let stops = document.applicantSubject.stopAt
        subjectStopPunctuation = Set(stops.filter { $0.count == 1 && !$0.first!.isLetter }.map { $0.first! })
        subjectStops = Set(stops.filter { $0.count > 1 || $0.first!.isLetter }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        subjectBoundaries = Set(document.applicantSubject.boundaryWords.map { $0.lowercased() })
        subjectMaxWords = document.applicantSubject.maxWords
        var compatible: [ApplicantType: Set<ApplicantType>] = [:]
        for (number, pair) in document.compatibleTypes.pairs.enumerated() {
            guard pair.count == 2 else { throw DerivationRulesError("\(source) at /compatibleTypes/pairs/\(number): expected two applicant types") }
            compatible[pair[0], default: []].insert(pair[1])
            compatible[pair[1], default: []].insert(pair[0])
        }
        compatibleTypes = compatible
        applicantTypes = PhraseSet(pairs(document.applicantTypes, ApplicantType.init), bit: bit())
        companySizes = PhraseSet(document.companySizes.rules.flatMap { rule in rule.phrases.map { (phrase: $0, value: rule.sizes) } }, bit: bit())
        instruments = PhraseSet(pairs(document.instruments, Instrument.init), bit: bit())
        instrumentMarkers = flat(document.instrumentClause.markers)
        let object = document.instrumentObject
        instrumentObjectPrepositions = Set((object?.prepositions ?? []).map { $0.lowercased() })
        instrumentObjectDeterminers = Set((object?.determiners ?? []).map { $0.lowercased() })
        instrumentObjectExceptions = (object?.notAfter ?? []).map { phrase in
            phrase.lowercased().split(separator: " ").map(String.init).reversed()
        }
        instrumentObjectInstruments = Set(object?.instruments ?? [])
        instrumentObjectMaxWords = object?.maxWordsBetween ?? 0
        topics = PhraseSet(pairs(document.topics, TopicCode.init), bit: bit())
        topicOpen = flat(document.topicOpen.phrases)
        topicOpenProfileTopics = Set(document.topicOpen.forProfileTopics ?? [])
        financingTopics = Set(document.financingOpen?.topics ?? [])
        financingInstruments = Set(document.financingOpen?.instruments ?? [])
        narrowCall = flat(document.narrowCall.phrases)
        frameworkText = flat(document.narrowCall.textPhrases ?? [])
        let classes = document.purposes?.classes ?? []
        for (number, item) in classes.enumerated() where item.name.isEmpty || item.phrases.isEmpty || item.client.isEmpty {
            throw DerivationRulesError("\(source) at /purposes/classes/\(number): expected a name, phrases and client phrases")
        }
        purposeClasses = classes.map { PurposeClass(name: $0.name, de: $0.de, en: $0.en, separate: $0.separate ?? false) }
        func byClass(_ phrases: (Document.Purposes.Class) -> [String]) -> [(phrase: String, value: Int)] {
            classes.enumerated().flatMap { number, item in phrases(item).map { (phrase: $0, value: number) } }
        }
        purposePhrases = PhraseSet(byClass(\.phrases), bit: bit())
        purposeBroad = PhraseSet(byClass { $0.notWith ?? [] }, bit: bit())
        purposeOpeners = flat(document.purposes?.sentenceOpeners ?? [])
        purposeNegations = flat(document.purposes?.negations ?? [])
        purposeClient = PhraseSet(byClass(\.client), bit: bit())
        var clientStarts = PhraseStarts()
        clientStarts.add(purposeClient)
        purposeClientStarts = clientStarts
        var clientConcepts: [String: Set<Int>] = [:]
        for (number, item) in classes.enumerated() {
            for concept in item.clientConcepts ?? [] { clientConcepts[concept, default: []].insert(number) }
        }
        purposeClientConcepts = clientConcepts
        applyBeforeStart = flat(document.applyBeforeStart)
        intermediaries = PhraseSet(document.intermediaries.rules.flatMap { rule in
            rule.phrases.map { (phrase: $0, value: Intermediary(name: rule.through, onBehalf: rule.onBehalf)) }
        }, bit: bit())
        reachableThroughIntermediary = Set(document.intermediaries.reachable)
        servesOthersVerbs = Set(document.servesOthers.clauseFinalVerbs.map { $0.lowercased() })
        servesOthersModals = Set(document.servesOthers.modalVerbs.map { $0.lowercased() })
        servesOthersRelatives = Set((document.servesOthers.relativePronouns ?? []).map { $0.lowercased() })
        servesOthers = flat(document.servesOthers.phrases)
        servesOthersAppliesTo = Set(document.servesOthers.appliesTo)
        let divisions = document.sectors?.divisions ?? [:]
        for code in divisions.keys.sorted() where code.range(of: #"^[0-9]{2}$"#, options: .regularExpression) == nil {
            throw DerivationRulesError("\(source) at /sectors/divisions/\(code): expected a NACE division (two digits)")
        }
        sectors = PhraseSet(pairs(divisions, SectorCode.init), bit: bit())
        var related: [SectorCode: Set<SectorCode>] = [:]
        for (number, group) in (document.sectors?.related ?? []).enumerated() {
            guard group.count >= 2, group.allSatisfy({ $0.range(of: #"^[0-9]{2}$"#, options: .regularExpression) != nil }) else {
                throw DerivationRulesError("\(source) at /sectors/related/\(number): expected two or more NACE divisions (two digits)")
            }
            for code in group { related[SectorCode(code), default: []].formUnion(group.map(SectorCode.init)) }
        }
        relatedSectors = related
        let titled = pairs(document.applicantTitle?.types ?? [:], ApplicantType.init)
        titleApplicants = PhraseSet(titled.filter { !$0.phrase.hasPrefix("*") }, bit: bit())
        titleApplicantEndings = titled.filter { $0.phrase.hasPrefix("*") }.map {
            (ending: String($0.phrase.dropFirst()).lowercased(), type: $0.value)
        }
        clauseApplicants = PhraseSet(pairs(document.applicantClause?.types ?? [:], ApplicantType.init), bit: bit())
        var starts = PhraseStarts()
        starts.add(subjectMarkers)
        starts.add(applicantTypes)
        starts.add(companySizes)
        starts.add(instruments)
        starts.add(instrumentMarkers)
        starts.add(topics)
        starts.add(topicOpen)
        starts.add(narrowCall)
        starts.add(frameworkText)
        starts.add(purposePhrases)
        starts.add(purposeBroad)
        starts.add(purposeOpeners)
        starts.add(purposeNegations)
        starts.add(applyBeforeStart)
        starts.add(intermediaries)
        starts.add(servesOthers)
        starts.add(sectors)
        starts.add(titleApplicants)
        starts.add(clauseApplicants)
        phraseStarts = starts
    }
}

/// A narrow purpose a programme can be for, or the one group of people it serves (`purposes.classes`
/// in the rule file): either way the programme is for less than its words may suggest.
public struct PurposeClass: Hashable, Sendable {
    /// The class's key in derived facts and the index (`working-capital`).
    public let name: String
    /// Its name in explanations.
    public let de: String
    public let en: String
    /// Judged on its own (`separate`): where or with whom the work happens, not what it is for
    /// or whom it serves. A programme for apprentices' stays abroad does not serve a client who
    /// trains apprentices at home, though the client names the programme's group.
    public let separate: Bool
}

extension DerivationRules {
    /// The purpose classes (indices into ``purposeClasses``) whose `client` phrases occur in a
    /// client's project description, or one of whose `clientConcepts` the concept layer
    /// recognised in it (`concepts`, ``TextQuery/concepts``); `nil` when there is no description
    /// to read (none, or a blank one from an empty form field), so no programme's purpose is
    /// judged against it. The ranking signal asks here once per request and keeps the answer
    /// (``DerivedSignals/Query/purposesNamed``), which the explanation reads. Cost: one read of
    /// the description's words against one small table.
    func purposesNamed(byClient description: String?, concepts: Set<String> = []) -> Set<Int>? {
        guard let description, description.contains(where: { !$0.isWhitespace }) else { return nil }
        var named = Set<Int>()
        for concept in concepts { named.formUnion(purposeClientConcepts[concept] ?? []) }
        guard !purposeClient.isEmpty else { return named }
        return named.union(purposeClient.matches(in: purposeClientStarts.words(description)).map(\.value))
    }

    /// The classes among an offer's (`classes`, indices into ``purposeClasses``) that rank it
    /// lower for a client whose description names `named`: each ``PurposeClass/separate`` class
    /// it does not name, and the others when it names none of them (a programme "for seniors and
    /// people with disabilities" serves a client who names either). Empty: not lowered. The
    /// per-offer definition of ``DerivedSignals/Query/otherPurpose``, which the query computes
    /// with sets for every offer at once (a test compares the two); the explanation names these.
    func purposesAgainst(_ classes: Set<Int>, named: Set<Int>) -> Set<Int> {
        let separate = classes.filter { purposeClasses[$0].separate }
        let others = classes.subtracting(separate)
        return separate.subtracting(named).union(others.isDisjoint(with: named) ? others : [])
    }

    /// The `clientConcepts` ids no concept of `known` has, for the loader's check.
    func unknownClientConcepts(known: Set<String>) -> [String] {
        purposeClientConcepts.keys.filter { !known.contains($0) }.sorted()
    }

    /// The subjects of an offer: its topics, stated or derived, that are not research topics
    /// (``topicOpenProfileTopics``), in order and once each. A programme open to any topic that
    /// has a subject is open within it only ("Forschungs- und Entwicklungsvorhaben … von
    /// landwirtschaftlichen Produkten"). The index (``DerivedSignals/withOpenProgrammesBySubject(byTopic:rules:)``),
    /// the explanation and `show` all read it so.
    public func subjects(stated: [TopicCode], derived: DerivedFacts) -> [TopicCode] {
        var seen = Set<TopicCode>()
        return (stated + derived.topics.map(\.value)).filter { isSubject($0) && seen.insert($0).inserted }
    }

    /// Whether `topic` names a subject: a field, not research itself.
    func isSubject(_ topic: TopicCode) -> Bool { !topicOpenProfileTopics.contains(topic) }

    /// Whether a client's topics name research (one of ``topicOpenProfileTopics``): an
    /// innovation project, for which a programme open to any topic counts. The ranking signal and
    /// the explanation's note both ask here.
    func isResearchProject(_ topics: [TopicCode]?) -> Bool { !topicOpenProfileTopics.isDisjoint(with: topics ?? []) }
}

/// A body between the client and the provider.
struct Intermediary: Hashable, Sendable {
    var name: String
    var onBehalf: Bool
}

/// A rule file that cannot be read, with where.
public struct DerivationRulesError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
