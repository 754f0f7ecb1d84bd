/// The text-analysis pipeline for one language: tokenise, fold case, drop stopwords, stem, and add
/// compound parts.
///
/// ```swift
/// let analyzer = Analyzer(language: .german, compounds: dictionary)
/// analyzer.terms("Zuschuss für die Digitalisierung")  // ["zuschuss", "digitalisier"]
/// ```
///
/// An `Analyzer` is a cheap value and safe to use from any number of tasks at once.
public struct Analyzer: Sendable {
    public let language: AnalysisLanguage
    public let compounds: CompoundDictionary?
    private let stemmer: SnowballStemmer

    public init(language: AnalysisLanguage, compounds: CompoundDictionary? = nil) {
        self.language = language
        self.compounds = compounds
        self.stemmer = SnowballStemmer(language: language)
    }

    /// Stopwords removed, stemmed, compound parts added after their word.
    public func tokens(_ text: String) -> [AnalyzedToken] {
        var none: Stems?
        return tokens(text, cache: &none)
    }

    /// The terms of words already stemmed by one analyzer: ``tokens(_:stems:)`` looks an
    /// alphabetic word up here before stemming it (its language form and stem are a function
    /// of the word alone), so a caller that analyses many texts stems each distinct word once.
    ///
    /// Why: stemming was 5.7 % of a Grants.gov import's CPU (Snowball's suffix tables, per
    /// token), and a catalogue's texts repeat a few thousand words. A lookup costs one hash of
    /// the word. Holds at most ``limit`` words (then starts over), so memory stays bounded
    /// whatever the caller reads. Use one value per analyzer and per thread; the terms do not
    /// depend on what it holds.
    public struct Stems: Sendable {
        /// Distinct words kept before the table starts over (about 100 bytes each).
        public static let limit = 1 << 16
        var terms: [Word: String] = [:]

        public init() {}

        /// A word compared and hashed by its UTF-8 bytes: the stem is a function of the
        /// scalars, and `String` equality (canonical equivalence) could give one word's stem
        /// to another spelling of it. Hashing the bytes also skips `String`'s normalising hash
        /// for non-ASCII words.
        struct Word: Hashable, Sendable {
            let text: String

            static func == (lhs: Word, rhs: Word) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

            func hash(into hasher: inout Hasher) {
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// ``tokens(_:)``, with stems of alphabetic words looked up in and added to `stems` (which
    /// must only ever have been filled by this analyzer or an equal one).
    public func tokens(_ text: String, stems: inout Stems) -> [AnalyzedToken] {
        // Moved into the optional and back, so its storage stays uniquely referenced.
        var cache: Stems? = stems
        stems = Stems()
        defer { stems = cache! }
        return tokens(text, cache: &cache)
    }

    private func tokens(_ text: String, cache stems: inout Stems?) -> [AnalyzedToken] {
        let tokenized = Tokenizer.tokenize(text)
        var output = TokenCollector()
        output.tokens.reserveCapacity(tokenized.tokens.count)
        for raw in tokenized.tokens {
            guard Self.hasTwoScalars(raw.text),
                  !isStopword(raw, inShoutingText: tokenized.isMostlyUppercase)
            else { continue }
            let term: String
            if raw.isAlphabetic, stems != nil {
                if let known = stems!.terms[Stems.Word(text: raw.text)] {
                    term = known
                } else {
                    term = stemTerm(languageForm(raw.text), isAlphabetic: true)
                    if stems!.terms.count >= Stems.limit { stems!.terms.removeAll(keepingCapacity: true) }
                    stems!.terms[Stems.Word(text: raw.text)] = term
                }
            } else {
                term = stemTerm(languageForm(raw.text), isAlphabetic: raw.isAlphabetic)
            }
            output.add(
                term: term,
                position: raw.position,
                surface: raw.surface,
                isCompoundPart: raw.kind == .part
            )
            guard let compounds, raw.kind != .joined, raw.isAlphabetic,
                  mayBeCompound(raw, in: tokenized)
            else { continue }
            for part in compounds.split(folded: languageForm(raw.text)) {
                output.add(
                    term: stemTerm(languageForm(part), isAlphabetic: true),
                    position: raw.position,
                    surface: raw.surface,
                    isCompoundPart: true
                )
            }
        }
        return output.tokens
    }

    /// `tokens(text).map(\.term)`.
    public func terms(_ text: String) -> [String] {
        tokens(text).map(\.term)
    }

    /// The terms of the text's words only, without compound or hyphen parts: a phrase as a term
    /// sequence (what synonym phrases compile to).
    public func phraseTerms(_ text: String) -> [String] {
        tokens(text).filter { !$0.isCompoundPart }.map(\.term)
    }

    /// Folds and stems one word as ``tokens(_:)`` would, without the stopword filter.
    public func stem(_ word: String) -> String {
        let folded = languageForm(Tokenizer.fold(Substring(word)))
        let hasDigits = folded.unicodeScalars.contains(where: CharacterClass.isDigit)
        return stemTerm(folded, isAlphabetic: !hasDigits)
    }

    /// Whether the word (any case) is a number word or a list verb, which a query ignores
    /// although documents keep it (see ``Stopwords/isQueryNoise(_:)``).
    public func isQueryNoise(_ word: String) -> Bool {
        Stopwords.isQueryNoise(Tokenizer.fold(Substring(word)))
    }

    /// Whether the word (any case) is a stopword of this analyzer's language.
    public func isStopword(_ word: String) -> Bool {
        Stopwords.contains(Tokenizer.fold(Substring(word)), language: language)
    }

    // MARK: Steps

    /// At least two Unicode scalars, without counting all of them.
    private static func hasTwoScalars(_ word: String) -> Bool {
        var scalars = word.unicodeScalars.makeIterator()
        return scalars.next() != nil && scalars.next() != nil
    }

    private func isStopword(_ token: RawToken, inShoutingText: Bool) -> Bool {
        if token.isCapitalised && !inShoutingText { return false }  // IT, US, DAS as acronyms
        return Stopwords.contains(token.text, language: language)
    }

    /// German compounds are nouns, and nouns are capitalised: a lowercase word in a normally
    /// written German text is an adjective, participle or verb (`begleitende`, `anzugehen`,
    /// `eingerichtet`) whose "parts" (`ende`, `gehen`, `richtet`) would be noise. Texts typed all
    /// in lowercase or all in capitals carry no such signal, so there every word may be a compound.
    private func mayBeCompound(_ token: RawToken, in text: TokenizedText) -> Bool {
        guard language == .german, text.hasUppercase, !text.isMostlyUppercase else { return true }
        return token.startsUppercase
    }

    /// Language-specific surface normalisation before stemming.
    private func languageForm(_ word: String) -> String {
        switch language {
        case .german: GermanForms.removingFeminineSuffix(word)
        case .english: word
        }
    }

    private func stemTerm(_ word: String, isAlphabetic: Bool) -> String {
        let hasDigits = !isAlphabetic && word.unicodeScalars.contains(where: CharacterClass.isDigit)
        let term = hasDigits ? word : stemmer.stem(word)
        // The German stemmer maps ß to ss itself; do the same everywhere else so terms agree.
        // (0x9F is the second byte of ß in UTF-8: a cheap test before the real one.)
        guard term.utf8.contains(0x9F), term.contains("ß") else { return term }
        return term.replacing("ß", with: "ss")
    }
}

/// Collects tokens, dropping a term already emitted at the same position (a compound part equal
/// to its word's stem, a part found twice).
private struct TokenCollector {
    var tokens: [AnalyzedToken] = []
    private var currentPosition = -1
    private var termsAtPosition: [String] = []

    mutating func add(term: String, position: Int, surface: Substring, isCompoundPart: Bool) {
        if position != currentPosition {
            currentPosition = position
            termsAtPosition.removeAll(keepingCapacity: true)
        }
        guard !term.isEmpty, !termsAtPosition.contains(term) else { return }
        termsAtPosition.append(term)
        tokens.append(AnalyzedToken(term: term, position: position, surface: surface, isCompoundPart: isCompoundPart))
    }
}
