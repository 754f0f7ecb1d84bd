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
    /// The key, written as UTF-8 bytes. Equal, byte for byte, to ``referenceKey(_:)`` (a test
    /// compares them on every text of the real catalogues and on every scalar below U+3000);
    /// it skips the costly Foundation steps where they cannot change anything: a snapshot folds
    /// every offer's text when it is published, and the reference form was 70 % of `serve`'s
    /// start once the index was mapped (issue 16).
    static func key(_ text: String) -> String {
        // Trimming: only when the text starts or ends with something `.whitespaces` may hold.
        let trimmed: String
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            trimmed = text
        } else {
            trimmed = text.trimmingCharacters(in: .whitespaces)
        }
        // Lower case scalar by scalar, as `String.lowercased()` does (ASCII inline, the rest
        // from each scalar's lowercase mapping).
        var lowered: [Unicode.Scalar] = []
        lowered.reserveCapacity(trimmed.utf8.count)
        var needsComposition = false
        for scalar in trimmed.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                lowered.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
                continue
            }
            for part in scalar.properties.lowercaseMapping.unicodeScalars {
                lowered.append(part)
                needsComposition = needsComposition || !Self.isComposed(part)
            }
        }
        // Canonical composition changes nothing in a text made only of scalars that neither
        // compose with a neighbour nor decompose alone; the rare rest takes the reference path.
        if needsComposition {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: lowered)
            return fold(String(view).precomposedStringWithCanonicalMapping.unicodeScalars)
        }
        return fold(lowered)
    }

    /// Whether canonical composition leaves `scalar` as it is whatever surrounds it: every
    /// scalar below U+0300 (none of them composes with another or has a singleton
    /// decomposition), and the general punctuation and currency signs catalogues are full of
    /// (typographic quotes and dashes, U+2002–U+206F, U+20A0–U+20BF).
    @inline(__always)
    private static func isComposed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x300 || (value >= 0x2002 && value <= 0x206F) || (value >= 0x20A0 && value <= 0x20BF)
    }

    /// Folds lower-case, composed scalars into the key's UTF-8 bytes.
    private static func fold(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var folded: [UInt8] = []
        folded.reserveCapacity(scalars.underestimatedCount)
        var previous: Unicode.Scalar?
        for scalar in scalars {
            defer { previous = scalar }
            if scalar == "e", let vowel = previous, vowel == "a" || vowel == "o" || vowel == "u" {
                // The "e" of a spelt-out umlaut: "ae" is "a", but "que" keeps its "e". The vowel
                // is the last byte written, so the scalar before it ends at the byte before.
                if vowel != "u" || folded.count < 2 || folded[folded.count - 2] != UInt8(ascii: "q") { continue }
            }
            if scalar.isASCII {
                folded.append(UInt8(scalar.value))
            } else if scalar.value < 0x300 {
                folded += latinFolds[Int(scalar.value) - 0x80]
            } else {
                folded += fold(scalar)
            }
        }
        return String(decoding: folded, as: UTF8.self)
    }

    /// ``fold(_:)`` of every scalar from U+0080 to U+02FF (Latin-1, Latin Extended A and B, IPA,
    /// spacing modifiers), worked out once.
    private static let latinFolds: [[UInt8]] = (0x80..<0x300).map { value in
        Unicode.Scalar(value).map(fold) ?? []
    }

    /// One non-ASCII scalar: "ß" and "ẞ" are "ss"; an accented letter loses its marks (decompose
    /// it and keep what is not a combining mark: "ä" → "a", "é" → "e").
    private static func fold(_ scalar: Unicode.Scalar) -> [UInt8] {
        if scalar == "ß" || scalar == "ẞ" { return Array("ss".utf8) }
        var bytes: [UInt8] = []
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        where part.properties.generalCategory != .nonspacingMark {
            bytes += String(part).utf8
        }
        return bytes
    }

    /// The key as first written, scalar by scalar through Foundation: the definition
    /// ``key(_:)`` is tested against.
    static func referenceKey(_ text: String) -> String {
        var lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if lowered.unicodeScalars.contains(where: { !$0.isASCII }) {
            lowered = lowered.precomposedStringWithCanonicalMapping
        }
        var folded = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in lowered.unicodeScalars {
            defer { previous = scalar }
            if scalar == "e", let vowel = previous, vowel == "a" || vowel == "o" || vowel == "u" {
                if vowel != "u" || folded.dropLast().last != "q" { continue }
            }
            switch scalar {
            case "ß", "ẞ": folded.append(contentsOf: "ss".unicodeScalars)
            case _ where scalar.isASCII: folded.append(scalar)
            default:
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                where part.properties.generalCategory != .nonspacingMark {
                    folded.append(part)
                }
            }
        }
        return String(folded)
    }
}
