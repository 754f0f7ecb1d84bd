/// Function words that carry no meaning for matching.
///
/// The lists start from Snowball's German and English stop lists and add what funding texts are
/// full of without it telling one offer from another (`bzw`, `sowie`, `insbesondere`, `etc`).
/// They are compared with the case-folded, unstemmed word, so both `dass` and the old `daß` are listed.
/// Words that matter for funding (`kein`, `nicht` excepted) stay out: `förderung` is frequent but
/// must rank, so it is the scorer's job (IDF), not a stopword.
enum Stopwords {
    static func contains(_ word: String, language: AnalysisLanguage) -> Bool {
        // Most words are longer than any stopword; hashing a non-ASCII string normalises it
        // first, so the length test saves most of the cost of a lookup.
        guard word.utf8.count <= longestStopword else { return false }
        return switch language {
        case .german: german.contains(word)
        case .english: english.contains(word)
        }
    }

    /// A word that is a stopword in any supported language; the compound dictionary leaves these out.
    static func containsInAnyLanguage(_ word: String) -> Bool {
        german.contains(word) || english.contains(word)
    }

    /// Words a project description uses that never say which programme fits: number words
    /// ("Schulung von zwei Entwicklern") and verbs that only link a list ("Dazu gehören …").
    /// Dropped from queries only: documents keep them, so their analysis and the compound
    /// dictionary built from them do not change.
    static func isQueryNoise(_ word: String) -> Bool {
        guard word.utf8.count <= longestQueryNoise else { return false }
        return queryNoise.contains(word)
    }

    static let queryNoise: Set<String> = words("""
        eins zwei zweier zweien drei dreier vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig
        hundert tausend beide beiden beider gehören gehört gehörte gehörten umfassen umfasst beinhalten beinhaltet
        one two three four five six seven eight nine ten eleven twelve twenty hundred thousand both
        """)
    static let longestQueryNoise = queryNoise.map(\.utf8.count).max() ?? 0

    static let german: Set<String> = words(GermanStopwords.list)
    static let english: Set<String> = words(EnglishStopwords.list)
    /// The length in UTF-8 bytes of the longest stopword of any language.
    static let longestStopword = german.union(english).map(\.utf8.count).max() ?? 0

    private static func words(_ list: String) -> Set<String> {
        Set(list.split(whereSeparator: \.isWhitespace).map(String.init))
    }
}
