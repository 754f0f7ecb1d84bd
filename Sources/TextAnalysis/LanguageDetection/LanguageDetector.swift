/// Tells German from English in short texts (a profile's self-description, a search query), or says
/// it cannot.
///
/// Offers declare their language; free text typed by a user does not, and analysing it with the
/// wrong stemmer loses matches. Evidence, weighted by how much each kind says on short texts:
/// - function words of one language only (`und`, `für` / `the`, `and`): 3 each;
/// - letters only German has (`ä ö ü ß`): 3 per word;
/// - typical endings (`-ung`, `-keit`, `-lich`, `-schaft` / `-ing`, `-ness`, `-ly`): 2 per word;
/// - frequent character trigrams of one language only: 1 each.
/// A language wins with at least 4 points and twice the other's score; otherwise the answer is nil.
public enum LanguageDetector {
    public static func detect(_ text: String) -> AnalysisLanguage? {
        let scores = self.scores(text)
        let german = scores[.german] ?? 0
        let english = scores[.english] ?? 0
        if german >= minimumScore && german >= 2 * english { return .german }
        if english >= minimumScore && english >= 2 * german { return .english }
        return nil
    }

    static let minimumScore = 4

    /// The evidence per language; exposed to tests and for tuning.
    static func scores(_ text: String) -> [AnalysisLanguage: Int] {
        var german = 0
        var english = 0
        for token in Tokenizer.tokenize(text).tokens where token.kind != .joined {
            let word = token.text
            let isGermanStopword = Stopwords.german.contains(word)
            let isEnglishStopword = Stopwords.english.contains(word)
            if isGermanStopword && !isEnglishStopword { german += 3 }
            if isEnglishStopword && !isGermanStopword { english += 3 }
            if isGermanStopword || isEnglishStopword { continue }
            if word.unicodeScalars.contains(where: { "äöüß".unicodeScalars.contains($0) }) { german += 3 }
            if germanEndings.contains(where: word.hasSuffix) { german += 2 }
            if englishEndings.contains(where: word.hasSuffix) { english += 2 }
            guard token.isAlphabetic else { continue }
            let scalars = Array("_\(word)_".unicodeScalars)
            guard scalars.count >= 3 else { continue }
            for start in 0...(scalars.count - 3) {
                let trigram = String(String.UnicodeScalarView(scalars[start..<start + 3]))
                if germanTrigrams.contains(trigram) { german += 1 }
                if englishTrigrams.contains(trigram) { english += 1 }
            }
        }
        return [.german: german, .english: english]
    }

    private static let germanEndings = ["ung", "ungen", "keit", "heit", "lich", "liche", "lichen", "schaft", "isch", "ische", "chen", "igen", "ierung"]
    private static let englishEndings = ["ing", "ings", "ness", "ship", "ly", "ity", "ies", "ed", "ment", "ments"]

    /// Frequent trigrams (`_` marks a word boundary) of each language, minus those both share.
    private static let germanTrigrams: Set<String> = Set(germanTrigramList.split(separator: " ").map(String.init))
        .subtracting(englishTrigramList.split(separator: " ").map(String.init))
    private static let englishTrigrams: Set<String> = Set(englishTrigramList.split(separator: " ").map(String.init))
        .subtracting(germanTrigramList.split(separator: " ").map(String.init))

    private static let germanTrigramList = """
    en_ er_ _de der ein ie_ ich sch die che nd_ und _un den cht ung gen ine _ei ch_ nde ten ver _ve \
    _ge ges ier ige lic ben hen eit _zu zu_ auf _au run chl sch hre rde ehm unt nte ngs ieb ebe uch \
    rei _we wer eru erb ieh ali ier rbe itt _sc _st ste nge ehr ahr eue neu _ne lle ert _fö för örd \
    rde ank erk tsc sst ssu usa zei zie _ka kei ieu gun htu ens
    """
    private static let englishTrigramList = """
    the _th he_ ed_ ing ng_ and _an nd_ _of of_ ion tio on_ _to to_ ent for _fo or_ ati at_ her \
    hat tha _co _wh al_ ly_ ers all ve_ you _yo our ess ons _re st_ as_ ity ty_ _pr pro ect rs_ ts_ \
    nce ove _ai _bu bus usi sin ine ess ss_ _su sup upp ppo por ort rt_ _wi wit ith th_ _ma ake \
    _fu fun ndi din ful _sm sma _he ect ich hic _is is_ _it ies ble abl ght wor
    """
}
