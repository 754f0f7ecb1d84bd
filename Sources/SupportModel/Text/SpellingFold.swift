import Foundation

/// How two spellings a person types are compared: the one rule behind answering a question
/// ("Goerlitz" for "Görlitz"), listing offers by text (`offers --text`, `GET /v1/offers`) and a
/// refusal's "did you mean" hint, so a word that one of them accepts the others accept too.
///
/// The key is lower case with every accent removed and the German spelt-out umlauts read as
/// the plain vowel (Snowball's "German2" convention, as Lucene's German normalisation does):
/// "Görlitz", "Goerlitz" and "Gorlitz" share the key "gorlitz", and "Ärztinnen" contains
/// "arzt", so a singular finds its umlauted plural. "ue" after "q" stays ("Quelle"), and
/// "ß" is "ss". Both sides of every comparison go through this key, so an English "ae"
/// ("aerospace" → "arospace") still finds itself. One pass over the scalars; only a text with
/// a non-ASCII scalar pays for composition.
enum SpellingFold {
    static func key(_ text: String) -> String {
        var lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if lowered.unicodeScalars.contains(where: { !$0.isASCII }) {
            lowered = lowered.precomposedStringWithCanonicalMapping
        }
        var folded = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in lowered.unicodeScalars {
            defer { previous = scalar }
            if scalar == "e", let vowel = previous, vowel == "a" || vowel == "o" || vowel == "u" {
                // The "e" of a spelt-out umlaut: "ae" is "a", but "que" keeps its "e".
                if vowel != "u" || folded.dropLast().last != "q" { continue }
            }
            switch scalar {
            case "ß", "ẞ": folded.append(contentsOf: "ss".unicodeScalars)
            case _ where scalar.isASCII: folded.append(scalar)
            default:
                // Accented letters lose their marks: decompose this one scalar and keep what
                // is not a combining mark ("ä" → "a", "é" → "e").
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                where part.properties.generalCategory != .nonspacingMark {
                    folded.append(part)
                }
            }
        }
        return String(folded)
    }
}
