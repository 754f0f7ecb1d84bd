import SupportModel

/// What eligibility needs from a profile, derived once per query: the region, the
/// possible size classes, company age. Shared by the per-offer evaluator and the index
/// filters so both read the answers the same way.
struct ProfileFacts: Sendable {
    var profile: Profile
    var today: Day
    let region: RegionCode?
    /// ``region`` and the areas it lies in (``Taxonomies/regionAncestors(of:)``), empty without
    /// a region: walked once per query instead of once per evaluated offer.
    let regionChain: [RegionCode]
    /// Empty when nothing is known about size (never empty otherwise).
    var sizeClasses: Set<SizeClass>
    /// Whole years since founding (`today.year - yearFounded`, never negative); 0 for a
    /// founder who has not given a founding year (the business is being founded).
    var companyAge: Int?
    var sectorAncestors: Set<SectorCode>
    /// Size and age criteria concern businesses: they apply when the applicant is a company,
    /// a founder, or has not said what it is. A municipality passes them as "not applicable".
    var isBusinessOrUnknown: Bool

    init(profile: Profile, taxonomies: Taxonomies, today: Day) {
        self.profile = profile
        self.today = today
        region = profile.region
        regionChain = profile.region.map { taxonomies.regionAncestors(of: $0) } ?? []
        sizeClasses = profile.possibleSizeClasses(taxonomies)
        if let year = profile.yearFounded {
            companyAge = max(0, today.year - year)
        } else if profile.applicantType == .founder {
            companyAge = 0
        }
        sectorAncestors = Set(profile.sector.map { taxonomies.sectorAncestors(of: $0) } ?? [])
        isBusinessOrUnknown = profile.applicantType == nil || profile.applicantType == .company || profile.applicantType == .founder
    }

    /// The size answers still missing, in the order worth asking: headcount decides most.
    var missingSizeFields: [ProfileField] {
        var fields: [ProfileField] = []
        if profile.employees == nil { fields.append(.employees) }
        if profile.annualTurnover == nil { fields.append(.annualTurnover) }
        if profile.balanceSheetTotal == nil { fields.append(.balanceSheetTotal) }
        return fields
    }

    /// Which question settles an unknown region: the state first, then the district.
    var missingRegionField: ProfileField {
        profile.location?.state == nil && profile.location?.district == nil ? .state : .district
    }
}
