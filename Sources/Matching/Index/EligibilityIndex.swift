import SupportModel

/// Per-criterion sets of offers, so that a query decides eligibility for the whole catalogue
/// with a few set operations instead of evaluating every offer.
///
/// Region and applicant type are indexed per code and answered with unions along the region
/// hierarchy. Offers with a size, sector or age rule are grouped by their exact rule, and each
/// distinct rule is evaluated once per query with the same functions the per-offer
/// ``EligibilityEvaluator`` uses. A group is a list of documents, not a bitset: a large
/// catalogue has thousands of distinct sector rules with a few offers each, and unions of
/// catalogue-wide bitsets per rule cost more than the rest of a query.
struct EligibilityIndex: Sendable {
    let count: Int

    let typeRestricted: Bitset
    let byApplicantType: [ApplicantType: Bitset]
    /// Type-restricted offers whose text names a body that applies on the client's behalf.
    let throughIntermediary: Bitset
    let reachableThroughIntermediary: Set<ApplicantType>

    let regionRestricted: Bitset
    let byRegion: [RegionCode: Bitset]
    /// Each listed region with its chain of containing regions, walked once here: a query asks
    /// the one region rule (``Taxonomies/fit(areaChain:regionChain:)``) for every listed region.
    let listedRegionChains: [(region: RegionCode, chain: [RegionCode])]
    let taxonomies: Taxonomies

    let bySizeRule: [Set<SizeClass>: [Int32]]
    let bySectorRule: [SectorRule: [Int32]]
    let byAgeRule: [AgeBounds: [Int32]]
    /// Offers with a sector rule: all unknown when the applicant gives no sector.
    let sectorRestricted: Bitset

    /// Offers whose status is `closed`.
    let closed: Bitset
    /// Offers with deadlines, by their last deadline's ordinal, ascending.
    let lastDeadlines: [(ordinal: Int, doc: Int)]

    init(offers: [Offer], taxonomies: Taxonomies, derived: [DerivedFacts] = [], reachableThroughIntermediary: Set<ApplicantType> = []) {
        var builder = Builder(count: offers.count)
        for (doc, offer) in offers.enumerated() { builder.add(offer, derived: doc < derived.count ? derived[doc] : nil) }
        self = builder.finish(taxonomies: taxonomies, reachableThroughIntermediary: reachableThroughIntermediary)
    }

    /// Collects the sets one offer at a time, in document order, so an index can be built from
    /// offers streamed from the store without holding them (``StreamedIndexBuild``).
    struct Builder {
        let count: Int
        private var doc = 0
        private var through: Bitset
        private var typeRestricted: Bitset
        private var byType: [ApplicantType: Bitset] = [:]
        private var regionRestricted: Bitset
        private var byRegion: [RegionCode: Bitset] = [:]
        private var sizeRules: [Set<SizeClass>: [Int32]] = [:]
        private var sectorRules: [SectorRule: [Int32]] = [:]
        private var sectorRestricted: Bitset
        private var ageRules: [AgeBounds: [Int32]] = [:]
        private var closed: Bitset
        private var lastDeadlines: [(ordinal: Int, doc: Int)] = []

        init(count: Int) {
            self.count = count
            through = Bitset(count: count)
            typeRestricted = Bitset(count: count)
            regionRestricted = Bitset(count: count)
            sectorRestricted = Bitset(count: count)
            closed = Bitset(count: count)
        }

        /// The next document's offer and its derived facts.
        mutating func add(_ offer: Offer, derived facts: DerivedFacts?) {
            defer { doc += 1 }
            let eligibility = offer.eligibility
            if let facts, facts.intermediaryOnBehalf, eligibility.applicantTypes != nil { through.insert(doc) }
            if let types = eligibility.applicantTypes {
                typeRestricted.insert(doc)
                for type in types { byType[type, default: Bitset(count: count)].insert(doc) }
            }
            if let regions = eligibility.regions {
                regionRestricted.insert(doc)
                for region in regions { byRegion[region, default: Bitset(count: count)].insert(doc) }
            }
            if let sizes = eligibility.companySizes, Set(sizes) != Set(SizeClass.allCases) {
                sizeRules[Set(sizes), default: []].append(Int32(doc))
            }
            if let rule = eligibility.sectors, !rule.isEmpty {
                sectorRules[rule, default: []].append(Int32(doc))
                sectorRestricted.insert(doc)
            }
            if let age = eligibility.companyAge {
                ageRules[age, default: []].append(Int32(doc))
            }
            if offer.schedule.status == .closed { closed.insert(doc) }
            if let last = offer.schedule.deadlines.max() { lastDeadlines.append((last.ordinal, doc)) }
        }

        func finish(taxonomies: Taxonomies, reachableThroughIntermediary: Set<ApplicantType>) -> EligibilityIndex {
            precondition(doc == count, "\(doc) offers added for an index of \(count)")
            return EligibilityIndex(
                count: count, typeRestricted: typeRestricted, byApplicantType: byType, throughIntermediary: through,
                reachableThroughIntermediary: reachableThroughIntermediary, regionRestricted: regionRestricted,
                byRegion: byRegion, taxonomies: taxonomies, bySizeRule: sizeRules, bySectorRule: sectorRules,
                byAgeRule: ageRules, sectorRestricted: sectorRestricted, closed: closed,
                lastDeadlines: lastDeadlines.sorted { ($0.ordinal, $0.doc) < ($1.ordinal, $1.doc) })
        }
    }

    /// The index from its parts: built from the offers (above) or read from an index file
    /// (``PersistedFacts``). `lastDeadlines` is sorted by ordinal, then document.
    init(count: Int, typeRestricted: Bitset, byApplicantType: [ApplicantType: Bitset], throughIntermediary: Bitset,
         reachableThroughIntermediary: Set<ApplicantType>, regionRestricted: Bitset, byRegion: [RegionCode: Bitset],
         taxonomies: Taxonomies, bySizeRule: [Set<SizeClass>: [Int32]], bySectorRule: [SectorRule: [Int32]],
         byAgeRule: [AgeBounds: [Int32]], sectorRestricted: Bitset, closed: Bitset, lastDeadlines: [(ordinal: Int, doc: Int)]) {
        self.count = count
        self.typeRestricted = typeRestricted
        self.byApplicantType = byApplicantType
        self.throughIntermediary = throughIntermediary
        self.reachableThroughIntermediary = reachableThroughIntermediary
        self.regionRestricted = regionRestricted
        self.byRegion = byRegion
        listedRegionChains = byRegion.keys.map { ($0, taxonomies.regionAncestors(of: $0)) }
        self.taxonomies = taxonomies
        self.bySizeRule = bySizeRule
        self.bySectorRule = bySectorRule
        self.byAgeRule = byAgeRule
        self.sectorRestricted = sectorRestricted
        self.closed = closed
        self.lastDeadlines = lastDeadlines
    }

    /// Failed and unknown offers for one criterion.
    struct Outcome {
        var fail: Bitset
        var unknown: Bitset
    }

    /// Offers that cannot be applied for on `today`: closed, or every deadline passed.
    func notOpen(on today: Day) -> Bitset {
        var result = closed
        let limit = today.ordinal
        for entry in lastDeadlines {
            guard entry.ordinal < limit else { break }
            result.insert(entry.doc)
        }
        return result
    }

    func applicantType(_ facts: ProfileFacts) -> Outcome {
        guard let type = facts.profile.applicantType else {
            return Outcome(fail: Bitset(count: count), unknown: typeRestricted)
        }
        var admitted = byApplicantType[type] ?? Bitset(count: count)
        if reachableThroughIntermediary.contains(type) { admitted.formUnion(throughIntermediary) }
        return Outcome(fail: typeRestricted.subtracting(admitted), unknown: Bitset(count: count))
    }

    /// ``Taxonomies/fit(ofArea:for:)`` for every offer at once: `admitted` holds the offers
    /// with an area that admits the region, `inside` those with an area partly inside it.
    func region(_ facts: ProfileFacts) -> Outcome {
        guard let region = facts.region else {
            return Outcome(fail: Bitset(count: count), unknown: regionRestricted)
        }
        var admitted = Bitset(count: count)
        var inside = Bitset(count: count)
        let regionChain = taxonomies.regionAncestors(of: region)
        for (listed, chain) in listedRegionChains {
            guard let offers = byRegion[listed] else { continue }
            switch Taxonomies.fit(areaChain: chain, regionChain: regionChain) {
            case .admits: admitted.formUnion(offers)
            case .partly: inside.formUnion(offers)
            case .outside: break
            }
        }
        let unknown = inside.subtracting(admitted)
        return Outcome(fail: regionRestricted.subtracting(admitted).subtracting(unknown), unknown: unknown)
    }

    func companySize(_ facts: ProfileFacts) -> Outcome {
        var outcome = Outcome(fail: Bitset(count: count), unknown: Bitset(count: count))
        guard facts.isBusinessOrUnknown else { return outcome }
        for (allowed, offers) in bySizeRule {
            if facts.sizeClasses.isSubset(of: allowed) { continue }
            if facts.sizeClasses.isDisjoint(with: allowed) {
                outcome.fail.formUnion(members: offers)
            } else {
                outcome.unknown.formUnion(members: offers)
            }
        }
        return outcome
    }

    func sector(_ facts: ProfileFacts, taxonomies: Taxonomies) -> Outcome {
        guard let sector = facts.profile.sector else {
            return Outcome(fail: Bitset(count: count), unknown: sectorRestricted)
        }
        var outcome = Outcome(fail: Bitset(count: count), unknown: Bitset(count: count))
        for (rule, offers) in bySectorRule {
            switch SectorMatch.evaluate(rule, sectorAncestors: facts.sectorAncestors, sector: sector, taxonomies: taxonomies) {
            case .pass: break
            case .fail: outcome.fail.formUnion(members: offers)
            case .unknown: outcome.unknown.formUnion(members: offers)
            }
        }
        return outcome
    }

    func companyAge(_ facts: ProfileFacts) -> Outcome {
        var outcome = Outcome(fail: Bitset(count: count), unknown: Bitset(count: count))
        guard facts.isBusinessOrUnknown else { return outcome }
        for (bounds, offers) in byAgeRule {
            guard let age = facts.companyAge else { outcome.unknown.formUnion(members: offers); continue }
            if !AgeMatch.admits(bounds, age: age) { outcome.fail.formUnion(members: offers) }
        }
        return outcome
    }

    func outcome(_ criterion: CriterionKind, _ facts: ProfileFacts, taxonomies: Taxonomies) -> Outcome {
        switch criterion {
        case .applicantType: applicantType(facts)
        case .region: region(facts)
        case .companySize: companySize(facts)
        case .sector: sector(facts, taxonomies: taxonomies)
        case .companyAge: companyAge(facts)
        case .schedule: Outcome(fail: notOpen(on: facts.today), unknown: Bitset(count: count))
        }
    }
}
