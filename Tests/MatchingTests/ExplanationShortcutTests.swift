import BundledCatalog
import Foundation
@testable import Matching
import SupportModel
import Testing

/// The explanation's shortcuts (session 9) give what their plain definitions give.
@Suite struct ExplanationShortcuts {
    /// Without wording the evaluator gives the same criteria, verdicts, codes and missing
    /// fields, with no message and no parameters: every offer of the bundled catalogue against
    /// every profile of the evaluator-agreement variants (present, absent and coarse answers).
    @Test func evaluationWithoutWordingHasTheSameVerdicts() throws {
        let index = Catalogue.index
        let offers = try index.offers.all()
        let worded = index.evaluator
        let bare = worded.withoutWording
        #expect(worded.wording && !bare.wording)
        var compared = 0
        for profile in IndexAgreesWithEvaluator.variants {
            let facts = ProfileFacts(profile: profile, taxonomies: index.taxonomies, today: Catalogue.today)
            for offer in offers {
                let doc = index.positions[offer.id]!
                let full = worded.evaluate(offer, facts, derived: index.derived[doc])
                let verdicts = bare.evaluate(offer, facts, derived: index.derived[doc])
                #expect(full.map(\.criterion) == verdicts.map(\.criterion))
                #expect(full.map(\.verdict) == verdicts.map(\.verdict), "\(offer.id)")
                #expect(full.map(\.code) == verdicts.map(\.code), "\(offer.id)")
                #expect(full.map(\.missing) == verdicts.map(\.missing), "\(offer.id)")
                #expect(verdicts.allSatisfy { $0.message.de.isEmpty && $0.message.en.isEmpty && $0.parameters.isEmpty })
                #expect(full.allSatisfy { !$0.message.de.isEmpty && !$0.message.en.isEmpty })
                compared += full.count
            }
        }
        #expect(compared > 1000)
    }

    /// The snippet built on a sentence's bytes is the one built by characters, for every
    /// sentence of the bundled catalogue (and hostile ones) with words marked as the index
    /// hands them over: first, last, a middle one, several, a repeated one, one beyond the
    /// sentence, an empty one and one off a scalar boundary (these two take the character path).
    @Test func byteSnippetEqualsCharacterSnippet() {
        var onBytes = 0, cut = 0
        let texts = Catalogue.offers.flatMap { [$0.title, $0.summary, $0.description] } + [
            String(repeating: "Wort – „Förderung“ für Wort und Förderung. ", count: 12),
            "Café und Cafe\u{301} – mit combining mark", "Zeile\r\nzwei", "🚀 Start-up für Start-up-Gründer",
            "E-Commerce und Commerce, Commerce-Plattform; commerce",
        ]
        for text in texts {
            SnippetSentences.split(text) { sentence in
                let string = String(sentence)
                let utf8 = string.utf8
                func word(_ slice: Substring) -> (offset: Int, length: Int) {
                    (utf8.distance(from: utf8.startIndex, to: slice.startIndex), slice.utf8.count)
                }
                let words = string.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(word)
                guard let first = words.first, let last = words.last else { return true }
                let middle = words[words.count / 2]
                var markings: [[(offset: Int, length: Int)]] = [
                    [], [first], [last], [middle], [first, middle, last], [middle, first], words,
                    [first, (utf8.count, 3)], [(first.offset, 0)],
                ]
                if first.length > 1 { markings.append([(first.offset, first.length - 1)]) }
                if let wide = string.unicodeScalars.firstIndex(where: { $0.value >= 0x80 }) {
                    // One byte into a scalar of two or more bytes.
                    markings.append([(utf8.distance(from: utf8.startIndex, to: wide) + 1, 1)])
                }
                for marked in markings {
                    let fast = Explainer.snippet(of: sentence, words: marked)
                    #expect(fast == Explainer.characterSnippet(of: string, words: marked), "\(string) \(marked)")
                    if fast.fragment.hasSuffix("…") { cut += 1 }
                    onBytes += 1
                }
                return true
            }
        }
        #expect(onBytes > 1000 && cut > 50)
    }

    /// The region fit that walks an area's chain only when the client's chain does not hold the
    /// area is the fit of both chains, for every pair of regions of the bundled vocabulary.
    @Test func areaFitWithoutItsChainEqualsFitOfChains() {
        let taxonomies = Catalogue.taxonomies
        let codes = taxonomies.regions.codes.map { RegionCode($0) }
        var admits = 0
        for region in codes {
            let regionChain = taxonomies.regionAncestors(of: region)
            for area in codes {
                let fit = taxonomies.fit(ofArea: area, regionChain: regionChain)
                #expect(fit == Taxonomies.fit(areaChain: taxonomies.regionAncestors(of: area), regionChain: regionChain), "\(area) \(region)")
                if fit == .admits { admits += 1 }
            }
        }
        #expect(codes.count > 20 && admits > codes.count)
    }

    /// The reason's parts are joined by " · ", the first without, as joining them did.
    @Test func reasonLineJoinsItsParts() {
        for parts in [[], ["a"], ["a", ""], ["", "b", "c"], ["knapp verfehlt: x", "„y“", "für Sachsen"]] {
            var line = ReasonLine()
            for part in parts { line.part { de, en in de += part; en += part.uppercased() } }
            #expect(line.isEmpty == parts.isEmpty)
            #expect(line.de == parts.joined(separator: " · "))
            #expect(line.en == parts.map { $0.uppercased() }.joined(separator: " · "))
        }
    }
}
