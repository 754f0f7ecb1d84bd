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

    /// Stopwords removed, stemmed, compound parts added after their word, and after a German
    /// suspended word the compound it stands for (``AnalyzedToken/isCompletion``).
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
        for (index, raw) in tokenized.tokens.enumerated() {
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
            if let compounds, let completed = completedSuspension(at: index, in: tokenized, compounds: compounds) {
                output.add(term: stemTerm(completed, isAlphabetic: true), position: raw.position, surface: raw.surface,
                           isCompoundPart: false, isCompletion: true)
            }
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

    /// The compound a German suspended word stands for: in "Energie- und Ressourceneffizienz" the
    /// hyphen after `Energie` says "Energieeffizienz", and in "Forschungs-, Entwicklungs- und
    /// Innovationsvorhaben" `Forschungs` says "Forschungsvorhaben". Programme titles name their
    /// subject this way (369 times in the Förderdatenbank export), so without it a text that says
    /// "Energieeffizienz" reaches "Energie- und Ressourceneffizienz" only through compound parts.
    /// The head is the longest dictionary part that the first full word after a conjunction ends
    /// with (its inflection ending, at most two letters, kept). German only; nil for anything
    /// else. Cost: a look at the scalar after each word; the look-ahead (at most 6 tokens) and one
    /// cached split only after a word that ends in a hyphen.
    private func completedSuspension(at index: Int, in text: TokenizedText, compounds: CompoundDictionary) -> String? {
        let raw = text.tokens[index]
        guard language == .german, raw.kind == .word, raw.isAlphabetic, mayBeCompound(raw, in: text) else { return nil }
        let base = raw.surface.base
        let after = raw.surface.endIndex
        guard after < base.endIndex, let hyphen = base[after...].unicodeScalars.first, CharacterClass.isHyphen(hyphen) else { return nil }
        let next = base.unicodeScalars.index(after: after)
        if next < base.endIndex, let following = base[next...].unicodeScalars.first, CharacterClass.isWordCharacter(following) { return nil }
        var sawConjunction = false
        for candidate in text.tokens[(index + 1)...].prefix(6) {
            if Self.coordinators.contains(candidate.text) { sawConjunction = true; continue }
            if candidate.kind == .word, isSuspended(candidate) { continue }
            guard sawConjunction, candidate.kind == .word, candidate.isAlphabetic, mayBeCompound(candidate, in: text) else { return nil }
            let whole = languageForm(candidate.text)
            var head: Substring?
            for part in compounds.split(folded: whole) where part.unicodeScalars.count >= 3 {
                guard let range = whole.ranges(of: part).last, range.lowerBound > whole.startIndex,
                      whole.distance(from: range.upperBound, to: whole.endIndex) <= 2 else { continue }
                if let longer = head, longer.startIndex <= range.lowerBound { continue }
                head = whole[range.lowerBound...]
            }
            guard let head else { return nil }
            return languageForm(raw.text) + head
        }
        return nil
    }

    /// "und", "oder", "sowie", "bzw." between suspended words and their head word.
    private static let coordinators: Set<String> = ["und", "oder", "sowie", "bzw", "beziehungsweise"]

    /// Ends in a hyphen that does not join it to a following word ("Entwicklungs-" in a list).
    private func isSuspended(_ token: RawToken) -> Bool {
        let base = token.surface.base
        guard token.surface.endIndex < base.endIndex, let scalar = base[token.surface.endIndex...].unicodeScalars.first else { return false }
        return CharacterClass.isHyphen(scalar)
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

    mutating func add(term: String, position: Int, surface: Substring, isCompoundPart: Bool, isCompletion: Bool = false) {
        if position != currentPosition {
            currentPosition = position
            termsAtPosition.removeAll(keepingCapacity: true)
        }
        guard !term.isEmpty, !termsAtPosition.contains(term) else { return }
        termsAtPosition.append(term)
        tokens.append(AnalyzedToken(term: term, position: position, surface: surface, isCompoundPart: isCompoundPart, isCompletion: isCompletion))
    }
}
