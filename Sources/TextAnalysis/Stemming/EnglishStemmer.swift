/// Snowball's English stemmer (Porter2, the `english` algorithm of Snowball 2.2), written from
/// the published algorithm description.
///
/// A handful of whole words are exceptions; otherwise y is marked as a consonant where it is one,
/// the regions are found (with `gener`, `commun` and `arsen` as fixed R1 starts), and Steps 1a to
/// 5 take suffixes off. The reference vocabulary test holds it to Snowball's output word for word.
enum EnglishStemmer {
    static func stem(_ word: inout StemmerWord) {
        if applyException1(&word) { return }
        guard word.count >= 3 else { return }
        let yFound = prelude(&word)
        let regions = markRegions(word)
        step1a(&word)
        if !isException2(word) {
            step1b(&word, regions)
            step1c(&word)
            step2(&word, regions)
            step3(&word, regions)
            step4(&word, regions)
            step5(&word, regions)
        }
        if yFound {
            for index in 0..<word.count where word[index] == "Y" { word[index] = "y" }
        }
    }

    // MARK: Letters

    private static func isVowel(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "e", "i", "o", "u", "y": true
        default: false
        }
    }

    /// Letters that do not close a short syllable: vowels, w, x and the consonant Y.
    private static func isVowelWXY(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "e", "i", "o", "u", "y", "w", "x", "Y": true
        default: false
        }
    }

    /// Letters before which -li is an ending.
    private static func isValidLi(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "c", "d", "e", "g", "h", "k", "m", "n", "r", "t": true
        default: false
        }
    }

    /// Whether the word, cut at `end`, ends in a short syllable: non-vowel, vowel, then a
    /// non-vowel other than w, x and Y; or a vowel at the start followed by a non-vowel.
    private static func endsInShortSyllable(_ word: borrowing StemmerWord, at end: Int) -> Bool {
        if end >= 3, !isVowelWXY(word[end - 1]), isVowel(word[end - 2]), !isVowel(word[end - 3]) { return true }
        return end == 2 && !isVowel(word[1]) && isVowel(word[0])
    }

    // MARK: Exceptions

    private static let exceptions1: [(word: [UInt8], stem: [UInt8]?)] = [
        ("skis", "ski"), ("skies", "sky"), ("dying", "die"), ("lying", "lie"), ("tying", "tie"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"), ("only", "onli"),
        ("singly", "singl"),
        ("sky", nil), ("news", nil), ("howe", nil), ("atlas", nil), ("cosmos", nil), ("bias", nil), ("andes", nil),
    ].map { (Array($0.0.utf8), $0.1.map { Array($0.utf8) }) }

    /// Whole words with a fixed stem (or kept as they are); true when the word was one.
    private static func applyException1(_ word: inout StemmerWord) -> Bool {
        guard word.count >= 3, word.count <= 6 else { return false }
        for exception in exceptions1 where word.equals(exception.word) {
            if let stem = exception.stem { word.replaceSuffix(from: 0, with: stem) }
            return true
        }
        return false
    }

    private static let exceptions2: [[UInt8]] = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ].map { Array($0.utf8) }

    /// Words that Step 1a leaves and no later step may touch.
    private static func isException2(_ word: borrowing StemmerWord) -> Bool {
        guard word.count >= 6, word.count <= 7 else { return false }
        return exceptions2.contains { word.equals($0) }
    }

    // MARK: Prelude and regions

    /// Drops a leading apostrophe and marks consonant y (initial, or after a vowel) as Y.
    private static func prelude(_ word: inout StemmerWord) -> Bool {
        if word[0] == "'" { word.removeFirst() }
        var yFound = false
        if word.count > 0, word[0] == "y" {
            word[0] = "Y"
            yFound = true
        }
        guard word.count >= 2 else { return yFound }
        for index in 1..<word.count where word[index] == "y" && isVowel(word[index - 1]) {
            word[index] = "Y"
            yFound = true
        }
        return yFound
    }

    private static let fixedR1Prefixes: [[UInt8]] = ["gener", "commun", "arsen"].map { Array($0.utf8) }

    private static func markRegions(_ word: borrowing StemmerWord) -> StemmerRegions {
        var regions = StemmerRegions(r1: word.count, r2: word.count)
        let r1: Int
        if let prefix = fixedR1Prefixes.first(where: { word.hasPrefix($0) }) {
            r1 = prefix.count
        } else {
            guard let vowel = word.position(after: 0, past: isVowel),
                  let start = word.position(after: vowel, past: { !isVowel($0) })
            else { return regions }
            r1 = start
        }
        regions.r1 = r1
        guard let vowel = word.position(after: r1, past: isVowel),
              let r2 = word.position(after: vowel, past: { !isVowel($0) })
        else { return regions }
        regions.r2 = r2
        return regions
    }

    // MARK: Steps

    private static let apostropheSuffixes = SuffixTable<Void>([("'", ()), ("'s", ()), ("'s'", ())])

    private enum Step1a { case sses, iesIed, s, keep }
    private static let step1aSuffixes = SuffixTable<Step1a>([
        ("sses", .sses), ("ied", .iesIed), ("ies", .iesIed), ("s", .s), ("us", .keep), ("ss", .keep),
    ])

    private static let ss: [UInt8] = Array("ss".utf8)
    private static let i: [UInt8] = Array("i".utf8)
    private static let ie: [UInt8] = Array("ie".utf8)
    private static let ee: [UInt8] = Array("ee".utf8)

    /// Possessives, then plurals: -sses → -ss, -ies/-ied → -i (-ie after one letter), and -s
    /// when a vowel comes before the letter that precedes it.
    private static func step1a(_ word: inout StemmerWord) {
        if let (start, _) = apostropheSuffixes.longestMatch(in: word) { word.truncate(to: start) }
        guard let (start, action) = step1aSuffixes.longestMatch(in: word) else { return }
        switch action {
        case .sses:
            word.replaceSuffix(from: start, with: ss)
        case .iesIed:
            word.replaceSuffix(from: start, with: start >= 2 ? i : ie)
        case .s:
            if start >= 1, word.firstIndex(in: 0..<(start - 1), where: isVowel) != nil { word.truncate(to: start) }
        case .keep:
            break
        }
    }

    private enum Step1b { case eed, ed }
    private static let step1bSuffixes = SuffixTable<Step1b>([
        ("eed", .eed), ("eedly", .eed), ("ed", .ed), ("edly", .ed), ("ing", .ed), ("ingly", .ed),
    ])

    private enum Step1bTail { case addE, undouble }
    private static let step1bTails = SuffixTable<Step1bTail>([
        ("at", .addE), ("bl", .addE), ("iz", .addE),
        ("bb", .undouble), ("dd", .undouble), ("ff", .undouble), ("gg", .undouble), ("mm", .undouble),
        ("nn", .undouble), ("pp", .undouble), ("rr", .undouble), ("tt", .undouble),
    ])

    /// -eed(ly) → -ee in R1; -ed, -edly, -ing, -ingly go after a vowel, and the rest is tidied
    /// (hop → hope, hopp → hop, a short word gains its e back).
    private static func step1b(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        guard let (start, action) = step1bSuffixes.longestMatch(in: word) else { return }
        switch action {
        case .eed:
            if start >= regions.r1 { word.replaceSuffix(from: start, with: ee) }
        case .ed:
            guard word.firstIndex(in: 0..<start, where: isVowel) != nil else { return }
            word.truncate(to: start)
            switch step1bTails.longestMatch(in: word)?.action {
            case .addE:
                word.append("e")
            case .undouble:
                word.truncate(to: word.count - 1)
            case nil:
                if word.count == regions.r1, endsInShortSyllable(word, at: word.count) { word.append("e") }
            }
        }
    }

    /// Final y or Y after a non-vowel that is not the first letter becomes i.
    private static func step1c(_ word: inout StemmerWord) {
        let last = word.count - 1
        guard last >= 2, word[last] == "y" || word[last] == "Y", !isVowel(word[last - 1]) else { return }
        word[last] = "i"
    }

    private enum Replacement: Sendable {
        case with([UInt8])
        case delete
        case ogi
        case li
        case deleteInR2
        case ion
    }

    private static func replacing(_ pairs: [(String, String)]) -> [(String, Replacement)] {
        pairs.map { ($0.0, .with(Array($0.1.utf8))) }
    }

    private static let step2Suffixes = SuffixTable<Replacement>(replacing([
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
        ("izer", "ize"), ("ization", "ize"),
        ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("aliti", "al"), ("alli", "al"),
        ("fulness", "ful"), ("ousli", "ous"), ("ousness", "ous"),
        ("iveness", "ive"), ("iviti", "ive"), ("biliti", "ble"), ("bli", "ble"),
        ("fulli", "ful"), ("lessli", "less"),
    ]) + [("ogi", .ogi), ("li", .li)])

    private static let step3Suffixes = SuffixTable<Replacement>(replacing([
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"),
        ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"),
    ]) + [("ful", .delete), ("ness", .delete), ("ative", .deleteInR2)])

    private static let step4Suffixes = SuffixTable<Replacement>(
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
         "ous", "ive", "ize"].map { ($0, .delete) } + [("ion", .ion)]
    )

    private static let og: [UInt8] = Array("og".utf8)

    /// Replaces or deletes the longest suffix of `table` if it starts in the region (`minimum`).
    private static func apply(_ table: SuffixTable<Replacement>, to word: inout StemmerWord, from minimum: Int, _ regions: StemmerRegions) {
        guard let (start, action) = table.longestMatch(in: word), start >= minimum else { return }
        switch action {
        case .with(let replacement):
            word.replaceSuffix(from: start, with: replacement)
        case .delete:
            word.truncate(to: start)
        case .ogi:
            if start >= 1, word[start - 1] == "l" { word.replaceSuffix(from: start, with: og) }
        case .li:
            if start >= 1, isValidLi(word[start - 1]) { word.truncate(to: start) }
        case .deleteInR2:
            if start >= regions.r2 { word.truncate(to: start) }
        case .ion:
            if start >= 1, word[start - 1] == "s" || word[start - 1] == "t" { word.truncate(to: start) }
        }
    }

    private static func step2(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        apply(step2Suffixes, to: &word, from: regions.r1, regions)
    }

    private static func step3(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        apply(step3Suffixes, to: &word, from: regions.r1, regions)
    }

    private static func step4(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        apply(step4Suffixes, to: &word, from: regions.r2, regions)
    }

    /// Final e in R2, or in R1 unless it follows a short syllable; final ll in R2 loses one l.
    private static func step5(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        let last = word.count - 1
        guard last >= 0 else { return }
        switch word[last] {
        case "e":
            if last >= regions.r2 || (last >= regions.r1 && !endsInShortSyllable(word, at: last)) {
                word.truncate(to: last)
            }
        case "l":
            if last >= regions.r2, last >= 1, word[last - 1] == "l" { word.truncate(to: last) }
        default:
            break
        }
    }
}
