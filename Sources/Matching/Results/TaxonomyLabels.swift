import SupportModel

/// A code's words in the reasons and explanations: its taxonomy label, or the code itself when
/// the taxonomy lacks it (a catalogue may use a code our tables do not have yet). One place for
/// the eligibility evaluator's messages and the explainer's notes.
extension Taxonomy {
    /// One code's label: ``labels(_:)`` of one code, without the arrays and joins.
    func label(_ code: String) -> LocalizedText {
        let term = term(code)
        return LocalizedText(de: term?.de ?? code, en: term?.en ?? code)
    }

    /// The codes' labels joined by ", " in each language.
    func labels(_ codes: [String]) -> LocalizedText {
        let terms = codes.map { term($0) }
        return LocalizedText(
            de: zip(codes, terms).map { $1?.de ?? $0 }.joined(separator: ", "),
            en: zip(codes, terms).map { $1?.en ?? $0 }.joined(separator: ", "))
    }
}
