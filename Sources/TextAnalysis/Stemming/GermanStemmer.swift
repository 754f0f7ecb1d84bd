/// Snowball's German stemmer (the `german` algorithm of Snowball 2.2, not `german2`: `ae`, `oe`
/// and `ue` stay as they are), written from the published algorithm description.
///
/// ß becomes ss first; u and y between vowels are protected as U and Y while the regions are
/// found; three steps take suffixes off inside R1 or R2; finally the markers go and ä, ö, ü lose
/// their umlaut. The reference vocabulary test holds it to Snowball's output word for word.
enum GermanStemmer {
    static func stem(_ word: inout StemmerWord) {
        prelude(&word)
        let regions = markRegions(word)
        removeSuffixes(&word, regions)
        postlude(&word)
    }

    // MARK: Letters

    private static func isVowel(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "e", "i", "o", "u", "y", "ä", "ö", "ü": true
        default: false
        }
    }

    /// Letters before which a final -s is an ending.
    private static func isSEnding(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "t": true
        default: false
        }
    }

    /// Letters before which a final -st is an ending (the s-endings less r).
    private static func isStEnding(_ letter: Unicode.Scalar) -> Bool {
        letter != "r" && isSEnding(letter)
    }

    // MARK: Steps

    private static func prelude(_ word: inout StemmerWord) {
        word.expand("ß", into: "s")
        // u or y between vowels is a consonant: mark it so it is not taken for a vowel. One pass
        // left to right is Snowball's repeated search, since a marked letter is no vowel.
        guard word.count >= 3 else { return }
        for index in 1..<(word.count - 1) where isVowel(word[index - 1]) && isVowel(word[index + 1]) {
            switch word[index] {
            case "u": word[index] = "U"
            case "y": word[index] = "Y"
            default: break
            }
        }
    }

    /// R1 starts after the first non-vowel that follows a vowel, but never before the fourth
    /// letter; R2 is the same rule applied again inside R1.
    private static func markRegions(_ word: borrowing StemmerWord) -> StemmerRegions {
        var regions = StemmerRegions(r1: word.count, r2: word.count)
        guard word.count >= 3 else { return regions }
        guard let vowel = word.position(after: 0, past: isVowel),
              let r1 = word.position(after: vowel, past: { !isVowel($0) })
        else { return regions }
        regions.r1 = max(r1, 3)
        guard let vowel2 = word.position(after: r1, past: isVowel),
              let r2 = word.position(after: vowel2, past: { !isVowel($0) })
        else { return regions }
        regions.r2 = r2
        return regions
    }

    private enum Step1 { case delete, deleteThenNis, deleteAfterSEnding }
    private static let step1 = SuffixTable<Step1>([
        ("em", .delete), ("ern", .delete), ("er", .delete),
        ("e", .deleteThenNis), ("en", .deleteThenNis), ("es", .deleteThenNis),
        ("s", .deleteAfterSEnding),
    ])

    private enum Step2 { case delete, deleteAfterStEnding }
    private static let step2 = SuffixTable<Step2>([
        ("en", .delete), ("er", .delete), ("est", .delete),
        ("st", .deleteAfterStEnding),
    ])

    private enum Step3 { case endUng, igIkIsch, lichHeit, keit }
    private static let step3 = SuffixTable<Step3>([
        ("end", .endUng), ("ung", .endUng),
        ("ig", .igIkIsch), ("ik", .igIkIsch), ("isch", .igIkIsch),
        ("lich", .lichHeit), ("heit", .lichHeit),
        ("keit", .keit),
    ])
    private static let afterKeit = SuffixTable<Void>([("lich", ()), ("ig", ())])

    private static let nis: [UInt8] = Array("nis".utf8)
    private static let ig: [UInt8] = Array("ig".utf8)
    private static let er: [UInt8] = Array("er".utf8)
    private static let en: [UInt8] = Array("en".utf8)

    private static func removeSuffixes(_ word: inout StemmerWord, _ regions: StemmerRegions) {
        // Step 1: inflectional endings in R1; -nisse loses its doubled s as well.
        if let (start, action) = step1.longestMatch(in: word), start >= regions.r1 {
            switch action {
            case .delete:
                word.truncate(to: start)
            case .deleteThenNis:
                word.truncate(to: start)
                if word.count >= 4, word[word.count - 1] == "s", word.hasSuffix(nis, endingAt: word.count - 1) {
                    word.truncate(to: word.count - 1)
                }
            case .deleteAfterSEnding:
                if start >= 1, isSEnding(word[start - 1]) { word.truncate(to: start) }
            }
        }
        // Step 2: comparative and verb endings in R1; -st needs three letters before its s-ending.
        if let (start, action) = step2.longestMatch(in: word), start >= regions.r1 {
            switch action {
            case .delete:
                word.truncate(to: start)
            case .deleteAfterStEnding:
                if start >= 4, isStEnding(word[start - 1]) { word.truncate(to: start) }
            }
        }
        // Step 3: derivational suffixes in R2.
        if let (start, action) = step3.longestMatch(in: word), start >= regions.r2 {
            switch action {
            case .endUng:
                word.truncate(to: start)
                let igStart = word.count - 2
                if word.hasSuffix(ig), !(igStart >= 1 && word[igStart - 1] == "e"), igStart >= regions.r2 {
                    word.truncate(to: igStart)
                }
            case .igIkIsch:
                if !(start >= 1 && word[start - 1] == "e") { word.truncate(to: start) }
            case .lichHeit:
                word.truncate(to: start)
                if word.hasSuffix(er) || word.hasSuffix(en), word.count - 2 >= regions.r1 {
                    word.truncate(to: word.count - 2)
                }
            case .keit:
                word.truncate(to: start)
                if let (innerStart, _) = afterKeit.longestMatch(in: word), innerStart >= regions.r2 {
                    word.truncate(to: innerStart)
                }
            }
        }
    }

    private static func postlude(_ word: inout StemmerWord) {
        for index in 0..<word.count {
            switch word[index] {
            case "U", "ü": word[index] = "u"
            case "Y": word[index] = "y"
            case "ä": word[index] = "a"
            case "ö": word[index] = "o"
            default: break
            }
        }
    }
}
