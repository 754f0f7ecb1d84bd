import Foundation

/// Splits text into words: runs of letters and digits, with a few joiners that belong inside a word.
///
/// Rules, chosen for German and English funding texts:
/// - Hyphens between word characters make a compound (`E-Commerce`, `Start-up`, `KMU-Förderung`):
///   it is emitted joined (`ecommerce`) plus its parts, all at one position, so a query for either
///   `E-Commerce`, `ECommerce` or `Commerce` finds it. Hyphens between two digits (`2021-2027`) split.
/// - `&` between letters stays inside the word (`F&E`, `R&D`): splitting it would leave only
///   single letters.
/// - `.` and `,` between digits stay inside (`1.050`, `2,5`).
/// - Apostrophes between letters stay (English `company's` is the stemmer's business).
/// - German gender marks before a final `in`/`innen` (`Gründer*innen`, `Assistent:in`,
///   `Gründer_innen`) are dropped with the suffix: `gründer`, `assistent`.
/// - Soft hyphens and zero-width characters inside words are removed.
/// Everything else separates words. Folding: NFKC (ligatures, full-width forms, superscripts)
/// and lowercasing; `ß` is kept for the German stemmer, which maps it to `ss` itself.
enum Tokenizer {
    /// Longest word part analysed, in scalars; longer parts are cut to their first this many.
    /// Folding, stemming and decompounding cost grows faster than linearly with a word's
    /// length, and one `x` with 100,000 combining marks is one "word": uncapped, it cost seconds
    /// per request. The longest German compounds in use are about 60 letters.
    static let maxWordScalars = 128
    /// Most hyphenated parts in one word (`a-b-c-…`); a longer chain is cut into words of this
    /// many parts, so the joined form stays bounded too.
    static let maxWordParts = 8

    static func tokenize(_ text: String) -> TokenizedText {
        var scanner = Scanner(text: text)
        scanner.run()
        let letters = scanner.uppercaseLetters + scanner.lowercaseLetters
        return TokenizedText(
            tokens: scanner.tokens,
            isMostlyUppercase: letters > 0 && scanner.uppercaseLetters * 2 > letters,
            hasUppercase: scanner.uppercaseLetters > 0
        )
    }

    /// Folds one word the way the tokenizer folds its tokens: removes soft hyphens and a gender
    /// mark with what follows it, applies NFKC and lowercases.
    static func fold(_ word: Substring) -> String {
        var isASCII = true
        var needsCleaning = false
        for scalar in word.unicodeScalars {
            if !scalar.isASCII { isASCII = false }
            if CharacterClass.isIgnorable(scalar) || CharacterClass.isGenderMark(scalar) || scalar == "\u{2019}" {
                needsCleaning = true
            }
        }
        if isASCII && !needsCleaning { return word.lowercased() }
        var cleaned = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            // The tokenizer glues a gender mark only before a final `in`/`innen`: drop both,
            // `Assistent:in` is `Assistent`.
            if CharacterClass.isGenderMark(scalar) { break }
            if CharacterClass.isIgnorable(scalar) { continue }
            cleaned.append(scalar == "\u{2019}" ? "'" : scalar)
        }
        let string = String(cleaned)
        let needsNormalization = string.unicodeScalars.contains(where: CharacterClass.mayChangeUnderNFKC)
        return (needsNormalization ? string.precomposedStringWithCompatibilityMapping : string).lowercased()
    }
}

/// Character classes on Unicode scalars; ASCII takes a fast path.
enum CharacterClass {
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        if value >= 0xC0 && value <= 0xFF { return value != 0xD7 && value != 0xF7 }  // Latin-1 letters, not × ÷
        if isIgnorable(scalar) { return false }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        if value >= 0xC0 && value <= 0xFF { return value <= 0xDE && value != 0xD7 }  // À…Þ; ß and à…ÿ are lowercase
        return scalar.properties.isUppercase
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        isWordCharacter(scalar) && !isDigit(scalar)
    }

    /// Invisible characters that may sit inside a word: soft hyphen, zero-width space/joiners, word joiner.
    static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: false
        }
    }

    /// Hyphen, non-breaking hyphen, figure dash, en dash (used as a hyphen in `Bund–Länder`).
    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010, 0x2011, 0x2012, 0x2013: true
        default: false
        }
    }

    static func isGenderMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2A, 0x3A, 0x5F, 0xB7: true  // * : _ ·
        default: false
        }
    }

    /// False for scalars NFKC leaves alone: ASCII and the precomposed Latin letters of Latin-1 and
    /// Latin Extended-A/B (all of German), except the few with compatibility mappings (`ĳ`, `ſ`, `ǆ`).
    /// Normalising costs more than the rest of tokenising a word, so it runs only when it may matter.
    static func mayChangeUnderNFKC(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80: false
        case 0xC0...0xFF: false
        case 0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F: true
        case 0x100...0x1C3: false
        case 0x1C4...0x1CC, 0x1F1...0x1F3: true
        case 0x1CD...0x24F: false
        default: true
        }
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }
}

/// One pass over the text's scalars.
///
/// The text is decoded once into an array of scalars with their UTF-8 offsets, and the scan
/// works on integer positions: walking `String.UnicodeScalarView` indices and re-reading each
/// word's scalars cost most of an index build. A token's surface is still a slice of the text.
private struct Scanner {
    let text: String
    /// The text's scalars, and the UTF-8 offset of each (`offsets[scalars.count]` is the length).
    private var scalars: [Unicode.Scalar] = []
    private var offsets: [Int] = []
    var tokens: [RawToken] = []
    var uppercaseLetters = 0
    var lowercaseLetters = 0
    private var position = 0

    init(text: String) {
        self.text = text
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(text.utf8.count)
        offsets.reserveCapacity(text.utf8.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
    }

    mutating func run() {
        var index = 0
        let end = scalars.count
        while index < end {
            guard CharacterClass.isWordCharacter(scalars[index]) else {
                index += 1
                continue
            }
            index = scanWord(from: index)
        }
    }

    /// Scans one word (with its joiners) starting at a word character; returns where it ended.
    private mutating func scanWord(from start: Int) -> Int {
        let end = scalars.count
        var parts: [Range<Int>] = []
        var partStart = start
        var current = start
        while true {
            while current < end {
                let scalar = scalars[current]
                if CharacterClass.isWordCharacter(scalar) {
                    countCase(scalar)
                } else if !CharacterClass.isIgnorable(scalar) {
                    break
                }
                current += 1
            }
            guard current < end, current > start else { break }
            let next = current + 1
            guard next < end, CharacterClass.isWordCharacter(scalars[next]) else { break }
            let joiner = scalars[current]
            let before = scalars[current - 1]
            let after = scalars[next]
            if CharacterClass.isHyphen(joiner) {
                if CharacterClass.isDigit(before) && CharacterClass.isDigit(after) { break }
                if parts.count + 1 >= Tokenizer.maxWordParts { break }
                parts.append(partStart..<current)
                partStart = next
                current = next
                continue
            }
            let glues: Bool
            if joiner == "&" || CharacterClass.isApostrophe(joiner) {
                glues = CharacterClass.isLetter(before) && CharacterClass.isLetter(after)
            } else if joiner == "." || joiner == "," {
                glues = CharacterClass.isDigit(before) && CharacterClass.isDigit(after)
            } else if CharacterClass.isGenderMark(joiner) {
                glues = CharacterClass.isLetter(before) && startsFeminineSuffix(at: next)
            } else {
                glues = false
            }
            guard glues else { break }
            current = next
        }
        if parts.isEmpty {
            // Nearly every word: one part, no array to allocate.
            tokens.append(makeToken(Self.capped(partStart..<current), kind: .word))
            position += 1
        } else {
            parts.append(partStart..<current)
            emit(parts)
        }
        return current
    }

    /// The part cut to ``Tokenizer/maxWordScalars`` scalars, so that analysing it costs a bounded time.
    private static func capped(_ range: Range<Int>) -> Range<Int> {
        range.count > Tokenizer.maxWordScalars ? range.lowerBound..<range.lowerBound + Tokenizer.maxWordScalars : range
    }

    /// `in` or `innen` followed by a non-letter: the feminine suffix after a gender mark.
    private func startsFeminineSuffix(at index: Int) -> Bool {
        var index = index
        var letters = String.UnicodeScalarView()
        while index < scalars.count, CharacterClass.isLetter(scalars[index]), letters.count <= 5 {
            letters.append(scalars[index])
            index += 1
        }
        let suffix = String(letters).lowercased()
        return suffix == "in" || suffix == "innen"
    }

    private mutating func countCase(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { uppercaseLetters += 1 } else if value >= 0x61 && value <= 0x7A { lowercaseLetters += 1 }
            return
        }
        if CharacterClass.isUppercase(scalar) {
            uppercaseLetters += 1
        } else if (value >= 0xDF && value <= 0xFF) || scalar.properties.isLowercase {
            lowercaseLetters += 1
        }
    }

    /// The text between two scalar positions.
    private func slice(_ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: offsets[range.lowerBound])
        let to = utf8.index(from, offsetBy: offsets[range.upperBound] - offsets[range.lowerBound])
        return text[from..<to]
    }

    /// A hyphenated word: its joined form, then its parts, all at one position.
    private mutating func emit(_ parts: [Range<Int>]) {
        defer { position += 1 }
        let partTokens = parts.map { makeToken(Self.capped($0), kind: .part) }
        let whole = parts[0].lowerBound..<parts[parts.count - 1].upperBound
        tokens.append(RawToken(
            text: partTokens.map(\.text).joined(),
            surface: slice(whole),
            position: position,
            kind: .joined,
            isAlphabetic: partTokens.allSatisfy(\.isAlphabetic),
            isCapitalised: partTokens.allSatisfy(\.isCapitalised),
            startsUppercase: partTokens[0].startsUppercase
        ))
        tokens.append(contentsOf: partTokens)
    }

    private func makeToken(_ range: Range<Int>, kind: RawToken.Kind) -> RawToken {
        let surface = slice(range)
        var isAlphabetic = true
        var isPlainLatin1 = true
        var hasDigit = false
        var onlyWordLike = true
        var letters = 0
        var capitals = 0
        let startsUppercase = range.isEmpty ? false : CharacterClass.isUppercase(scalars[range.lowerBound])
        for index in range {
            let scalar = scalars[index]
            let isDigit = CharacterClass.isDigit(scalar)
            let isWord = CharacterClass.isWordCharacter(scalar)
            let isIgnorable = CharacterClass.isIgnorable(scalar)
            if isDigit || !isWord && !isIgnorable {
                isAlphabetic = false
            }
            if isDigit { hasDigit = true }
            if !isWord && !isIgnorable && !CharacterClass.isGenderMark(scalar) { onlyWordLike = false }
            if isWord && !isDigit {
                letters += 1
                if CharacterClass.isUppercase(scalar) { capitals += 1 }
            }
            // Letters and digits of ASCII and Latin-1 fold by lowercasing alone: NFKC leaves
            // them as they are, and no ignorable or gender mark needs removing (see `Tokenizer.fold`).
            if !isWord || (scalar.value >= 0x80 && scalar.value < 0xC0) || scalar.value > 0xFF { isPlainLatin1 = false }
        }
        // Gender marks were glued in; they are not letters but do not make the word non-alphabetic.
        if !isAlphabetic, onlyWordLike {
            isAlphabetic = !hasDigit
        }
        return RawToken(
            text: isPlainLatin1 ? Self.latin1Lowercased(scalars[range]) : Tokenizer.fold(surface),
            surface: surface,
            position: position,
            kind: kind,
            isAlphabetic: isAlphabetic,
            isCapitalised: letters >= 2 && letters <= 5 && capitals == letters,
            startsUppercase: startsUppercase
        )
    }

    /// Letters and digits of ASCII and Latin-1 (no `×`, `÷`), lowercased and encoded as UTF-8:
    /// what `Tokenizer.fold` returns for such a word, without its general Unicode path.
    private static func latin1Lowercased(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 2) { buffer in
            var count = 0
            for scalar in scalars {
                var value = scalar.value
                // A–Z and À–Þ have their lowercase letter 0x20 above (× is not a word character).
                if (value >= 0x41 && value <= 0x5A) || (value >= 0xC0 && value <= 0xDE) { value |= 0x20 }
                if value < 0x80 {
                    buffer[count] = UInt8(value)
                    count += 1
                } else {
                    buffer[count] = UInt8(0xC0 | (value >> 6))
                    buffer[count + 1] = UInt8(0x80 | (value & 0x3F))
                    count += 2
                }
            }
            return count
        }
    }
}
