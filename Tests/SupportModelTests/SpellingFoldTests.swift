import BundledCatalog
import Foundation
import Testing
@testable import SupportModel

/// One spelling rule for answers, offer search and hints (``SpellingFold``).
@Suite("Spelling fold")
struct SpellingFoldTests {
    @Test("German spellings without umlauts, accents and ß share a key", arguments: [
        ("Görlitz", "Goerlitz"), ("Görlitz", "GORLITZ"), ("Ärztinnen", "aerztinnen"), ("Straße", "STRASSE"),
        ("Café", "cafe"), ("Müller", "Mueller"), ("Übergabe", "ubergabe"),
        // A decomposed "ö" (o + U+0308) folds like the composed one.
        ("Go\u{308}rlitz", "Görlitz"),
    ])
    func sameKey(_ pair: (String, String)) {
        #expect(SpellingFold.key(pair.0) == SpellingFold.key(pair.1))
    }

    @Test("\"ue\" after \"q\" is not an umlaut", arguments: [("Quelle", "Qulle"), ("Bequem", "Bequm")])
    func differentKey(_ pair: (String, String)) {
        #expect(SpellingFold.key(pair.0) != SpellingFold.key(pair.1))
    }

    @Test("A singular finds its umlauted plural, in either spelling")
    func pluralWithUmlaut() {
        #expect(SpellingFold.key("Ärztinnen und Ärzte").contains(SpellingFold.key("Arzt")))
        #expect(SpellingFold.key("Aerztinnen").contains(SpellingFold.key("Arzt")))
    }

    /// Folding must never make two terms of a bundled vocabulary answer to the same label when
    /// their labels differ: an answer would then silently pick the first of them.
    @Test("No two terms of a bundled vocabulary share a folded label that their spelling tells apart")
    func noNewCollisions() {
        let taxonomies = BundledCatalog.taxonomies
        for taxonomy in [taxonomies.topics, taxonomies.applicantTypes, taxonomies.instruments, taxonomies.regions,
                         taxonomies.sectors, taxonomies.sizeClasses, taxonomies.providerLevels, taxonomies.statuses] {
            var byKey: [String: Set<String>] = [:]
            for term in taxonomy.terms {
                for label in [term.de, term.en] { byKey[SpellingFold.key(label), default: []].insert(label.lowercased()) }
            }
            let merged = byKey.filter { $0.value.count > 1 }
            #expect(merged.isEmpty, "\(taxonomy.name): \(merged)")
        }
    }

    /// The fast key must be the reference key, byte for byte: every scalar below U+3000 alone,
    /// between an umlaut's vowel and its "e", after "q", framed by spaces of every kind, before
    /// and after combining marks (composition) and after a Greek sigma (lower case in context).
    @Test("The key equals the reference key for every scalar below U+3000 in every position that matters")
    func fastEqualsReferenceOnScalars() {
        var mismatches: [String] = []
        for value in 0..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let s = String(scalar)
            for text in [s, "a\(s)e", "q\(s)ue", "qu\(s)e", "\(s)Übergabe\(s)", " \(s) ", "\t\(s)", "Go\u{308}\(s)e", "\u{A0}x\(s)",
                         "o\(s)\u{308}e", "ΑΣ\(s)", "\(s)\u{301}", "\u{2013}\(s)\u{327}"]
            where SpellingFold.key(text) != SpellingFold.referenceKey(text) {
                mismatches.append("U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test("The key equals the reference key on every text of the bundled catalogue")
    func fastEqualsReferenceOnCatalogue() throws {
        var texts = 0
        for url in try BundledCatalog.offerFiles() where url.pathExtension == "json" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let line = String(line)
                #expect(SpellingFold.key(line) == SpellingFold.referenceKey(line), "\(line)")
                texts += 1
            }
            #expect(SpellingFold.key(text) == SpellingFold.referenceKey(text), "\(url.lastPathComponent)")
        }
        #expect(texts > 1000)
    }
}

/// `AnswerParser.trimmed` skips Foundation's trimming for answers that start and end with a
/// visible ASCII character; it must trim exactly as `trimmingCharacters(in: .whitespacesAndNewlines)`.
@Suite("answer trimming")
struct AnswerTrimmingTests {
    @Test("the shortcut trims exactly as Foundation does")
    func sameAsFoundation() {
        let ends = ["", " ", "\t", "\n", "\r\n", "\u{A0}", "\u{2028}", "\u{3000}", "\u{FEFF}", "\u{200B}", "\u{85}", "\u{7F}", "\u{1}",
                    "a", "Z", "0", "!", "~", "ü", "́", "€", "😀", "a ", " a"]
        var compared = 0
        for first in ends {
            for middle in ["", "x", "Sachsen", " 1,5 Mio ", "\u{A0}"] {
                for last in ends {
                    let text = first + middle + last
                    #expect(AnswerParser.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
                    compared += 1
                }
            }
        }
        #expect(compared == ends.count * ends.count * 5)
    }
}
