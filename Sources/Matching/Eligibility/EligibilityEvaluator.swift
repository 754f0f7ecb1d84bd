import SupportModel

/// Evaluates one offer's criteria against a profile, with reasons.
///
/// This is the readable definition of the rules. The index answers the same questions with
/// precomputed sets for speed (``OfferIndex``); the tests check that both agree on every
/// offer of the bundled catalogue.
///
/// Rules, in short:
/// - **Applicant type**: exact match with the offer's list. A founder is not a company (see
///   ``Profile/applicantType``).
/// - **Region**: hierarchical. Passes when the applicant's region lies in a listed region;
///   unknown when a listed region lies inside the applicant's (a district-only offer and an
///   applicant who gave only the state).
/// - **Company size**: passes when every class the answers allow is admitted, fails when
///   none is, unknown otherwise (9 staff, no money figures: micro to large are possible).
///   Applies to companies, founders and applicants of unknown type only.
/// - **Sector**: hierarchical include/exclude on NACE/WZ codes; a section answer against a
///   division rule is unknown.
/// - **Company age**: whole years since the founding year; founders without a year count as 0.
/// - **Schedule**: closed offers and offers whose deadlines have all passed fail.
struct EligibilityEvaluator: Sendable {
    var taxonomies: Taxonomies
    /// Applicant types a body applying on the client's behalf can pass money on to.
    var reachableThroughIntermediary: Set<ApplicantType> = []

    /// Whether results carry their wording: ``CriterionResult/message`` and
    /// ``CriterionResult/parameters``. A caller that reads only verdicts and missing fields
    /// (the next question, over the top candidates) turns it off (``withoutWording``): then
    /// no label is looked up and no list joined, and every result has an empty message and no
    /// parameters. Verdicts, codes and missing fields are the same either way, from the same code.
    var wording = true

    /// This evaluator with ``wording`` off.
    var withoutWording: EligibilityEvaluator {
        var evaluator = self
        evaluator.wording = false
        return evaluator
    }

    /// `derived` is what the offer's text says; only an intermediary that applies on the
    /// client's behalf changes a verdict (a failed applicant type becomes "through X").
    func evaluate(_ offer: Offer, _ facts: ProfileFacts, derived: DerivedFacts = DerivedFacts()) -> [CriterionResult] {
        [
            applicantType(offer, facts, derived: derived), region(offer, facts), companySize(offer, facts),
            sector(offer, facts), companyAge(offer, facts), schedule(offer, facts),
        ]
    }

    /// A result whose `parameters` and `message` are built only when ``wording`` is on: each
    /// criterion states its verdict once, and the words that explain it next to it.
    private func result(_ criterion: CriterionKind, _ verdict: Verdict, code: String,
                        parameters: @autoclosure () -> [String: String] = [:], missing: [ProfileField] = [],
                        message: () -> LocalizedText) -> CriterionResult {
        CriterionResult(criterion, verdict, code: code, parameters: wording ? parameters() : [:],
                        message: wording ? message() : LocalizedText(de: "", en: ""), missing: missing)
    }

    // MARK: Criteria

    func applicantType(_ offer: Offer, _ facts: ProfileFacts, derived: DerivedFacts = DerivedFacts()) -> CriterionResult {
        guard let allowed = offer.eligibility.applicantTypes else {
            return result(.applicantType, .pass, code: "applicantType.any") {
                LocalizedText(de: "für alle Antragsteller", en: "open to all applicants")
            }
        }
        // Joined only where a message quotes the list (see ``region(_:_:)``).
        func listed() -> LocalizedText { lowercasedEnglish(taxonomies.applicantTypes.labels(allowed.map(\.rawValue))) }
        guard let type = facts.profile.applicantType else {
            return result(.applicantType, .unknown, code: "applicantType.missing", parameters: ["allowed": codes(allowed)],
                          missing: [.applicantType]) {
                let list = listed()
                return LocalizedText(de: "nur für \(list.de) – wer stellt den Antrag?", en: "only for \(list.en) – who applies?")
            }
        }
        func own() -> LocalizedText { lowercasedEnglish(taxonomies.applicantTypes.label(type.rawValue)) }
        if allowed.contains(type) {
            return result(.applicantType, .pass, code: "applicantType.allowed", parameters: ["actual": type.rawValue]) {
                let own = own()
                return LocalizedText(de: "Antragsteller wie Sie (\(own.de)) sind zugelassen", en: "applicants like you (\(own.en)) may apply")
            }
        }
        if derived.intermediaryOnBehalf, let through = derived.intermediary, reachableThroughIntermediary.contains(type) {
            return result(.applicantType, .pass, code: "applicantType.through",
                          parameters: ["allowed": codes(allowed), "actual": type.rawValue, "through": through.value]) {
                let list = listed()
                return LocalizedText(de: "über \(through.value): beantragt für \(list.de) (aus dem Text abgeleitet: »\(through.evidence)«)",
                                     en: "through \(through.value): applied for by \(list.en) (derived from the text: »\(through.evidence)«)")
            }
        }
        return result(.applicantType, .fail, code: "applicantType.notAllowed",
                      parameters: ["allowed": codes(allowed), "actual": type.rawValue]) {
            let list = listed(), own = own()
            return LocalizedText(de: "nur für: \(list.de); Sie beantragen als: \(own.de)", en: "only for: \(list.en); you apply as: \(own.en)")
        }
    }

    func region(_ offer: Offer, _ facts: ProfileFacts) -> CriterionResult {
        guard let allowed = offer.eligibility.regions else {
            return result(.region, .pass, code: "region.any") {
                LocalizedText(de: "ohne regionale Einschränkung", en: "no regional restriction")
            }
        }
        // The labels of every listed area (a federal programme lists all sixteen Länder) are
        // joined only for the messages that quote them, not for the pass the shown results
        // mostly get: that join was most of the criterion's cost in an explanation.
        func listed() -> LocalizedText { taxonomies.regions.labels(allowed.map(\.rawValue)) }
        guard let region = facts.region else {
            return result(.region, .unknown, code: "region.missing", parameters: ["allowed": codes(allowed)], missing: [.state]) {
                let list = listed()
                return LocalizedText(de: "nur in \(list.de) – wo ist Ihr Sitz?", en: "only in \(list.en) – where are you based?")
            }
        }
        // ``Taxonomies/fit(ofArea:for:)`` of each listed area against the client's chain, which
        // the facts hold once per query: walking both chains for every area, twice, was most of
        // this criterion's cost. The first area that admits decides, so the areas after it are
        // not walked, and an admitting area's own chain is not walked either.
        var partly = false
        for area in allowed {
            switch taxonomies.fit(ofArea: area, regionChain: facts.regionChain) {
            case .admits:
                return result(.region, .pass, code: "region.within", parameters: ["region": area.rawValue, "actual": region.rawValue]) {
                    let name = taxonomies.regions.label(area.rawValue)
                    return LocalizedText(de: "für \(name.de)", en: "for \(name.en)")
                }
            case .partly: partly = true
            default: break
            }
        }
        if partly {
            return result(.region, .unknown, code: "region.tooCoarse", parameters: ["allowed": codes(allowed), "actual": region.rawValue],
                          missing: [facts.missingRegionField]) {
                let list = listed(), own = taxonomies.regions.label(region.rawValue)
                return LocalizedText(de: "nur in \(list.de) – in welchem Kreis liegt Ihr Sitz?",
                                     en: "only in \(list.en) – which part of \(own.en) are you in?")
            }
        }
        return result(.region, .fail, code: "region.outside", parameters: ["allowed": codes(allowed), "actual": region.rawValue]) {
            let list = listed(), own = taxonomies.regions.label(region.rawValue)
            return LocalizedText(de: "nur in \(list.de); Ihr Sitz: \(own.de)", en: "only in \(list.en); you are in \(own.en)")
        }
    }

    func companySize(_ offer: Offer, _ facts: ProfileFacts) -> CriterionResult {
        // Every class listed is no limit (a test of the four classes, not two sets built per offer).
        guard let allowedList = offer.eligibility.companySizes, !SizeClass.allCases.allSatisfy(allowedList.contains) else {
            return result(.companySize, .pass, code: "companySize.any") {
                LocalizedText(de: "für Unternehmen jeder Größe", en: "for businesses of any size")
            }
        }
        let allowed = Set(allowedList)
        // Joined only where a message quotes the list (see ``region(_:_:)``).
        func listed() -> LocalizedText { sizeLabels(allowed) }
        guard facts.isBusinessOrUnknown else {
            return result(.companySize, .pass, code: "companySize.notApplicable") {
                LocalizedText(de: "Größenklasse betrifft nur Unternehmen", en: "size limit applies to businesses only")
            }
        }
        let possible = facts.sizeClasses
        if possible.isSubset(of: allowed) {
            return result(.companySize, .pass, code: "companySize.allowed", parameters: ["actual": sizeCodes(possible)]) {
                let own = sizeLabels(possible)
                return LocalizedText(de: "für \(own.de)", en: "for \(own.en)")
            }
        }
        if possible.isDisjoint(with: allowed) {
            return result(.companySize, .fail, code: "companySize.notAllowed",
                          parameters: ["allowed": sizeCodes(allowed), "actual": sizeCodes(possible)]) {
                let own = ownSize(possible, facts), list = listed()
                return LocalizedText(de: "nur für \(list.de); \(own.de)", en: "only for \(list.en); \(own.en)")
            }
        }
        return result(.companySize, .unknown, code: "companySize.undecided",
                      parameters: ["allowed": sizeCodes(allowed), "possible": sizeCodes(possible)], missing: facts.missingSizeFields) {
            let list = listed()
            return LocalizedText(de: "nur für \(list.de) – Ihre Größenklasse ist noch offen",
                                 en: "only for \(list.en) – your size class is not settled yet")
        }
    }

    func sector(_ offer: Offer, _ facts: ProfileFacts) -> CriterionResult {
        guard let rule = offer.eligibility.sectors, !rule.isEmpty else {
            return result(.sector, .pass, code: "sector.any") {
                LocalizedText(de: "ohne Branchen-Einschränkung", en: "no sector restriction")
            }
        }
        func lists() -> (include: String, exclude: String) {
            (rule.include.map(\.rawValue).joined(separator: ", "), rule.exclude.map(\.rawValue).joined(separator: ", "))
        }
        func parameters(actual: SectorCode?) -> [String: String] {
            let (include, exclude) = lists()
            var parameters = ["include": include, "exclude": exclude]
            if let actual { parameters["actual"] = actual.rawValue }
            return parameters
        }
        func ruleText() -> LocalizedText {
            let (include, exclude) = lists()
            return LocalizedText(
                de: [include.isEmpty ? nil : "nur Branchen \(include)", exclude.isEmpty ? nil : "ausgenommen \(exclude)"].compactMap { $0 }.joined(separator: ", "),
                en: [include.isEmpty ? nil : "only sectors \(include)", exclude.isEmpty ? nil : "except \(exclude)"].compactMap { $0 }.joined(separator: ", "))
        }
        guard let sector = facts.profile.sector else {
            return result(.sector, .unknown, code: "sector.missing", parameters: parameters(actual: nil), missing: [.sector]) {
                let ruleText = ruleText()
                return LocalizedText(de: "\(ruleText.de) – in welcher Branche sind Sie tätig?", en: "\(ruleText.en) – which sector are you in?")
            }
        }
        switch SectorMatch.evaluate(rule, sectorAncestors: facts.sectorAncestors, sector: sector, taxonomies: taxonomies) {
        case .pass:
            return result(.sector, .pass, code: "sector.allowed", parameters: parameters(actual: sector)) {
                LocalizedText(de: "Ihre Branche \(sector) ist zugelassen", en: "your sector \(sector) is eligible")
            }
        case .fail:
            return result(.sector, .fail, code: "sector.notAllowed", parameters: parameters(actual: sector)) {
                let ruleText = ruleText()
                return LocalizedText(de: "\(ruleText.de); Ihre Branche: \(sector)", en: "\(ruleText.en); your sector: \(sector)")
            }
        case .unknown:
            return result(.sector, .unknown, code: "sector.tooCoarse", parameters: parameters(actual: sector), missing: [.sector]) {
                let ruleText = ruleText()
                return LocalizedText(de: "\(ruleText.de) – bitte genaueren WZ-Code als \(sector) angeben",
                                     en: "\(ruleText.en) – give a more specific code than \(sector)")
            }
        }
    }

    func companyAge(_ offer: Offer, _ facts: ProfileFacts) -> CriterionResult {
        guard let bounds = offer.eligibility.companyAge else {
            return result(.companyAge, .pass, code: "companyAge.any") {
                LocalizedText(de: "ohne Altersgrenze", en: "no age limit")
            }
        }
        func parameters(actual: Int?) -> [String: String] {
            var parameters: [String: String] = [:]
            if let min = bounds.minYears { parameters["minYears"] = String(min) }
            if let max = bounds.maxYears { parameters["maxYears"] = String(max) }
            if let actual { parameters["actual"] = String(actual) }
            return parameters
        }
        guard facts.isBusinessOrUnknown else {
            return result(.companyAge, .pass, code: "companyAge.notApplicable", parameters: parameters(actual: nil)) {
                LocalizedText(de: "Altersgrenze betrifft nur Unternehmen", en: "age limit applies to businesses only")
            }
        }
        guard let age = facts.companyAge else {
            return result(.companyAge, .unknown, code: "companyAge.missing", parameters: parameters(actual: nil), missing: [.yearFounded]) {
                let range = ageText(bounds)
                return LocalizedText(de: "\(range.de) – wann wurde gegründet?", en: "\(range.en) – when was the business founded?")
            }
        }
        if AgeMatch.admits(bounds, age: age) {
            return result(.companyAge, .pass, code: "companyAge.within", parameters: parameters(actual: age)) {
                let range = ageText(bounds)
                return LocalizedText(de: "\(range.de); Ihres: \(age) Jahre", en: "\(range.en); yours: \(age) years")
            }
        }
        return result(.companyAge, .fail, code: "companyAge.outside", parameters: parameters(actual: age)) {
            let range = ageText(bounds)
            return LocalizedText(de: "\(range.de); Ihres ist \(age) Jahre alt", en: "\(range.en); yours is \(age) years old")
        }
    }

    func schedule(_ offer: Offer, _ facts: ProfileFacts) -> CriterionResult {
        let schedule = offer.schedule
        if schedule.status == .closed {
            return result(.schedule, .fail, code: "schedule.closed") {
                LocalizedText(de: "derzeit geschlossen", en: "currently closed")
            }
        }
        let next = schedule.nextDeadline(after: facts.today)
        if !schedule.deadlines.isEmpty, next == nil {
            return result(.schedule, .fail, code: "schedule.deadlinePassed", parameters: ["deadline": schedule.deadlines.max()!.description]) {
                let last = schedule.deadlines.max()!.description
                return LocalizedText(de: "Frist abgelaufen (\(last))", en: "deadline passed (\(last))")
            }
        }
        if let next {
            return result(.schedule, .pass, code: "schedule.deadline", parameters: ["deadline": next.description]) {
                let day = next.description
                return LocalizedText(de: "Antrag bis \(day)", en: "apply by \(day)")
            }
        }
        if schedule.status == .forthcoming {
            let opens = schedule.opens?.description ?? ""
            return result(.schedule, .pass, code: "schedule.forthcoming", parameters: ["opens": opens]) {
                LocalizedText(de: opens.isEmpty ? "demnächst geöffnet" : "öffnet am \(opens)",
                              en: opens.isEmpty ? "opens soon" : "opens on \(opens)")
            }
        }
        return result(.schedule, .pass, code: "schedule.open") {
            LocalizedText(de: "laufend beantragbar", en: "open for applications")
        }
    }

    // MARK: Wording

    private func codes<Code: VocabularyCode>(_ list: [Code]) -> String { list.map(\.rawValue).joined(separator: ",") }

    /// English taxonomy labels are capitalised as headings ("Company"); inside a sentence
    /// they are common nouns. German nouns keep their capital.
    private func lowercasedEnglish(_ text: LocalizedText) -> LocalizedText {
        LocalizedText(de: text.de, en: Self.listItems(text.en).map { $0.prefix(1).lowercased() + $0.dropFirst() }.joined(separator: ", "))
    }

    /// `text.split(separator: ", ", omittingEmptySubsequences: false)`: over scalars for a text
    /// of single scalars (``SingleScalarText``), where a character match of ", " is a scalar
    /// match. The generic split was about a tenth of a query's explanations.
    static func listItems(_ text: String) -> [Substring] {
        var items: [Substring] = []
        var start = text.startIndex
        var previous: (scalar: UInt32, start: String.Index)?
        let single = SingleScalarText.forEachScalar(in: text) { scalar, index, end in
            if scalar == 0x20, let comma = previous, comma.scalar == 0x2C {
                items.append(text[start..<comma.start])
                start = end
            }
            previous = (scalar, index)
        }
        guard single else { return text.split(separator: ", ", omittingEmptySubsequences: false) }
        items.append(text[start...])
        return items
    }

    /// What the answers say about the applicant's size: one class when it is settled, else the
    /// figures that are known and the classes still possible ("12 employees, turnover and
    /// balance-sheet total unknown: small, medium-sized or large").
    private func ownSize(_ possible: Set<SizeClass>, _ facts: ProfileFacts) -> LocalizedText {
        let ordered = SizeClass.allCases.filter(possible.contains)
        // German: the adjectives share one noun ("kleines oder mittleres Unternehmen").
        let (de, en) = (Self.sizeAdjectivesDE, Self.sizeWordsEN)
        func join(_ words: [String], _ or: String) -> String {
            words.count <= 1 ? (words.first ?? "") : words.dropLast().joined(separator: ", ") + " \(or) " + words.last!
        }
        if ordered.count == 1 {
            return LocalizedText(de: ordered[0] == .micro ? "Sie sind ein Kleinstunternehmen" : "Sie sind ein \(de[ordered[0]]!) Unternehmen",
                                 en: "you are a \(en[ordered[0]]!) enterprise")
        }
        let profile = facts.profile
        var knownDE: [String] = []
        var knownEN: [String] = []
        if let employees = profile.employees {
            knownDE.append("\(employees) Beschäftigte")
            knownEN.append(employees == 1 ? "1 employee" : "\(employees) employees")
        }
        var unknownDE: [String] = profile.employees == nil ? ["Beschäftigtenzahl"] : []
        var unknownEN: [String] = profile.employees == nil ? ["headcount"] : []
        if profile.annualTurnover == nil { unknownDE.append("Umsatz"); unknownEN.append("turnover") }
        if profile.balanceSheetTotal == nil { unknownDE.append("Bilanzsumme"); unknownEN.append("balance-sheet total") }
        if !unknownDE.isEmpty {
            knownDE.append(join(unknownDE, "und") + " unbekannt")
            knownEN.append(join(unknownEN, "and") + " unknown")
        }
        return LocalizedText(de: knownDE.joined(separator: ", ") + ": " + join(ordered.map { de[$0]! }, "oder") + " Unternehmen",
                             en: knownEN.joined(separator: ", ") + ": " + join(ordered.map { en[$0]! }, "or") + " enterprise")
    }

    private func sizeCodes(_ classes: Set<SizeClass>) -> String {
        SizeClass.allCases.filter(classes.contains).map(\.rawValue).joined(separator: ",")
    }

    // The size words, built once (as literals in the functions they were built per call).
    private static let sizeAdjectivesDE: [SizeClass: String] = [.micro: "Kleinst-", .small: "kleines", .medium: "mittleres", .large: "großes"]
    private static let sizeNounsDE: [SizeClass: String] = [.micro: "Kleinstunternehmen", .small: "kleine Unternehmen", .medium: "mittlere Unternehmen", .large: "große Unternehmen"]
    private static let sizeWordsEN: [SizeClass: String] = [.micro: "micro", .small: "small", .medium: "medium-sized", .large: "large"]

    private func sizeLabels(_ classes: Set<SizeClass>) -> LocalizedText {
        let ordered = SizeClass.allCases.filter(classes.contains)
        let (de, en) = (Self.sizeNounsDE, Self.sizeWordsEN)
        func join(_ words: [String], _ and: String) -> String {
            words.count <= 1 ? (words.first ?? "") : words.dropLast().joined(separator: ", ") + " \(and) " + words.last!
        }
        return LocalizedText(de: join(ordered.map { de[$0]! }, "und"), en: join(ordered.map { en[$0]! }, "and") + " enterprises")
    }

    private func ageText(_ bounds: AgeBounds) -> LocalizedText {
        switch (bounds.minYears, bounds.maxYears) {
        case (let min?, let max?) where min > 0:
            LocalizedText(de: "nur für Unternehmen zwischen \(min) und \(max) Jahren", en: "only for businesses \(min) to \(max) years old")
        case (_, let max?):
            LocalizedText(de: "nur für Unternehmen bis \(max) Jahre nach Gründung", en: "only for businesses at most \(max) years old")
        case (let min?, nil):
            LocalizedText(de: "nur für Unternehmen ab \(min) Jahren", en: "only for businesses at least \(min) years old")
        case (nil, nil):
            LocalizedText(de: "ohne Altersgrenze", en: "no age limit")
        }
    }
}

/// The sector rule, shared by the evaluator and the index.
enum SectorMatch {
    static func evaluate(_ rule: SectorRule, sectorAncestors: Set<SectorCode>, sector: SectorCode, taxonomies: Taxonomies) -> Verdict {
        // A rule code inside the applicant's (coarser) code cannot be decided from the answer.
        func isFiner(_ code: SectorCode) -> Bool {
            code != sector && taxonomies.sectorAncestors(of: code).contains(sector)
        }
        if rule.exclude.contains(where: sectorAncestors.contains) { return .fail }
        var verdict = Verdict.pass
        if !rule.include.isEmpty && !rule.include.contains(where: sectorAncestors.contains) {
            verdict = rule.include.contains(where: isFiner) ? .unknown : .fail
        }
        if verdict == .pass, rule.exclude.contains(where: isFiner) { verdict = .unknown }
        return verdict
    }
}

/// The company-age rule, shared by the evaluator and the index.
enum AgeMatch {
    static func admits(_ bounds: AgeBounds, age: Int) -> Bool {
        (bounds.minYears.map { age >= $0 } ?? true) && (bounds.maxYears.map { age <= $0 } ?? true)
    }
}
