import SupportModel

extension OfferIndex {
    /// The unanswered field that bears on the most unknown criteria among `docs`; ties go to
    /// the field asked earlier in the questionnaire. When nothing is unknown, the first
    /// unanswered field that sharpens the ranking.
    ///
    /// `withUnknowns` holds the documents the index found an unknown criterion for; the
    /// others have nothing to settle and are not evaluated. `unknownCriteria` holds the
    /// unknown criteria of documents already evaluated for this request (the results shown,
    /// whose explanations list them), which are not evaluated again: at 100,000 offers the next
    /// question had become 4 × its cost of 8615b23. The others are evaluated without wording
    /// (``EligibilityEvaluator/withoutWording``): their messages were most of that cost.
    func nextQuestion(among docs: [Int], withUnknowns: Bitset, facts: ProfileFacts,
                      declined: Set<ProfileField> = [], unknownCriteria: [Int: [CriterionResult]] = [:]) throws(RecordUnavailable) -> NextQuestion? {
        var tally: [ProfileField: Int] = [:]
        // The records of those not yet evaluated, in one read (one store query on a lazy index).
        let unevaluated = docs.filter { withUnknowns.contains($0) && unknownCriteria[$0] == nil }
        let records = try Dictionary(zip(unevaluated, offers.records(unevaluated)), uniquingKeysWith: { first, _ in first })
        // Only verdicts and missing fields are read here: the evaluator builds no message.
        let verdicts = evaluator.withoutWording
        for doc in docs where withUnknowns.contains(doc) {
            let unknown = unknownCriteria[doc]
                ?? verdicts.evaluate(records[doc]!, facts, derived: derived[doc]).filter { $0.verdict == .unknown }
            for result in unknown where result.verdict == .unknown {
                for field in result.missing where !declined.contains(field) { tally[field, default: 0] += 1 }
            }
        }
        if let (field, settled) = tally.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).first {
            return NextQuestion(
                field: field, question: field.question, settles: settled, among: docs.count,
                message: LocalizedText(
                    de: "\(field.question.de) Das klärt \(settled == 1 ? "einen offenen Punkt" : "\(settled) offene Punkte") bei Ihren \(docs.count == 1 ? "besten Treffer" : "\(docs.count) besten Treffern").",
                    en: "\(field.question.en) This settles \(settled == 1 ? "1 open point" : "\(settled) open points") among your \(docs.count == 1 ? "top result" : "top \(docs.count)")."))
        }
        let profile = facts.profile
        let sharpening: [(ProfileField, Bool)] = [
            (.topics, profile.topics?.isEmpty ?? true),
            (.projectDescription, profile.projectDescription?.isEmpty ?? true),
            (.amountNeeded, profile.amountNeeded == nil),
            (.preferredInstruments, profile.preferredInstruments?.isEmpty ?? true),
        ]
        guard let field = sharpening.first(where: { $0.1 && !declined.contains($0.0) })?.0 else { return nil }
        return NextQuestion(
            field: field, question: field.question, settles: 0, among: docs.count,
            message: LocalizedText(de: "\(field.question.de) Das schärft die Reihenfolge.",
                                   en: "\(field.question.en) This sharpens the ranking."))
    }
}
