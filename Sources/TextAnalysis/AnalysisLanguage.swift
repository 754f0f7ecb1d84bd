/// The languages the analysis pipeline knows: each has a Snowball stemmer and a stopword list.
///
/// The raw values are ISO 639-1 codes, the same codes an offer uses to declare its language.
public enum AnalysisLanguage: String, Sendable, CaseIterable {
    case german = "de"
    case english = "en"

    /// Snowball's name for the language's stemming algorithm (also the folder of its reference
    /// vocabulary in Debian's `snowball-data`).
    var snowballAlgorithm: String {
        switch self {
        case .german: "german"
        case .english: "english"
        }
    }
}
