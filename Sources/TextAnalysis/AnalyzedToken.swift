/// One term the analyzer produced, with where it came from.
public struct AnalyzedToken: Sendable, Hashable {
    /// Normalised and stemmed: what indexes and queries compare (`förderprogramme` → `forderprogramm`).
    public var term: String
    /// Word position in the text, counting stopwords too, so adjacency survives stopword removal.
    /// Parts of a hyphenated word and dictionary parts of a compound share the word's position.
    public var position: Int
    /// The slice of the original text that produced the token, for explanations. For a hyphen part
    /// it is the part (`Commerce`); for a dictionary part of a compound it is the whole compound
    /// (`Digitalisierungszuschuss`), because the part's boundaries inside it are not exact after
    /// linking elements are dropped.
    ///
    /// A slice, not a copy: its indices locate the token in the analysed text (the explainer
    /// highlights by them), and a query analyses every word of every snippet sentence, so a
    /// string allocation per token would be most of the cost of a short word.
    public var surface: Substring
    /// True for the extra tokens found inside a word (hyphen parts, dictionary parts): a matcher may
    /// weight them below the word itself.
    public var isCompoundPart: Bool
    /// True for the compound a suspended word stands for (`Energieeffizienz` at `Energie-` in
    /// "Energie- und Ressourceneffizienz"): a reading of words the text has, not a word of its
    /// own, so an index does not count it in the text's length.
    public var isCompletion: Bool

    public init(term: String, position: Int, surface: Substring, isCompoundPart: Bool, isCompletion: Bool = false) {
        self.term = term
        self.position = position
        self.surface = surface
        self.isCompoundPart = isCompoundPart
        self.isCompletion = isCompletion
    }
}
