import Foundation

/// Every spelling a person may answer with for the terms of one vocabulary, worked out once
/// when the vocabulary loads.
///
/// Reading an answer used to fold every term's labels again on every answer, and a list of
/// 10,000 unknown topics cost seconds of CPU. Built once, an answer costs one fold and a few
/// dictionary lookups; only a refusal's "did you mean" hint still walks the terms (edit
/// distance, bounded by ``AnswerParser/maxSuggestionBytes``).
struct TermSpellings: Sendable {
    /// Per term, in vocabulary order: code, German and English label and aliases, folded.
    let labels: [[String]]
    /// Code, label or alias in lower case → the first term with it (``Taxonomy/resolve(_:)``'s rule).
    private let lowercased: [String: Int]
    /// Folded German or English label → the first term with it.
    private let foldedLabels: [String: Int]
    /// Every folded name a term answers to, with the base name before a label's qualifier and
    /// its qualified forms ("dresden", "stadt dresden" for "Dresden, Kreisfreie Stadt") → the
    /// terms with it, in vocabulary order. Regions are answered by these names.
    private let names: [String: [Int]]

    init(_ terms: [Term]) {
        var labels: [[String]] = []
        var lowercased: [String: Int] = [:]
        var foldedLabels: [String: Int] = [:]
        var names: [String: [Int]] = [:]
        labels.reserveCapacity(terms.count)
        for (position, term) in terms.enumerated() {
            let spellings = [term.code, term.de, term.en] + (term.aliases ?? [])
            for spelling in spellings where lowercased[spelling.lowercased()] == nil {
                lowercased[spelling.lowercased()] = position
            }
            let folded = spellings.map(SpellingFold.key)
            labels.append(folded)
            for label in [folded[1], folded[2]] where foldedLabels[label] == nil { foldedLabels[label] = position }
            var own = Set(folded)
            for label in [term.de, term.en] {
                let parts = label.components(separatedBy: ", ")
                guard parts.count == 2 else { continue }
                let (base, qualifier) = (SpellingFold.key(parts[0]), SpellingFold.key(parts[1]))
                own.insert(base)
                if qualifier == "kreisfreie stadt" {
                    for prefix in ["stadt ", "kreisfreie stadt ", "city of "] { own.insert(prefix + base) }
                } else if qualifier == "landkreis" {
                    for prefix in ["landkreis ", "lk ", "kreis "] { own.insert(prefix + base) }
                }
            }
            for name in own { names[name, default: []].append(position) }
        }
        self.labels = labels
        self.lowercased = lowercased
        self.foldedLabels = foldedLabels
        self.names = names
    }

    /// The term a code, label or alias names: case-insensitive first, then by the spelling
    /// key (``SpellingFold``: "Goerlitz" for "Görlitz").
    func term(answering text: String) -> Int? {
        lowercased[text.lowercased()] ?? foldedLabels[SpellingFold.key(text)]
    }

    /// The terms a name answers to (see ``names``), in vocabulary order.
    func terms(named text: String) -> [Int] { names[SpellingFold.key(text)] ?? [] }

}
