/// Snowball's German and English stemmers, in Swift.
///
/// They used to come from the system's libstemmer (Snowball's C), which a fresh machine does not
/// have; search engines carry their own stemmers for the same reason (Lucene and tantivy their own
/// Snowball ports). These are written from Snowball's published algorithm descriptions, as of
/// Snowball 2.2 (the `german` and `english` algorithms that Debian 12's libstemmer runs), and the
/// reference-vocabulary tests prove them equal to it on every word of Snowball's test data, so
/// terms, and therefore rankings, did not change with the move.
///
/// A stemmer is a plain value with no state between words: its scratch space is a stack buffer
/// per call, so any number of tasks can share one.
struct SnowballStemmer: Sendable {
    let language: AnalysisLanguage

    /// Stems one word. Snowball's algorithms are defined on lowercase input; the caller folds
    /// case. Returns the word itself (no new string) when no rule applies.
    func stem(_ word: String) -> String {
        if word.isEmpty { return word }
        // One scalar per UTF-8 byte is the most a word can have, and stemming grows a word by at
        // most one scalar per ß (two bytes); the extra slot covers English Step 1b's `e`.
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: word.utf8.count + 1) { buffer in
            var letters = StemmerWord(word, storage: buffer)
            switch language {
            case .german: GermanStemmer.stem(&letters)
            case .english: EnglishStemmer.stem(&letters)
            }
            return letters.isChanged ? letters.string() : word
        }
    }
}
