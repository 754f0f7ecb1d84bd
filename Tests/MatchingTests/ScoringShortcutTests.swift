import BundledCatalog
import Foundation
@testable import Matching
import SupportModel
import Testing
import TextAnalysis

/// The shortcuts the recommendation takes for speed give what the plain computation gives.
@Suite struct ScoringShortcuts {
    /// The bundled catalogue with the shipped resources (derivation rules, concepts, fitted
    /// weights), so the derived signals and the concept layer take part in the bounds.
    static let index: OfferIndex = {
        let resources = (try? MatchingResources.load(from: BundledCatalog.analysisDirectory)) ?? MatchingResources()
        return OfferIndex(offers: Catalogue.offers, taxonomies: Catalogue.taxonomies, resources: resources)
    }()

    /// The evaluator-agreement variants and every example profile with a project text that
    /// reaches many offers: the profiles both shortcut checks run over.
    static var profiles: [Profile] {
        IndexAgreesWithEvaluator.variants + ExampleProfiles.names.compactMap { name -> Profile? in
            guard var profile = try? Catalogue.profile(name) else { return nil }
            profile.projectDescription = "Wir wollen ein neues Produkt entwickeln und Fachkräfte einstellen."
            return profile
        }
    }

    /// The top 10 of the pruned ranking (score bounds skip most candidates) are the first 10
    /// of all eligible offers ranked by their full score (``OfferIndex/explain(_:_:)`` compares
    /// every eligible offer's full score).
    @Test func prunedRankingEqualsFullRanking() throws {
        let index = Self.index
        #expect(index.configuration.conceptWeight > 0, "the shipped weights use the concept layer")
        let profiles = Self.profiles
        for profile in profiles {
            let request = RecommendationRequest(profile: profile, today: Catalogue.today, limit: 10)
            let answer = try index.recommend(request)
            var ranks: [Int: OfferID] = [:]
            for offer in try index.offers.all() {
                if let rank = try index.explain(offer.id, request)?.rank, rank > 0 { ranks[rank] = offer.id }
            }
            let full = (1...10).compactMap { ranks[$0] }
            #expect(answer.results.map(\.id) == full, "\(profile.id ?? "variant")")
        }
    }

    /// The near-miss pass visits only the pool's offers that can pass it: every pool offer it
    /// skips for a threshold is one the pass would reject, as scoring below the threshold or,
    /// with the cut at 0, as not relevant; so the near misses are those of a pass over the
    /// whole pool. Thresholds from none to above every score, the pool offers' own bounds among
    /// them (the cut's edge).
    @Test func nearMissPassSkipsOnlyOffersItRejects() {
        Self.checkNearMissCandidates(index: Self.index, profiles: Self.profiles, today: Catalogue.today)
    }

    static func checkNearMissCandidates(index: OfferIndex, profiles: [Profile], today: Day, samples: Int = 40) {
        #expect(index.configuration.nearMissNeedsRelevance)
        var skipped = 0, visited = 0, skippedWithText = 0
        for profile in profiles {
            let context = QueryContext(index: index, request: RecommendationRequest(profile: profile, today: today))
            // One copy of the scoring (about 4 KB), not one per call in a debug build.
            let scoring = context.scoring
            var bounds: [Double] = []
            context.nearMissPool.forEach { doc in
                if let bound = scoring.estimate(doc, reaching: -.infinity)?.bound { bounds.append(bound) }
            }
            bounds.sort()
            let sampled = stride(from: 0, to: bounds.count, by: max(1, bounds.count / samples)).map { bounds[$0] }
            let thresholds = [-Double.infinity, 0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6] + sampled + sampled.map { $0.nextUp }
            for threshold in thresholds {
                let candidates = context.nearMissCandidates(reaching: threshold)
                #expect(candidates.subtracting(context.nearMissPool).isEmpty)
                context.nearMissPool.forEach { doc in
                    if candidates.contains(doc) {
                        visited += 1
                        return
                    }
                    skipped += 1
                    if scoring.rawText[doc] > 0 { skippedWithText += 1 }
                    if let estimate = scoring.estimate(doc, reaching: threshold), estimate.bound >= threshold {
                        #expect(!estimate.isRelevant, "\(profile.id ?? "variant") doc \(doc) threshold \(threshold)")
                    }
                }
            }
        }
        #expect(skipped > 0 && visited > 0 && skippedWithText > 0, "the cut skipped offers with a text score")
    }

    /// The fixed part of the score bound is one `Float` column read by the scalar estimate and
    /// the scan alike (``OfferIndex/fixedScoreBound``): rounded up, never below the `Double`
    /// sum it stands for, and the nearest `Float` that is not.
    @Test func fixedBoundIsTheSumRoundedUp() {
        let index = Self.index
        let weights = index.configuration
        for doc in 0..<index.count {
            let sum = index.specificity[doc] * weights.specificityWeight
                + (index.deadlineStarts[doc] < index.deadlineStarts[doc + 1] ? max(0, weights.deadlineWeight) : 0)
            #expect(Double(index.fixedScoreBound[doc]) >= sum, "doc \(doc)")
            #expect(Double(index.fixedScoreBound[doc].nextDown) < sum, "doc \(doc)")
        }
        var generator = SystemRandomNumberGenerator()
        let values: [Double] = [0, -0.0, 0.1, 0.15, 0.25, 1 / 3, -1 / 3, 1e-30, -1e-30, 1e30, Double(Float.greatestFiniteMagnitude)]
            + (0..<10_000).map { _ in Double.random(in: -2...2, using: &generator) }
        for value in values {
            let rounded = OfferIndex.ceiling(value)
            #expect(Double(rounded) >= value && Double(rounded.nextDown) < value, "\(value)")
        }
        #expect(OfferIndex.ceiling(.infinity) == .infinity && OfferIndex.ceiling(.nan).isNaN)
    }

    /// The bound scan (``BoundScan``) keeps every offer whose estimate reaches a threshold, and
    /// the ranking pass with it equals the pass without it (documents and scores).
    @Test func boundScanKeepsEveryOfferTheEstimateKeeps() {
        Self.checkBoundScan(index: Self.index, profiles: Self.profiles, today: Catalogue.today)
    }

    /// For thresholds from 0 to above every bound, among them every sampled offer's own bound
    /// and the values next to it (where a scan a rounding step too tight would drop it): each
    /// eligible offer and near miss the scan leaves out has no estimate at least the threshold.
    /// Then `rankedEligible` with and without the scan at several list lengths.
    static func checkBoundScan(index: OfferIndex, profiles: [Profile], today: Day, samples: Int = 40) {
        var dropped = 0, kept = 0, tight = 0
        for profile in profiles {
            let context = QueryContext(index: index, request: RecommendationRequest(profile: profile, today: today))
            let scoring = context.scoring
            let scan = BoundScan(scoring)
            let candidates = context.eligible.union(context.nearMissPool)
            var bounds: [Double] = []
            candidates.forEach { doc in
                if let bound = scoring.estimate(doc, reaching: -.infinity)?.bound { bounds.append(bound) }
            }
            bounds.sort()
            let sampled = stride(from: 0, to: bounds.count, by: max(1, bounds.count / samples)).map { bounds[$0] }
            let thresholds = [-Double.infinity, 0, 0.5, 1, 1.5, 2, 3, 4, 6] + sampled + sampled.map(\.nextUp) + sampled.map(\.nextDown)
            for threshold in thresholds {
                for (wordIndex, word) in candidates.words.enumerated() where word != 0 {
                    let mask = scan.mayReach(word, at: wordIndex, threshold: threshold)
                    #expect(mask & ~word == 0)
                    for bit in 0..<64 where word >> UInt64(bit) & 1 != 0 {
                        let doc = wordIndex << 6 | bit
                        guard mask >> UInt64(bit) & 1 == 0 else {
                            kept += 1
                            continue
                        }
                        dropped += 1
                        if let estimate = scoring.estimate(doc, reaching: threshold) {
                            #expect(estimate.bound < threshold, "\(profile.id ?? "variant") doc \(doc) threshold \(threshold)")
                        }
                    }
                }
            }
            tight += checkDerivedBoundIsPerOffer(context, candidates)
            for capacity in [1, 5, 10, 20, 60] {
                let scanned = context.rankedEligible(capacity: capacity)
                let plain = context.rankedEligible(capacity: capacity, scan: false)
                #expect(scanned.map(\.doc) == plain.map(\.doc), "\(profile.id ?? "variant") capacity \(capacity)")
                #expect(scanned.map(\.score) == plain.map(\.score), "\(profile.id ?? "variant") capacity \(capacity)")
            }
        }
        #expect(dropped > 0 && kept > 0, "the scan dropped some offers and kept others")
        #expect(tight > 0, "some offers without a derived bonus were checked against a query with one")
    }

    /// The scan counts an offer's derived bonuses only where it has them: an offer with no
    /// derived signal, whose other parts the scan bounds exactly (one of the preferred
    /// instruments or no preference; a project text that some offer matches, and no text
    /// score or its language's divisor the smallest), is dropped a little
    /// above its own bound even when the query's derived ceiling is far above that margin.
    /// With the bonuses at their query-wide ceiling (before session 14) every such offer was
    /// kept, and raising one bonus weight made every query slower. Returns how many offers were
    /// checked against a query whose ceiling is above the margin.
    static func checkDerivedBoundIsPerOffer(_ context: QueryContext, _ candidates: Bitset) -> Int {
        let scoring = context.scoring
        let scan = BoundScan(scoring)
        let margin = 0.05
        guard scoring.derivedCeiling > margin, scoring.amountBound.isFinite, let smallest = scoring.textDivisors.min(),
              smallest > 0, smallest.isFinite else { return 0 }
        var checked = 0
        candidates.forEach { doc in
            guard (doc >> 6 + 1) << 6 <= scoring.index.count, scoring.derivedComponent(doc) == 0,
                  !scoring.hasPreferred || scoring.preferred.contains(doc),
                  scoring.rawText.count == scoring.index.count,
                  scoring.rawText[doc] == 0 || scoring.textDivisors[scoring.index.languages[doc].number] == smallest,
                  let bound = scoring.estimate(doc, reaching: -.infinity)?.bound else { return }
            let word = UInt64(1) << UInt64(doc & 63)
            #expect(scan.mayReach(word, at: doc >> 6, threshold: bound + margin) == 0, "doc \(doc) bound \(bound)")
            checked += 1
        }
        return checked
    }

    /// Descriptions whose synonyms include phrases (`künstliche Intelligenz`, `Energie sparen`,
    /// `digitale Transformation`, `maschinelles Lernen`), with single words and compounds.
    static let walkDescriptions = [
        "Wir wollen künstliche Intelligenz und maschinelles Lernen in der Produktion einsetzen.",
        "Digitalisierung unseres Betriebs: digitale Transformation der Verwaltung, Energie sparen mit Photovoltaik.",
        "We want to save energy and use artificial intelligence for digital transformation of our start-up.",
        "Wir wollen ein neues Produkt entwickeln und Fachkräfte einstellen.",
    ]

    /// Queries that reuse the per-document arrays an earlier query gave back
    /// (``ScratchArrays``) answer exactly as on an index whose pool is empty, in any order, with
    /// and without a project text; the walk gives its `best` array back all zero (checked by
    /// ``ScratchArrays/giveZeroed(_:)`` in this debug build).
    @Test func keptArraysAnswerAsFreshOnes() throws {
        let resources = (try? MatchingResources.load(from: BundledCatalog.analysisDirectory)) ?? MatchingResources()
        let requests = Self.profiles.flatMap { profile in
            var bare = profile
            bare.projectDescription = nil
            return [profile, bare].map { RecommendationRequest(profile: $0, today: Catalogue.today, limit: 10) }
        } + Self.walkDescriptions.map { description in
            var profile = Self.profiles[0]
            profile.projectDescription = description
            return RecommendationRequest(profile: profile, today: Catalogue.today, limit: 10)
        }
        var fresh: [Recommendations] = []
        for request in requests {
            // A new index each time: nothing kept from an earlier query.
            let index = OfferIndex(offers: Catalogue.offers, taxonomies: Catalogue.taxonomies, resources: resources)
            fresh.append(try index.recommend(request))
        }
        let shared = Self.index
        for (request, expected) in zip(requests, fresh) + zip(requests, fresh).reversed() {
            #expect(try shared.recommend(request) == expected)
            #expect(shared.rankedOfferIDs(request, limit: 10) == expected.results.map(\.id))
        }
    }

    /// An array given back while a copy of it is alive is copied when taken again, so the
    /// taker's zero fill and writes never reach the copy.
    @Test func keptArrayStillHeldIsNotWrittenInPlace() {
        let pool = ScratchArrays()
        var array = pool.take(count: 100)
        array[7] = 3
        pool.give(array)
        var again = pool.take(count: 100)
        again[8] = 5
        #expect(array[7] == 3 && array[8] == 0)
        #expect(again[7] == 0 && again[8] == 5)
        #expect(pool.take(count: 100).allSatisfy { $0 == 0 }, "a new array when none is kept")
        pool.give(again)
        #expect(pool.take(count: 50).count == 50, "an array of another length is not handed out")
    }

    /// The postings walk (``TextQuery/score(_:)``, phrases looked up from their rarest term)
    /// gives, bit for bit, the raw text score written out per document from its impacts.
    @Test func postingsWalkEqualsPerDocumentScore() {
        Self.checkTextScores(index: Self.index, descriptions: Self.walkDescriptions)
    }

    /// The synonym and phrase groups' kept merged lists (``MergedGroupPostings``) give the
    /// per-document score again on a second round (read from the store, not merged anew), on
    /// a copy with another synonym weight that shares the store (its groups' keys differ by
    /// the weights), and when nothing may be kept (the groups walked as before).
    @Test func mergedGroupListsKeepThePerDocumentScore() {
        // Without the synonym entries' lists (``SynonymLists``), every group with alternatives
        // goes through the kept merged lists; a store of its own, not shared with other tests.
        var index = Self.index
        index.synonymLists = .none
        index.mergedGroups = MergedGroupPostings()
        Self.checkTextScores(index: index, descriptions: Self.walkDescriptions)
        let kept = index.mergedGroups.keptPostings
        #expect(kept > 0, "the synonym groups' lists are kept")
        Self.checkTextScores(index: index, descriptions: Self.walkDescriptions)
        #expect(index.mergedGroups.keptPostings == kept, "a second round merges nothing new")

        var configuration = index.configuration
        configuration.synonymWeight = 0.5
        let reweighted = index.reweighted(configuration)
        #expect(reweighted.mergedGroups === index.mergedGroups, "copies share the kept lists")
        Self.checkTextScores(index: reweighted, descriptions: Self.walkDescriptions)
        #expect(index.mergedGroups.keptPostings > kept, "the other weight's groups are kept apart")

        var unkept = index
        unkept.mergedGroups = MergedGroupPostings(budget: 0)
        Self.checkTextScores(index: unkept, descriptions: Self.walkDescriptions)
        let query = TextQuery(text: Self.walkDescriptions[1], languages: index.languageSet, index: index)
        var best = [Float](repeating: 0, count: index.count)
        best.withUnsafeMutableBufferPointer { best in
            for group in query.groups.values.joined() where group.alternatives.count > 1 {
                #expect(unkept.mergedGroups.list(group.alternatives, text: index.text, best: best.baseAddress!, count: index.count) == nil)
                let merged = MergedGroupPostings.merge(group.alternatives, text: index.text, best: best.baseAddress!, count: index.count)
                let stored = index.mergedGroups.list(group.alternatives, text: index.text, best: best.baseAddress!, count: index.count)
                #expect(merged.docs == stored?.docs && merged.values.map(\.bitPattern) == stored?.values.map(\.bitPattern))
            }
        }
        #expect(unkept.mergedGroups.keptPostings == 0 && best.allSatisfy { $0 == 0 }, "over budget: walked, not kept; best left zeroed")
    }

    /// Descriptions whose synonym groups have a single-term own word (`KI`, `Gründung`,
    /// `Photovoltaik`, `Mitarbeiter`), a phrase (`künstliche Intelligenz`, `Energie sparen`), a
    /// word of several entries and compound parts.
    static let entryDescriptions = walkDescriptions + [
        "KI und Gründung: ein Startup für Solar und Breitband im ländlichen Raum.",
        "Weiterbildung unserer Mitarbeiter und Fachkräfte, Zuschuss oder Darlehen für den Verein.",
        "Forschung und Entwicklung zur Energieeffizienz, Export nach Frankreich.",
    ]

    /// The synonym entries' lists built with the index (``SynonymLists``) give every document
    /// the per-document score of ``checkTextScores(index:descriptions:)`` (which is what
    /// ``TextQuery/walk(_:text:scores:docs:impacts:best:)`` adds): with the standard synonym
    /// weight, at weight 1 (the own word at the synonym weight equals its own value), at 0 (no
    /// list holds a document: the own word alone), and at 1.5 and on a reweighted copy, where
    /// the lists are not used. Each entry's list is the merge of its phrases at the weight.
    @Test func synonymEntryListsKeepThePerDocumentScore() throws {
        let resources = (try? MatchingResources.load(from: BundledCatalog.analysisDirectory)) ?? MatchingResources()
        var index = Self.index
        index.mergedGroups = MergedGroupPostings()
        let weight = Float(index.configuration.synonymWeight)
        #expect(index.synonymLists.postings > 0 && index.synonymLists.weight == weight)
        var served = 0, phrases = 0
        for description in Self.entryDescriptions {
            let query = TextQuery(text: description, languages: index.languageSet, index: index)
            for (language, groups) in query.groups {
                for group in groups where group.synonymEntry != nil {
                    if index.synonymLists.lists(for: language, weight: weight, synonyms: index.synonyms) != nil { served += 1 }
                    if group.alternatives.first.map({ !$0.isSynonym && $0.terms.count > 1 }) == true { phrases += 1 }
                }
            }
        }
        #expect(served >= 10 && phrases >= 2, "\(served) groups from the lists, \(phrases) with an own phrase")
        // First from the entry lists (their groups' lists kept), then read from the kept lists,
        // then from a store that keeps nothing (every query folds the own word in anew).
        Self.checkTextScores(index: index, descriptions: Self.entryDescriptions)
        #expect(index.mergedGroups.keptPostings > 0)
        Self.checkTextScores(index: index, descriptions: Self.entryDescriptions)
        var unkept = index
        unkept.mergedGroups = MergedGroupPostings(budget: 0)
        Self.checkTextScores(index: unkept, descriptions: Self.entryDescriptions)
        #expect(unkept.mergedGroups.keptPostings == 0)

        // Each entry's list against the merge of its phrases, bit for bit.
        var best = [Float](repeating: 0, count: index.count)
        var compared = 0
        for (language, lists) in index.synonymLists.languages {
            let analyzer = try #require(index.analyzers[language])
            for entry in index.synonyms.groups.indices {
                let alternatives = index.synonyms.phrases(ofGroup: entry, analyzer: analyzer).compactMap { phrase -> TextQuery.Alternative? in
                    let ids = phrase.compactMap { index.text.termID($0, language) }
                    guard ids.count == phrase.count, !ids.isEmpty else { return nil }
                    return TextQuery.Alternative(terms: ids, text: "", weight: weight, isSynonym: true, idf: 0)
                }
                let merged = best.withUnsafeMutableBufferPointer {
                    MergedGroupPostings.merge(alternatives, text: index.text, best: $0.baseAddress!, count: index.count)
                }
                // The list also keeps the documents a phrase reaches with value 0 (the merge drops them).
                let range = lists.range(entry)
                let nonzero = range.filter { lists.values[$0] != 0 }
                #expect(nonzero.map { lists.docs[$0] } == merged.docs && nonzero.map { lists.values[$0].bitPattern } == merged.values.map(\.bitPattern))
                #expect(zip(lists.docs[range], lists.docs[range].dropFirst()).allSatisfy { $0 < $1 })
                compared += range.count
            }
        }
        #expect(compared == index.synonymLists.postings && best.allSatisfy { $0 == 0 })

        for synonymWeight in [1.0, 0.0, 1.5] {
            var resources = resources
            resources.configuration.synonymWeight = synonymWeight
            let other = OfferIndex(offers: Catalogue.offers, taxonomies: Catalogue.taxonomies, resources: resources)
            #expect(other.synonymLists.languages.isEmpty == (synonymWeight > 1), "lists are built for weights in 0…1 only")
            // At weight 0 every value is 0, yet the lists keep the documents the phrases reach.
            #expect(synonymWeight != 0 || (other.synonymLists.postings > 0
                && other.synonymLists.languages.values.allSatisfy { $0.values.allSatisfy { $0 == 0 } }))
            Self.checkTextScores(index: other, descriptions: Self.entryDescriptions)
        }
        var configuration = index.configuration
        configuration.synonymWeight = 0.5
        let reweighted = index.reweighted(configuration)
        #expect(reweighted.synonymLists.lists(for: .german, weight: 0.5, synonyms: reweighted.synonyms) == nil)
        Self.checkTextScores(index: reweighted, descriptions: Self.entryDescriptions)
    }

    /// Per document: each group's best alternative (a phrase only where every one of its terms
    /// occurs, their idf · impact added in order, times the weight's share), the groups added
    /// in order, with the same operations as the walk.
    static func checkTextScores(index: OfferIndex, descriptions: [String]) {
        var phrasesMatched = 0
        let text = index.text
        for description in descriptions {
            let query = TextQuery(text: description, languages: index.languageSet, index: index)
            let scores = query.score(index)
            #expect(scores.count == index.count)
            for doc in 0..<index.count {
                let document = Int32(doc)
                var expected: Float = 0
                for group in query.groups[index.languages[doc]] ?? [] {
                    if group.alternatives.count == 1, group.alternatives[0].terms.count == 1 {
                        let term = group.alternatives[0].terms[0]
                        if text.posting(term, in: document) != nil {
                            let factor = group.weight * group.alternatives[0].weight * text.idf[Int(term)]
                            expected += factor * text.impact(term, in: document)
                        }
                        continue
                    }
                    var best: Float = 0
                    var present = false
                    for alternative in group.alternatives where alternative.terms.allSatisfy({ text.posting($0, in: document) != nil }) {
                        present = true
                        if alternative.terms.count == 1 {
                            let term = alternative.terms[0]
                            best = max(best, alternative.weight * text.idf[Int(term)] * text.impact(term, in: document))
                        } else {
                            var sum: Float = 0
                            for term in alternative.terms { sum += text.idf[Int(term)] * text.impact(term, in: document) }
                            best = max(best, alternative.weight / Float(alternative.terms.count) * sum)
                            phrasesMatched += 1
                        }
                    }
                    if present { expected += group.weight * best }
                }
                #expect(scores[doc].bitPattern == expected.bitPattern, "doc \(doc): \(scores[doc]) against \(expected) for \(description)")
            }
        }
        #expect(phrasesMatched > 0, "some document matched a phrase")
    }

    /// The sentence the snippet reads from its recorded span is the one splitting the text
    /// gives, bounds included, for every sentence of every offer of the bundled catalogue.
    @Test func recordedSentencesEqualSplitSentences() throws {
        let index = Self.index
        var sentences = 0
        for (doc, offer) in try index.offers.all().enumerated() {
            var count = 0
            SnippetSentences.forEach(in: offer) { number, _, sentence in
                let recorded = SnippetSentences.sentence(number, of: offer, doc: doc, spans: index.text.sentences)
                #expect(recorded == sentence && recorded?.startIndex == sentence.startIndex
                        && recorded?.endIndex == sentence.endIndex, "\(offer.id) sentence \(number)")
                count += 1
                return true
            }
            #expect(SnippetSentences.sentence(count, of: offer, doc: doc, spans: index.text.sentences) == nil)
            sentences += count
        }
        #expect(sentences > 500)
    }

    /// The snippet's repeated words found by comparing bytes are those found by comparing
    /// characters, for every sentence of the bundled catalogue and each of its words.
    @Test func byteSearchForRepetitionsEqualsCharacterSearch() {
        var sentences = 0
        for offer in Catalogue.offers {
            SnippetSentences.forEach(in: offer) { _, _, sentence in
                let sentence = String(sentence)
                let words = sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                guard let fast = Explainer.singleScalarRepetitions(of: words, in: sentence) else { return true }
                sentences += 1
                let slow = Explainer.characterRepetitions(of: words, in: sentence)
                func offsets(_ found: [Substring]) -> [Int] {
                    found.map { sentence.utf8.distance(from: sentence.startIndex, to: $0.startIndex) * 1000 + $0.utf8.count }.sorted()
                }
                #expect(offsets(fast) == offsets(slow), "\(sentence)")
                return true
            }
        }
        #expect(sentences > 100)
        // Outside the byte search's range it declines, and the character search answers.
        #expect(Explainer.singleScalarRepetitions(of: ["Cafe"], in: "Cafe\u{301} und Cafe") == nil)
        #expect(Explainer.repetitions(of: ["Cafe"], in: "Cafe\u{301} und Cafe").count == 1)
    }
}

/// The concept layer's numbered trigger test (``ConceptTable/Compiled/recognised(in:)``) finds
/// the concepts the plain string test finds, in the same order.
@Suite struct ConceptShortcut {
    @Test func numberedTriggersEqualStringTriggers() throws {
        let index = ScoringShortcuts.index
        #expect(!index.concepts.isEmpty, "the shipped concepts are loaded")
        var sets = 0, recognisedAny = 0
        for (language, compiled) in index.concepts {
            let analyzer = try #require(index.analyzers[language])
            var termSets: [Set<String>] = [[]]
            // The description of every example profile and the texts of every bundled offer,
            // as queries; every trigger alone, and with each of its terms missing.
            let texts = ExampleProfiles.names.compactMap { try? Catalogue.profile($0).projectDescription ?? nil }
                + Catalogue.offers.flatMap { [$0.title, $0.summary] }
            termSets += texts.map { Set(analyzer.tokens($0).map(\.term)) }
            for entry in compiled.entries {
                for trigger in entry.triggers {
                    termSets.append(Set(trigger))
                    for missing in trigger.indices { termSets.append(Set(trigger.enumerated().filter { $0.offset != missing }.map(\.element))) }
                }
            }
            for terms in termSets {
                let numbered = compiled.recognised(in: terms).map(\.id)
                #expect(numbered == compiled.recognisedByStrings(in: terms).map(\.id), "\(language): \(terms.sorted())")
                sets += 1
                if !numbered.isEmpty { recognisedAny += 1 }
            }
        }
        #expect(sets > 500 && recognisedAny > 50, "\(sets) term sets, \(recognisedAny) recognising a concept")
    }
}
