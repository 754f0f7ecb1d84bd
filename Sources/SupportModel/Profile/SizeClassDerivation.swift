extension Taxonomies {
    /// The EU SME classes an enterprise can be in, given what is known of its figures.
    ///
    /// Recommendation 2003/361/EC: the headcount ceiling is mandatory, and *either* the
    /// turnover *or* the balance-sheet total must be within its ceiling. With a figure missing
    /// the class is often undecidable (9 employees and €3 m turnover is micro if the
    /// balance-sheet total is at most €2 m, small otherwise), so this returns every class some
    /// value of the missing figures would produce. Computed exactly by trying one value per
    /// interval between the thresholds for each missing figure: the class is constant inside
    /// those intervals.
    public func possibleSizeClasses(employees: Int?, turnover: Double?, balanceSheet: Double?) -> Set<SizeClass> {
        let ordered = smeThresholds.sorted { $0.sizeClass < $1.sizeClass }
        let headcounts = employees.map { [$0] } ?? ([0] + ordered.map(\.headcountBelow))
        let turnovers = turnover.map { [$0] } ?? ([0] + ordered.map { $0.turnoverMax + 1 })
        let balances = balanceSheet.map { [$0] } ?? ([0] + ordered.map { $0.balanceSheetMax + 1 })
        var classes: Set<SizeClass> = []
        for headcount in headcounts {
            for turnover in turnovers {
                for balance in balances {
                    classes.insert(Self.sizeClass(headcount: headcount, turnover: turnover, balanceSheet: balance, thresholds: ordered))
                }
            }
        }
        return classes
    }

    /// The class of an enterprise whose three figures are all known.
    static func sizeClass(headcount: Int, turnover: Double, balanceSheet: Double, thresholds ascending: [SMEThreshold]) -> SizeClass {
        for threshold in ascending where headcount < threshold.headcountBelow {
            if turnover <= threshold.turnoverMax || balanceSheet <= threshold.balanceSheetMax {
                return threshold.sizeClass
            }
        }
        return .large
    }
}

extension Profile {
    /// The size classes the applicant can be in: the declared class, else the classes the
    /// figures allow (see ``Taxonomies/possibleSizeClasses(employees:turnover:balanceSheet:)``).
    ///
    /// A founder who gives no figures counts as micro: a business that does not exist yet has
    /// no staff and no turnover. Any figure given is used instead.
    public func possibleSizeClasses(_ taxonomies: Taxonomies) -> Set<SizeClass> {
        if let sizeClass { return [sizeClass] }
        if applicantType == .founder, employees == nil, annualTurnover == nil, balanceSheetTotal == nil {
            return [.micro]
        }
        return taxonomies.possibleSizeClasses(employees: employees, turnover: annualTurnover, balanceSheet: balanceSheetTotal)
    }

    /// The one class the answers decide, or `nil` while more than one is possible.
    public func derivedSizeClass(_ taxonomies: Taxonomies) -> SizeClass? {
        let classes = possibleSizeClasses(taxonomies)
        return classes.count == 1 ? classes.first : nil
    }
}
