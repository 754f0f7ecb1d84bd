/// The meaning checks of a ``Profile``: every answer is one ``AnswerParser`` accepts (codes exist,
/// numbers in range), and the answers do not contradict each other. Unknown codes are errors
/// with a suggestion, never silently dropped: an ignored region would make every regional offer
/// look "unknown" and the applicant would not know why.
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

    /// Every problem, in `language`.
    public func issues(in profile: Profile, language: LanguageCode = .english) -> [ProfileIssue] {
        let parser = AnswerParser(taxonomies: taxonomies, today: today, language: language)
        var issues: [ProfileIssue] = []
        for question in Questionnaire.questions {
            guard let answer = question.answer(in: profile), let error = parser.check(answer, for: question) else { continue }
            issues.append(ProfileIssue(pointer: question.pointer + error.pointerSuffix, message: error.message(language)))
        }
        let failed = Set(issues.map(\.pointer))
        return issues + contradictions(in: profile, skipping: failed).map { pointer, message in
            ProfileIssue(pointer: pointer, message: message.text(language))
        }
    }

    /// Whether answers that are each fine contradict each other (the part of ``issues(in:language:)``
    /// that does not check single answers). The decoder's direct path asks only this: its
    /// answers were each read by ``AnswerParser``, and an answer the parser reads passes the
    /// parser's own `check` (`AnswerParserTests` holds it to that on every vocabulary), so
    /// checking them again found nothing at 1.5 % of a recommendation's server CPU.
    func hasContradictions(in profile: Profile) -> Bool {
        !contradictions(in: profile, skipping: []).isEmpty
    }

    /// Answers that are each fine but do not fit together; answers already refused are left out.
    private func contradictions(in profile: Profile, skipping failed: Set<String>) -> [(String, LocalizedText)] {
        var found: [(String, LocalizedText)] = []
        if let location = profile.location {
            let known = { (code: RegionCode?, pointer: String) in code != nil && !failed.contains(pointer) }
            if known(location.district, "/location/district"), known(location.state, "/location/state"),
               let district = location.district, let state = location.state, !taxonomies.region(district, isWithin: state) {
                let actual = taxonomies.regionAncestors(of: district).dropFirst().first.map(\.rawValue)
                found.append(("/location/district", LocalizedText(
                    de: "Landkreis \(district) liegt nicht in \(state) (\(actual.map { "sondern in \($0)" } ?? "in keinem bekannten Bundesland"))",
                    en: "district \(district) is not in \(state) (it is in \(actual ?? "no known state"))")))
            }
            if known(location.country, "/location/country"), let country = location.country,
               let inner = [location.district, location.state].compactMap({ $0 }).first(where: { taxonomies.regions.contains($0.rawValue) }),
               !taxonomies.region(inner, isWithin: country) {
                found.append(("/location/country", LocalizedText(de: "\(inner) liegt nicht in \(country)", en: "\(inner) is not in \(country)")))
            }
        }
        if let declared = profile.sizeClass,
           profile.employees != nil || profile.annualTurnover != nil || profile.balanceSheetTotal != nil {
            let possible = taxonomies.possibleSizeClasses(
                employees: profile.employees, turnover: profile.annualTurnover, balanceSheet: profile.balanceSheetTotal)
            if !possible.isEmpty, !possible.contains(declared) {
                let names = SizeClass.allCases.filter(possible.contains).map(\.rawValue)
                found.append(("/sizeClass", LocalizedText(
                    de: "angegeben ist \(declared.rawValue), nach den Zahlen ist das Unternehmen aber \(names.joined(separator: " oder ")) (Empfehlung 2003/361/EG)",
                    en: "declared \(declared.rawValue), but the figures given make the enterprise \(names.joined(separator: " or ")) (Recommendation 2003/361/EC)")))
            }
        }
        return found
    }
}
