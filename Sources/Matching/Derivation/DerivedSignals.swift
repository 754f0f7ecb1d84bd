import SupportModel

/// The derived facts as sets of documents, so a query turns them into ranking signals with a
/// few set operations (as ``EligibilityIndex`` does for stated criteria).
struct DerivedSignals: Sendable {
    let count: Int
    /// Documents whose text names its applicant as the sentence's subject.
    let subjectNamed: Bitset
    /// By applicant type: the subject names it.
    let bySubject: [ApplicantType: Bitset]
    /// By applicant type: the subject names it or the text mentions it.
    let byMention: [ApplicantType: Bitset]
    /// Documents by their derived size limit.
    let bySizeRule: [Set<SizeClass>: [Int32]]
    let servesOthers: Bitset
    let topicOpen: Bitset
    let narrowCall: Bitset
    /// Documents whose applicant's clause names a sector.
    let sectorNamed: Bitset
    /// Documents whose applicant's clause or title names a sector.
    let sectorMentioned: Bitset
    /// By sector (NACE division): the applicant's clause names it.
    let bySectorSubject: [SectorCode: Bitset]
    /// By sector: the applicant's clause or the title names it.
    let bySectorMention: [SectorCode: Bitset]
    /// Research and development programmes: a research topic (`researchTopics`) stated, or
    /// derived from a record without a description. A thin record's one sentence is the whole
    /// programme, so a research topic read there is what it funds; in a long description
    /// (Grants.gov's) research is often one activity among several ("innovative strategies",
    /// "research about those models"), and 564 of its 2,473 listings would count.
    let researchProgrammes: Bitset
    /// Financing programmes open to any purpose: a financing instrument (loan, guarantee,
    /// equity; `financingOpen.instruments`), stated or derived, and topics, stated or derived,
    /// that all name financing itself (`financingOpen.topics`: company financing, founding).
    /// "Sachsenkredit Universal", "Startkapital-Programm", a Bürgschaftsbank's guarantee: they
    /// pay for whatever the business needs, so they share no word with a project description,
    /// yet they are what an advisor names first for a client who asks for a loan.
    let financingOpen: Bitset
    /// By purpose class (``PurposeClass/name``): programmes for that narrow purpose only
    /// (``DerivedFacts/purposes``).
    let byPurpose: [String: Bitset]
    /// The programmes of `topicOpen`, by each subject topic they have, stated or derived: a
    /// topic that is not a research topic. "Forschungs- und Entwicklungsvorhaben … von
    /// landwirtschaftlichen Produkten" reads as open research and development, yet it is open
    /// only within agriculture. Not stored in the index file: ``withOpenProgrammesBySubject(byTopic:rules:)``
    /// computes it from the topic lists whenever an index is built or opened.
    private(set) var openProgrammesBySubject: [TopicCode: [Int32]] = [:]

    /// `offers[doc]` is the offer `derived[doc]` was derived from.
    init(derived: [DerivedFacts], offers: [Offer] = [], researchTopics: Set<TopicCode> = [],
         financingTopics: Set<TopicCode> = [], financingInstruments: Set<Instrument> = []) {
        var builder = Builder(count: derived.count, researchTopics: offers.isEmpty ? [] : researchTopics,
                              financingTopics: financingTopics, financingInstruments: financingInstruments)
        for (doc, facts) in derived.enumerated() { builder.add(facts, offer: doc < offers.count ? offers[doc] : nil) }
        self = builder.finish()
    }

    /// Collects the signals one document at a time, in document order, so they can be built
    /// from offers streamed from the store without holding them (``StreamedIndexBuild``).
    struct Builder {
        let count: Int
        let researchTopics: Set<TopicCode>
        let financingTopics: Set<TopicCode>
        let financingInstruments: Set<Instrument>
        private var doc = 0
        private var researchProgrammes: Bitset
        private var financingOpen: Bitset
        private var subjectNamed: Bitset
        private var bySubject: [ApplicantType: Bitset] = [:]
        private var byMention: [ApplicantType: Bitset] = [:]
        private var bySizeRule: [Set<SizeClass>: [Int32]] = [:]
        private var servesOthers: Bitset
        private var topicOpen: Bitset
        private var narrowCall: Bitset
        private var sectorNamed: Bitset
        private var sectorMentioned: Bitset
        private var bySectorSubject: [SectorCode: Bitset] = [:]
        private var bySectorMention: [SectorCode: Bitset] = [:]
        private var byPurpose: [String: Bitset] = [:]

        init(count: Int, researchTopics: Set<TopicCode>, financingTopics: Set<TopicCode> = [],
             financingInstruments: Set<Instrument> = []) {
            self.count = count
            self.researchTopics = researchTopics
            self.financingTopics = financingTopics
            self.financingInstruments = financingInstruments
            researchProgrammes = Bitset(count: count)
            financingOpen = Bitset(count: count)
            subjectNamed = Bitset(count: count)
            servesOthers = Bitset(count: count)
            topicOpen = Bitset(count: count)
            narrowCall = Bitset(count: count)
            sectorNamed = Bitset(count: count)
            sectorMentioned = Bitset(count: count)
        }

        /// The next document's derived facts and the offer they were derived from.
        mutating func add(_ facts: DerivedFacts, offer: Offer?) {
            defer { doc += 1 }
            if !researchTopics.isEmpty, let offer {
                let stated = !researchTopics.isDisjoint(with: offer.topics)
                let read = offer.description.isEmpty && facts.topics.contains { researchTopics.contains($0.value) }
                if stated || read { researchProgrammes.insert(doc) }
            }
            // Cost: a few set tests per offer, once per index build.
            if !financingTopics.isEmpty, let offer {
                let financing = offer.instruments.contains(where: financingInstruments.contains)
                    || facts.instruments.contains { financingInstruments.contains($0.value) }
                let topics = offer.topics + facts.topics.map(\.value)
                if financing, !topics.isEmpty, topics.allSatisfy(financingTopics.contains) { financingOpen.insert(doc) }
            }
            guard !facts.isEmpty else { return }
            if !facts.sectors.isEmpty { sectorNamed.insert(doc) }
            if !facts.sectors.isEmpty || !facts.mentionedSectors.isEmpty { sectorMentioned.insert(doc) }
            for sector in facts.sectors.map(\.value) {
                bySectorSubject[sector, default: Bitset(count: count)].insert(doc)
                bySectorMention[sector, default: Bitset(count: count)].insert(doc)
            }
            for sector in facts.mentionedSectors.map(\.value) { bySectorMention[sector, default: Bitset(count: count)].insert(doc) }
            if !facts.applicantTypes.isEmpty { subjectNamed.insert(doc) }
            for type in facts.applicantTypes.map(\.value) {
                bySubject[type, default: Bitset(count: count)].insert(doc)
                byMention[type, default: Bitset(count: count)].insert(doc)
            }
            for type in facts.mentionedApplicantTypes.map(\.value) { byMention[type, default: Bitset(count: count)].insert(doc) }
            if let sizes = facts.companySizes { bySizeRule[Set(sizes.value), default: []].append(Int32(doc)) }
            if facts.servesOthers != nil { servesOthers.insert(doc) }
            if facts.topicOpen != nil { topicOpen.insert(doc) }
            if facts.narrowCall != nil { narrowCall.insert(doc) }
            for purpose in facts.purposes.map(\.value) { byPurpose[purpose, default: Bitset(count: count)].insert(doc) }
        }

        func finish() -> DerivedSignals {
            precondition(doc == count, "\(doc) documents added for signals of \(count)")
            return DerivedSignals(
                count: count, subjectNamed: subjectNamed, bySubject: bySubject, byMention: byMention,
                bySizeRule: bySizeRule, servesOthers: servesOthers, topicOpen: topicOpen, narrowCall: narrowCall,
                sectorNamed: sectorNamed, sectorMentioned: sectorMentioned, bySectorSubject: bySectorSubject,
                bySectorMention: bySectorMention, researchProgrammes: researchProgrammes, financingOpen: financingOpen,
                byPurpose: byPurpose)
        }
    }

    /// The signals from their parts: built from derived facts (above) or read from an index
    /// file (``PersistedFacts``).
    init(count: Int, subjectNamed: Bitset, bySubject: [ApplicantType: Bitset], byMention: [ApplicantType: Bitset],
         bySizeRule: [Set<SizeClass>: [Int32]], servesOthers: Bitset, topicOpen: Bitset, narrowCall: Bitset,
         sectorNamed: Bitset, sectorMentioned: Bitset, bySectorSubject: [SectorCode: Bitset],
         bySectorMention: [SectorCode: Bitset], researchProgrammes: Bitset, financingOpen: Bitset,
         byPurpose: [String: Bitset]) {
        self.count = count
        self.subjectNamed = subjectNamed
        self.bySubject = bySubject
        self.byMention = byMention
        self.bySizeRule = bySizeRule
        self.servesOthers = servesOthers
        self.topicOpen = topicOpen
        self.narrowCall = narrowCall
        self.sectorNamed = sectorNamed
        self.sectorMentioned = sectorMentioned
        self.bySectorSubject = bySectorSubject
        self.bySectorMention = bySectorMention
        self.researchProgrammes = researchProgrammes
        self.financingOpen = financingOpen
        self.byPurpose = byPurpose
    }

    /// These signals with ``openProgrammesBySubject``, from the index's topic lists (stated and
    /// derived topics by document) and the rules' subjects (``DerivationRules/subjects(stated:derived:)``).
    /// Cost: one pass over the lists of the subject topics, when an index is built or opened; the
    /// result holds only topic-open programmes, a few dozen in the Förderdatenbank export.
    func withOpenProgrammesBySubject(byTopic: [TopicCode: [Int32]], rules: DerivationRules) -> DerivedSignals {
        var copy = self
        copy.openProgrammesBySubject = [:]
        guard !topicOpen.isEmpty else { return copy }
        for (topic, docs) in byTopic where rules.isSubject(topic) {
            let open = docs.filter { topicOpen.contains(Int($0)) }
            if !open.isEmpty { copy.openProgrammesBySubject[topic] = open }
        }
        return copy
    }

    /// The signals of one request.
    struct Query {
        var match: Bitset
        var likelyNot: Bitset
        var servesOthers: Bitset
        var topicOpen: Bitset
        /// Single calls and legal frameworks, less those whose applicant clause names the
        /// client's type (or one ``DerivationRules/compatibleTypes`` relates to it).
        var narrowCall: Bitset
        /// The applicant's clause or the title names the client's sector.
        var sectorMatch: Bitset
        /// They name sectors, none of them the client's ("Exportinitiative Gesundheitswirtschaft"
        /// for a machine builder).
        var otherSector: Bitset
        /// Research programmes (a research topic, stated or derived) for a client whose
        /// topics name no research; empty when the client gave no topics.
        var researchMismatch: Bitset
        /// Financing programmes open to any purpose (``DerivedSignals/financingOpen``) in an
        /// instrument the client prefers, for a client who names financing among its topics
        /// and prefers a financing instrument; empty otherwise.
        var financingOpen: Bitset
        /// Programmes for a narrow purpose or one group of people (``DerivedSignals/byPurpose``)
        /// of which the client's project description names none, or for a separate one (a place)
        /// it does not name; empty when it gave no description.
        var otherPurpose: Bitset
        /// The purpose classes the description names (``DerivationRules/purposesNamed(byClient:concepts:)``),
        /// read once per request: the explanation says from them which classes lowered an offer.
        var purposesNamed: Set<Int> = []
    }

    /// `stated`: the offers whose record lists the applicant's type. They count as a match
    /// too, so that a catalogue whose records state types (Grants.gov) does not favour the
    /// records that only mention the type over those that list it.
    /// `preferredFinancing`: the offers with a financing instrument (``DerivationRules/financingInstruments``)
    /// the client prefers, stated or derived; `nil` when it prefers none.
    /// `concepts`: the concept layer's concepts recognised in the description (``TextQuery/concepts``).
    func query(_ facts: ProfileFacts, rules: DerivationRules, stated: Bitset? = nil, preferredFinancing: Bitset? = nil,
               concepts: Set<String> = []) -> Query {
        let empty = Bitset(count: count)
        let profile = facts.profile
        var match = empty, likelyNot = empty, serves = empty, open = empty
        var narrow = narrowCall
        if let type = profile.applicantType {
            match = byMention[type] ?? empty
            if let stated { match.formUnion(stated) }
            var named = bySubject[type] ?? empty
            for other in rules.compatibleTypes[type] ?? [] { named.formUnion(bySubject[other] ?? empty) }
            likelyNot = subjectNamed.subtracting(named)
            // A subject that names this applicant ("Wenn Sie als Arbeitgeber … anbieten") says
            // whom the programme is for; serving a group is then part of what it funds.
            if rules.servesOthersAppliesTo.contains(type) { serves = servesOthers.subtracting(named) }
            // A call whose applicant clause names this applicant ("Wenn Sie als Unternehmen im
            // Bereich Biomedizin …" for a company) is addressed to it: its theme is then what the
            // text and topics weigh, not a long shot. The penalty stays for calls that name
            // nobody or someone else, and for legal frameworks, which name no applicant.
            narrow.subtract(named)
        }
        if facts.isBusinessOrUnknown, profile.applicantType != nil {
            for (allowed, docs) in bySizeRule where facts.sizeClasses.isDisjoint(with: allowed) {
                likelyNot.formUnion(members: docs)
            }
        }
        if rules.isResearchProject(profile.topics) {
            // Open to any topic is open within the programme's subject when it has one: a
            // programme for research on agricultural products is not open to a machine
            // builder's research, but is to a client who names agriculture among its topics.
            // Cost: a union over the subject lists of topic-open programmes (a few dozen offers);
            // nothing for a catalogue without such programmes (Grants.gov).
            open = topicOpen
            if !openProgrammesBySubject.isEmpty {
                let topics = Set(profile.topics ?? [])
                var otherSubject = empty, clientSubject = empty
                for (topic, docs) in openProgrammesBySubject {
                    if topics.contains(topic) { clientSubject.formUnion(members: docs) } else { otherSubject.formUnion(members: docs) }
                }
                otherSubject.subtract(clientSubject)
                open.subtract(otherSubject)
            }
        }
        // Sectors: a clause naming another sector makes the offer likely not eligible ("Wenn
        // Sie als landwirtschaftlicher Betrieb …" for a software house); naming the client's
        // division, in the clause or the title, is a match.
        // Only for a business (or an unknown applicant): a municipality's or a university's own
        // sector (public administration, education) is not the trade of the programmes it uses.
        var sectorMatch = empty, otherSector = empty
        if facts.isBusinessOrUnknown, !facts.sectorAncestors.isEmpty, !bySectorMention.isEmpty {
            // A division of the client's value chain (`sectors.related`: a winery against
            // "Wenn Sie als Landwirt …") is neither *likely not* nor another sector; only the
            // client's own division is a match.
            // Cost: one bitset union per code of the widened set (a handful).
            var named = empty, notOther = empty
            for sector in rules.sectorsNotAgainst(facts.sectorAncestors) {
                if let docs = bySectorSubject[sector] { named.formUnion(docs) }
                if let docs = bySectorMention[sector] { notOther.formUnion(docs) }
            }
            for sector in facts.sectorAncestors {
                if let docs = bySectorMention[sector] { sectorMatch.formUnion(docs) }
            }
            likelyNot.formUnion(sectorNamed.subtracting(named))
            otherSector = sectorMentioned.subtracting(notOther)
        }
        // Programme kind against project kind: a client who names topics and no research one
        // does not plan research work. Cost: a set test; the set is built with the index.
        var researchMismatch = empty
        if let topics = profile.topics, !topics.isEmpty, rules.topicOpenProfileTopics.isDisjoint(with: topics) {
            researchMismatch = researchProgrammes
        }
        // Instrument and purpose: a client who asks for financing (a financing topic and a
        // financing instrument preferred) is served by a general loan or guarantee whatever its
        // project's words. Cost: one intersection.
        var financing = empty
        if let preferredFinancing, !rules.financingTopics.isDisjoint(with: profile.topics ?? []) {
            financing = financingOpen.intersection(preferredFinancing)
        }
        // Purpose against project: a working-capital loan does not pay for a new barn, a veterans'
        // programme does not serve a client who names no veterans. Only a description says what
        // the project is; without one (or a blank one) nothing is judged. An offer is lower when
        // the description names none of its classes (a programme "for seniors and people with
        // disabilities" serves a client who names either), or does not name a separate one (work
        // abroad): ``DerivationRules/purposesAgainst(_:named:)`` for every offer at once. Cost:
        // one read of the description (``DerivationRules/purposesNamed(byClient:concepts:)``)
        // and a union per class.
        var otherPurpose = empty, purposesNamed = Set<Int>()
        if !byPurpose.isEmpty, let named = rules.purposesNamed(byClient: profile.projectDescription, concepts: concepts) {
            purposesNamed = named
            var servesNamed = empty, separateUnnamed = empty
            for (number, purpose) in rules.purposeClasses.enumerated() {
                guard let docs = byPurpose[purpose.name] else { continue }
                if purpose.separate {
                    if !named.contains(number) { separateUnnamed.formUnion(docs) }
                } else if named.contains(number) {
                    servesNamed.formUnion(docs)
                } else {
                    otherPurpose.formUnion(docs)
                }
            }
            otherPurpose.subtract(servesNamed)
            otherPurpose.formUnion(separateUnnamed)
        }
        return Query(match: match, likelyNot: likelyNot, servesOthers: serves, topicOpen: open, narrowCall: narrow,
                     sectorMatch: sectorMatch, otherSector: otherSector, researchMismatch: researchMismatch,
                     financingOpen: financing, otherPurpose: otherPurpose, purposesNamed: purposesNamed)
    }
}
