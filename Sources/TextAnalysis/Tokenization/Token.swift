/// A word as the tokenizer found it, before stopwords, stemming and decompounding.
struct RawToken: Equatable {
    enum Kind: Equatable {
        /// A plain word, e.g. `Förderung`, `KI`, `5G`, `F&E`.
        case word
        /// A hyphenated word with its hyphens removed: `E-Commerce` → `ecommerce`. It is the
        /// main token of its position; its parts follow as ``part``.
        case joined
        /// One part of a hyphenated word: `commerce` in `E-Commerce`.
        case part
    }

    /// Case-folded, NFKC-normalised text (ß kept: the German stemmer wants it).
    var text: String
    /// The slice of the analysed text this token came from.
    var surface: Substring
    /// Word position: the parts of a hyphenated word share their joined form's position.
    var position: Int
    var kind: Kind
    /// Only letters (and combining marks): a word the stemmer and the decompounder may touch.
    /// False for `5g`, `f&e`, `1.050`.
    var isAlphabetic: Bool
    /// Written in capitals, 2 to 5 letters (`IT`, `KMU`, `AND`): in a text that is not shouting,
    /// such a token is an acronym and must survive the stopword filter (`IT` is not `it`).
    var isCapitalised: Bool
    /// Begins with a capital letter: in German, the mark of a noun.
    var startsUppercase: Bool
}

/// The tokens of one text, and whether the text is written mostly in capitals (then capitals
/// say nothing about acronyms).
struct TokenizedText {
    var tokens: [RawToken]
    var isMostlyUppercase: Bool
    /// Any capital letter at all: a text typed all in lowercase says nothing about nouns.
    var hasUppercase: Bool
}
