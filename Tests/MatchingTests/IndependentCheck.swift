import SupportModel

/// An independent re-statement of the eligibility rules, written directly from the
/// Recommendation's thresholds and the region/sector hierarchies, to check that the matcher
/// never calls an ineligible offer eligible. Returns the criteria that certainly fail.
enum IndependentCheck {
    static func certainFailures(_ offer: Offer, _ profile: Profile, today: Day) -> [String] {
        let taxonomies = Catalogue.taxonomies
        var failures: [String] = []
        let e = offer.eligibility
        if let types = e.applicantTypes, let type = profile.applicantType, !types.contains(type) { failures.append("applicantType") }
        if let regions = e.regions, let region = profile.location?.district ?? profile.location?.state ?? profile.location?.country {
            var chain: Set<String> = [region.rawValue]
            var current = region.rawValue
            while let parent = taxonomies.regions.term(current)?.parent { chain.insert(parent); current = parent }
            let admitted = regions.contains { chain.contains($0.rawValue) }
            let inside = regions.contains { listed in
                var code = listed.rawValue
                while let parent = taxonomies.regions.term(code)?.parent { if parent == region.rawValue { return true }; code = parent }
                return false
            }
            if !admitted && !inside { failures.append("region") }
        }
        let business = profile.applicantType == nil || profile.applicantType == .company || profile.applicantType == .founder
        if business, let sizes = e.companySizes {
            // Every class the answers allow, from the thresholds as published.
            var possible: Set<SizeClass>
            if let declared = profile.sizeClass {
                possible = [declared]
            } else if profile.applicantType == .founder && profile.employees == nil && profile.annualTurnover == nil && profile.balanceSheetTotal == nil {
                possible = [.micro]
            } else {
                possible = []
                let staff: [Int] = profile.employees.map { [$0] } ?? [0, 10, 50, 250]
                let turnover: [Double] = profile.annualTurnover.map { [$0] } ?? [0, 2_000_001, 10_000_001, 50_000_001]
                let balance: [Double] = profile.balanceSheetTotal.map { [$0] } ?? [0, 2_000_001, 10_000_001, 43_000_001]
                for s in staff { for t in turnover { for b in balance {
                    if s < 10 && (t <= 2_000_000 || b <= 2_000_000) { possible.insert(.micro) }
                    else if s < 50 && (t <= 10_000_000 || b <= 10_000_000) { possible.insert(.small) }
                    else if s < 250 && (t <= 50_000_000 || b <= 43_000_000) { possible.insert(.medium) }
                    else { possible.insert(.large) }
                } } }
            }
            if possible.isDisjoint(with: sizes) { failures.append("companySize") }
        }
        if business, let age = e.companyAge {
            let years: Int? = profile.yearFounded.map { today.year - $0 } ?? (profile.applicantType == .founder ? 0 : nil)
            if let years, (age.minYears.map { years < $0 } ?? false) || (age.maxYears.map { years > $0 } ?? false) {
                failures.append("companyAge")
            }
        }
        if let rule = e.sectors, let sector = profile.sector {
            let chain = Set(taxonomies.sectorAncestors(of: sector))
            if rule.exclude.contains(where: chain.contains) { failures.append("sector") }
            else if !rule.include.isEmpty && !rule.include.contains(where: chain.contains)
                        && !rule.include.contains(where: { taxonomies.sectorAncestors(of: $0).contains(sector) }) {
                failures.append("sector")
            }
        }
        if offer.schedule.status == .closed || (!offer.schedule.deadlines.isEmpty && !offer.schedule.deadlines.contains { $0 >= today }) {
            failures.append("schedule")
        }
        return failures
    }
}
