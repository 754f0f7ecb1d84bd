/// The meaning checks of a ``Profile``: codes exist in the taxonomies, numbers are sane, the
/// answers do not contradict each other. Unknown codes are errors with a suggestion, never
/// silently dropped: an ignored region would make every regional offer look "unknown" and
/// the applicant would not know why.
public struct ProfileValidator: Sendable {
    public var taxonomies: Taxonomies
    /// When given, a founding year after next year is rejected.
    public var today: Day?

    /// Longest project description accepted, in Unicode scalars (not `Character`s: one
    /// character can hold 100,000 combining marks, and analysing such a text cost seconds of
    /// CPU); keeps a hostile request from turning into a huge query.
    public static let maxDescriptionLength = 20_000

    public init(taxonomies: Taxonomies, today: Day? = nil) {
        self.taxonomies = taxonomies
        self.today = today
    }

    public func issues(in profile: Profile) -> [ProfileIssue] {
        var issues: [ProfileIssue] = []
        func add(_ pointer: String, _ message: String) { issues.append(ProfileIssue(pointer: pointer, message: message)) }

        if let type = profile.applicantType { check(type.rawValue, in: taxonomies.applicantTypes, at: "/applicantType", &issues) }

        if let location = profile.location {
            if let country = location.country { check(country.rawValue, in: taxonomies.regions, at: "/location/country", &issues) }
            if let state = location.state { check(state.rawValue, in: taxonomies.regions, at: "/location/state", &issues) }
            if let district = location.district { check(district.rawValue, in: taxonomies.regions, at: "/location/district", &issues) }
            let known = { (code: RegionCode?) in code.map { taxonomies.regions.contains($0.rawValue) } ?? false }
            if known(location.district), known(location.state), let district = location.district, let state = location.state,
               !taxonomies.region(district, isWithin: state) {
                add("/location/district", "district \(district) is not in \(state) (it is in \(taxonomies.regionAncestors(of: district).dropFirst().first.map(\.rawValue) ?? "no known state"))")
            }
            if known(location.country), let country = location.country,
               let inner = [location.district, location.state].compactMap({ $0 }).first(where: { known($0) }),
               !taxonomies.region(inner, isWithin: country) {
                add("/location/country", "\(inner) is not in \(country)")
            }
        }

        if let employees = profile.employees, employees < 0 || employees > 10_000_000 {
            add("/employees", "expected a headcount between 0 and 10,000,000, found \(employees)")
        }
        for (pointer, value) in [("/annualTurnover", profile.annualTurnover), ("/balanceSheetTotal", profile.balanceSheetTotal), ("/amountNeeded", profile.amountNeeded)] {
            if let value, !value.isFinite || value < 0 || value > 1e15 {
                add(pointer, "expected an amount in EUR between 0 and 10^15, found \(value)")
            }
        }
        if let declared = profile.sizeClass,
           profile.employees != nil || profile.annualTurnover != nil || profile.balanceSheetTotal != nil {
            let possible = taxonomies.possibleSizeClasses(
                employees: profile.employees, turnover: profile.annualTurnover, balanceSheet: profile.balanceSheetTotal)
            if !possible.isEmpty, !possible.contains(declared) {
                let names = SizeClass.allCases.filter(possible.contains).map(\.rawValue).joined(separator: " or ")
                add("/sizeClass", "declared \(declared.rawValue), but the figures given make the enterprise \(names) (Recommendation 2003/361/EC)")
            }
        }
        if let year = profile.yearFounded {
            let latest = (today?.year).map { $0 + 1 } ?? 9999
            if year < 1000 || year > latest {
                add("/yearFounded", "expected a year between 1000 and \(latest), found \(year)")
            }
        }
        if let sector = profile.sector, !taxonomies.isKnownSector(sector) {
            var hint = ""
            if let term = taxonomies.sectors.resolve(sector.rawValue) { hint = "; did you mean \"\(term.code)\" (\(term.de))?" }
            add("/sector", "unknown sector \"\(sector)\": expected a NACE/WZ section A–U, division NN, group NN.N or class NN.NN\(hint)")
        }
        for (index, topic) in (profile.topics ?? []).enumerated() {
            check(topic.rawValue, in: taxonomies.topics, at: "/topics/\(index)", &issues)
        }
        for (index, instrument) in (profile.preferredInstruments ?? []).enumerated() {
            check(instrument.rawValue, in: taxonomies.instruments, at: "/preferredInstruments/\(index)", &issues)
        }
        if let language = profile.language, ![LanguageCode.german, .english].contains(language) {
            add("/language", "expected \"de\" or \"en\", found \"\(language)\"")
        }
        if let scalars = profile.projectDescription?.unicodeScalars.count, scalars > Self.maxDescriptionLength {
            add("/projectDescription", "expected at most \(Self.maxDescriptionLength) characters (Unicode scalars), found \(scalars)")
        }
        return issues
    }

    /// Replaces labels and aliases by their codes ("Sachsen" → `DE-SN`, "Zuschuss" → `grant`)
    /// where the taxonomy resolves them unambiguously. For answers typed by people (CLI flags,
    /// the interactive questionnaire); the JSON form expects codes. Unresolvable values are
    /// left as they are, so ``issues(in:)`` reports them.
    public func resolvingLabels(in profile: Profile) -> Profile {
        var profile = profile
        func resolve<Code: VocabularyCode>(_ code: Code?, _ taxonomy: Taxonomy) -> Code? {
            guard let code, !taxonomy.contains(code.rawValue), let term = taxonomy.resolve(code.rawValue) else { return code }
            return Code(term.code)
        }
        profile.applicantType = resolve(profile.applicantType, taxonomies.applicantTypes)
        if var location = profile.location {
            location.country = resolve(location.country, taxonomies.regions)
            location.state = resolve(location.state, taxonomies.regions)
            location.district = resolve(location.district, taxonomies.regions)
            profile.location = location
        }
        if let sector = profile.sector, !taxonomies.isKnownSector(sector), let term = taxonomies.sectors.resolve(sector.rawValue) {
            profile.sector = SectorCode(term.code)
        }
        profile.topics = profile.topics?.map { resolve($0, taxonomies.topics) ?? $0 }
        profile.preferredInstruments = profile.preferredInstruments?.map { resolve($0, taxonomies.instruments) ?? $0 }
        return profile
    }

    private func check(_ code: String, in taxonomy: Taxonomy, at pointer: String, _ issues: inout [ProfileIssue]) {
        guard !taxonomy.contains(code) else { return }
        issues.append(ProfileIssue(pointer: pointer, message: "unknown \(taxonomy.name) code \"\(code)\"" + Self.suggestion(for: code, in: taxonomy)))
    }

    /// "; did you mean …?" from labels and aliases (``Taxonomy/resolve(_:)``), else from the
    /// nearest code or label by edit distance, else the list of codes when it is short.
    static func suggestion(for text: String, in taxonomy: Taxonomy) -> String {
        if let term = taxonomy.resolve(text) { return "; did you mean \"\(term.code)\" (\(term.de))?" }
        let needle = text.lowercased()
        var best: (term: Term, distance: Int)?
        for term in taxonomy.terms {
            let distance = [term.code, term.de, term.en].map { EditDistance.between($0.lowercased(), needle) }.min() ?? .max
            if distance < (best?.distance ?? .max) { best = (term, distance) }
        }
        if let best, best.distance <= max(2, needle.count / 4) {
            return "; did you mean \"\(best.term.code)\" (\(best.term.de))?"
        }
        if taxonomy.terms.count <= 30 { return "; expected one of \(taxonomy.codes.joined(separator: ", "))" }
        return ""
    }
}
