import Foundation
import SupportModel
import TextAnalysis

extension OfferIndex {
    /// Ranks the catalogue for a profile: eligible offers best first, near misses, the next
    /// question, with an explanation for every offer returned.
    ///
    /// Cost: a few set operations over the catalogue for eligibility, the postings of the
    /// query's terms for text relevance, and one pass over the eligible offers' precomputed
    /// facts; explanations are built only for the offers returned.
    public func recommend(_ request: RecommendationRequest) -> Recommendations {
        let context = QueryContext(index: self, request: request)
        let limit = max(0, request.limit ?? configuration.defaultLimit)
        let scoring = context.scoring

        // The eligible offers first, then the near misses, which must score at least as well as
        // the last result shown. Most candidates cannot reach either list: the components read
        // from flat arrays bound the score from above, and only candidates whose bound reaches
        // a list's current threshold get the full breakdown.
        // A programme that several sources publish takes one place (``ProgrammeGroups``): the
        // lists ask for as many more candidates as there are such duplicates.
        // (`min` first: a limit near Int.max must not overflow.)
        // Near misses are held to the top `max(limit, defaultLimit)` results, so that a short
        // `limit` shortens the list without hiding them (they have their own limit).
        let missDepth = max(limit, configuration.defaultLimit)
        let missLimit = max(0, request.nearMissLimit ?? configuration.nearMissLimit)
        let ranked = context.rankedEligible(capacity: max(min(missDepth, count) + programmes.redundant, configuration.nextQuestionCandidates))
        let shown = programmes.firstOfEach(ranked, limit: limit)
        let reference = missDepth == limit ? shown : programmes.firstOfEach(ranked, limit: missDepth)
        let threshold = reference.count >= missDepth ? (reference.last?.score ?? 0) : -Double.infinity
        var misses = TopK(capacity: missLimit + programmes.redundant)
        context.nearMissPool.forEach { doc in
            guard let estimate = scoring.estimate(doc, reaching: max(threshold, misses.threshold)),
                  estimate.bound >= threshold, misses.admits(estimate.bound),
                  !configuration.nearMissNeedsRelevance || estimate.isRelevant else { return }
            misses.insert(doc, scoring.breakdown(doc).total)
        }
        // Keeping the best five and then those above the threshold is the same as the reverse.
        let nearMisses = programmes.firstOfEach(misses.sorted.filter { $0.score >= threshold },
                                                limit: missLimit, excluding: shown)

        let explainer = context.explainer
        let results = shown.enumerated().map { explainer.recommended($1.doc, rank: $0 + 1, others: programmes.others(of: $1.doc)) }
        let missResults = nearMisses.enumerated().map { explainer.recommended($1.doc, rank: $0 + 1, others: programmes.others(of: $1.doc)) }
        let candidatesForQuestion = ranked.prefix(configuration.nextQuestionCandidates).map(\.doc)

        return Recommendations(
            results: results,
            nearMisses: missResults,
            nextQuestion: nextQuestion(among: candidatesForQuestion, withUnknowns: context.unknownAny,
                                       facts: context.facts, declined: request.declined),
            counts: Recommendations.Counts(
                offers: count, considered: context.considered.cardinality, eligible: programmes.programmeCount(in: context.eligible),
                eligibleWithUnknowns: programmes.programmeCount(in: context.eligible.intersection(context.unknownAny)),
                failingOneCriterion: programmes.programmeCount(in: context.nearMissPool)),
            textLanguage: context.hasText ? Self.textLanguage(of: request.profile) : nil,
            today: request.today)
    }

    /// The explanation of any one offer for a request, eligible or not (for `--explain`).
    /// `rank` is the offer's position among the eligible results, 0 when it is not eligible.
    public func explain(_ id: OfferID, _ request: RecommendationRequest) -> RecommendedOffer? {
        guard let doc = positions[id] else { return nil }
        let context = QueryContext(index: self, request: request)
        var rank = 0
        if context.eligible.contains(doc) {
            let score = context.scoring.breakdown(doc).total
            var better = 0
            context.eligible.forEach { other in
                let otherScore = context.scoring.breakdown(other).total
                if otherScore > score || (otherScore == score && other < doc) { better += 1 }
            }
            rank = better + 1
        }
        return context.explainer.recommended(doc, rank: rank, others: programmes.others(of: doc))
    }

    /// The declared language of the description, else the detected one, else German.
    static func textLanguage(of profile: Profile) -> LanguageCode {
        if let declared = profile.language { return declared }
        if let text = profile.projectDescription, let detected = LanguageDetector.detect(text) {
            return LanguageCode(detected.rawValue)
        }
        return .german
    }

    /// The unanswered field that bears on the most unknown criteria among `docs`; ties go to
    /// the field asked earlier in the questionnaire. When nothing is unknown, the first
    /// unanswered field that sharpens the ranking.
    ///
    /// `withUnknowns` holds the documents the index found an unknown criterion for; the
    /// others have nothing to settle and are not evaluated.
    func nextQuestion(among docs: [Int], withUnknowns: Bitset, facts: ProfileFacts,
                      declined: Set<ProfileField> = []) -> NextQuestion? {
        var tally: [ProfileField: Int] = [:]
        for doc in docs where withUnknowns.contains(doc) {
            for result in evaluator.evaluate(offers[doc], facts, derived: derived[doc]) where result.verdict == .unknown {
                for field in result.missing where !declined.contains(field) { tally[field, default: 0] += 1 }
            }
        }
        if let (field, settled) = tally.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).first {
            return NextQuestion(
                field: field, question: field.question, settles: settled, among: docs.count,
                message: LocalizedText(
                    de: "\(field.question.de) Das klärt \(settled == 1 ? "einen offenen Punkt" : "\(settled) offene Punkte") bei Ihren \(docs.count == 1 ? "besten Treffer" : "\(docs.count) besten Treffern").",
                    en: "\(field.question.en) This settles \(settled == 1 ? "1 open point" : "\(settled) open points") among your \(docs.count == 1 ? "top result" : "top \(docs.count)")."))
        }
        let profile = facts.profile
        let sharpening: [(ProfileField, Bool)] = [
            (.topics, profile.topics?.isEmpty ?? true),
            (.projectDescription, profile.projectDescription?.isEmpty ?? true),
            (.amountNeeded, profile.amountNeeded == nil),
            (.preferredInstruments, profile.preferredInstruments?.isEmpty ?? true),
        ]
        guard let field = sharpening.first(where: { $0.1 && !declined.contains($0.0) })?.0 else { return nil }
        return NextQuestion(
            field: field, question: field.question, settles: 0, among: docs.count,
            message: LocalizedText(de: "\(field.question.de) Das schärft die Reihenfolge.",
                                   en: "\(field.question.en) This sharpens the ranking."))
    }
}

/// Eligibility sets and relevance accumulators of one request.
struct QueryContext {
    let facts: ProfileFacts
    let notOpen: Bitset
    let considered: Bitset
    let eligible: Bitset
    let nearMissPool: Bitset
    let unknownAny: Bitset
    let hasText: Bool
    let scoring: Scoring
    let explainer: Explainer

    init(index: OfferIndex, request: RecommendationRequest) {
        let profile = request.profile
        let count = index.count
        facts = ProfileFacts(profile: profile, taxonomies: index.taxonomies, today: request.today)

        // Eligibility for the whole catalogue.
        notOpen = index.eligibility.notOpen(on: request.today)
        considered = request.includeClosed ? Bitset.all(count) : Bitset.all(count).subtracting(notOpen)
        var failures = FailureCounter(count: count)
        var unknownAny = Bitset(count: count)
        for criterion in CriterionKind.profileCriteria {
            let outcome = index.eligibility.outcome(criterion, facts, taxonomies: index.taxonomies)
            failures.add(outcome.fail)
            unknownAny.formUnion(outcome.unknown)
        }
        self.unknownAny = unknownAny
        eligible = considered.subtracting(failures.atLeastOne)
        nearMissPool = considered.intersection(failures.exactlyOne)

        // Relevance.
        let description = profile.projectDescription?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        hasText = !description.isEmpty
        let query = description.isEmpty ? TextQuery() : TextQuery(text: description, languages: index.languageSet, index: index)
        let rawText = query.score(index)
        let topics = Set(profile.topics ?? [])
        var topicHits = [Float](repeating: 0, count: topics.isEmpty ? 0 : count)
        topicHits.withUnsafeMutableBufferPointer { hits in
            for topic in topics {
                let offers = index.byTopic[topic] ?? []
                let weight = Float(index.configuration.topicInformativeness(offersWithTopic: offers.count, catalogue: count))
                for doc in offers { hits[Int(doc)] += weight }
            }
        }
        var preferred = Bitset(count: count)
        for instrument in Set(profile.preferredInstruments ?? []) {
            if let offers = index.byInstrument[instrument] { preferred.formUnion(offers) }
        }
        var bestText: Float = 0
        if !query.isEmpty { eligible.union(nearMissPool).forEach { bestText = max(bestText, rawText[$0]) } }
        scoring = Scoring(
            index: index, request: request, rawText: rawText, bestText: bestText, query: query,
            topicHits: topicHits, topicCount: topics.count, preferred: preferred,
            hasPreferred: !(profile.preferredInstruments ?? []).isEmpty,
            derived: index.derivedSignals.query(facts, rules: index.derivation,
                                                stated: profile.applicantType.flatMap { index.eligibility.byApplicantType[$0] }))
        explainer = Explainer(index: index, facts: facts, query: query, scoring: scoring, notOpen: notOpen)
    }
}

extension QueryContext {
    /// The best `capacity` eligible offers, best first, ties to the lower document number.
    /// Candidates whose score bound cannot enter the list are never fully scored. Both the
    /// recommendation and change detection rank through here, so their orders agree.
    func rankedEligible(capacity: Int) -> [(doc: Int, score: Double)] {
        var top = TopK(capacity: capacity)
        eligible.forEach { doc in
            if let estimate = scoring.estimate(doc, reaching: top.threshold), top.admits(estimate.bound) {
                top.insert(doc, scoring.breakdown(doc).total)
            }
        }
        return top.sorted
    }
}

/// The score components of one document for one request.
///
/// `breakdown` runs for every eligible offer, so everything that does not depend on the
/// document is worked out once here, and per document it reads only flat arrays.
struct Scoring {
    let index: OfferIndex
    let request: RecommendationRequest
    let rawText: [Float]
    let bestText: Float
    let query: TextQuery
    let topicHits: [Float]
    let topicCount: Int
    let preferred: Bitset
    let hasPreferred: Bool
    let derived: DerivedSignals.Query
    let configuration: RankingConfiguration
    let todayOrdinal: Int32
    /// What a raw text score is divided by, per analysis language: the best score of the
    /// query, but at least the language's floor (``RankingConfiguration/textNormalizationFloor``).
    let textDivisors: [Float]
    /// The most the amount component can add (see ``estimate(_:reaching:)``).
    let amountBound: Double
    /// The most the components that depend on the query, not the document, can add besides the
    /// text (topics, instrument, amount, the derived bonuses); with the document's
    /// ``OfferIndex/fixedScoreBound`` it bounds everything but the text (see ``estimate(_:reaching:)``).
    /// The derived bonuses count only when this query's set for them is non-empty.
    let ceilingWithoutText: Double
    /// ``derivedComponent(_:)`` for each combination of the five derived signals (bit 0 match,
    /// 1 likely not, 2 serves others, 3 topic open, 4 narrow call), added in the same order as
    /// the signals are listed, so a table entry is bit for bit the sum the tests would give.
    /// Five unpredictable branches per candidate become five bit reads and one load: the
    /// ranking passes visit every eligible offer and near miss (about 60 % of a catalogue).
    let derivedValues: [Double]

    init(index: OfferIndex, request: RecommendationRequest, rawText: [Float], bestText: Float, query: TextQuery,
         topicHits: [Float], topicCount: Int, preferred: Bitset, hasPreferred: Bool, derived: DerivedSignals.Query) {
        self.index = index
        self.request = request
        self.rawText = rawText
        self.bestText = bestText
        self.query = query
        self.topicHits = topicHits
        self.topicCount = topicCount
        self.preferred = preferred
        self.hasPreferred = hasPreferred
        self.derived = derived
        configuration = index.configuration
        todayOrdinal = Int32(request.today.ordinal)
        var textDivisors = [Float](repeating: bestText, count: AnalysisLanguage.allCases.count)
        for language in AnalysisLanguage.allCases {
            textDivisors[language.number] = max(bestText, Float(index.configuration.textNormalizationFloor) * (query.maximum[language] ?? 0))
        }
        self.textDivisors = textDivisors
        // The amount lies in 0…1 with a non-negative exponent; with a negative one there is no
        // useful bound and nothing is skipped.
        if request.profile.amountNeeded == nil {
            amountBound = 0
        } else {
            amountBound = configuration.amountShortfallExponent < 0 ? .infinity : max(0, configuration.amountWeight)
        }
        ceilingWithoutText = (topicCount > 0 ? max(0, configuration.topicWeight) : 0)
            + (hasPreferred ? max(0, configuration.instrumentWeight) : 0)
            + amountBound
            + (derived.match.isEmpty ? 0 : max(0, configuration.applicantMatchWeight))
            + (derived.topicOpen.isEmpty ? 0 : max(0, configuration.topicOpenWeight)) + 1e-9
        let weights = index.configuration
        derivedValues = (0..<32).map { pattern in
            var value = 0.0
            if pattern & 1 != 0 { value += weights.applicantMatchWeight }
            if pattern & 2 != 0 { value -= weights.applicantMismatchPenalty }
            if pattern & 4 != 0 { value -= weights.servesOthersPenalty }
            if pattern & 8 != 0 { value += weights.topicOpenWeight }
            if pattern & 16 != 0 { value -= weights.narrowCallPenalty }
            return value
        }
    }

    /// The derived signals' weighted sum (see ``ScoreBreakdown/derived``): five bit reads and
    /// a table entry (``derivedValues``).
    @inline(__always)
    func derivedComponent(_ doc: Int) -> Double {
        let pattern = derived.match.bit(doc) | derived.likelyNot.bit(doc) << 1 | derived.servesOthers.bit(doc) << 2
            | derived.topicOpen.bit(doc) << 3 | derived.narrowCall.bit(doc) << 4
        return derivedValues[pattern]
    }

    /// The text component before weighting, 0…1.
    @inline(__always)
    private func textComponent(_ doc: Int) -> Double {
        guard rawText.indices.contains(doc), rawText[doc] > 0 else { return 0 }
        return Double(min(1, rawText[doc] / textDivisors[index.languages[doc].number]))
    }

    @inline(__always)
    private func topicComponent(_ doc: Int) -> Double {
        topicCount == 0 ? 0 : min(1, Double(topicHits[doc]) / Double(topicCount))
    }

    /// An upper bound of `breakdown(doc).total` from the components that are one array read
    /// each; the amount and deadline components count at their largest possible value.
    /// `isRelevant` says whether the text or topic component is above zero.
    ///
    /// `nil` when the document cannot score `threshold` or more, judged by its text and its
    /// query-independent bound (specificity, deadline) with the other components at their
    /// ceiling for this query: three array reads, which settle most candidates once a list is
    /// full. A ceiling taken over the whole catalogue (the largest specificity) settled almost
    /// none once specificity and the derived bonuses weighed 0.9 together: every candidate
    /// then paid for the full bound.
    @inline(__always)
    func estimate(_ doc: Int, reaching threshold: Double) -> (bound: Double, isRelevant: Bool)? {
        let text = textComponent(doc)
        guard text * configuration.textWeight + index.fixedScoreBound[doc] + ceilingWithoutText >= threshold else { return nil }
        let topics = topicComponent(doc)
        let instrument = hasPreferred && preferred.contains(doc) ? 1.0 : 0.0
        let bound = text * configuration.textWeight + topics * configuration.topicWeight
            + instrument * configuration.instrumentWeight + index.fixedScoreBound[doc] + amountBound
            + derivedComponent(doc)
        // Covers rounding: the total adds the same terms in another order.
        return (bound + 1e-9, text > 0 || topics > 0)
    }

    func breakdown(_ doc: Int) -> ScoreBreakdown {
        let text = textComponent(doc)
        let topics = topicComponent(doc)
        let instrument = hasPreferred && preferred.contains(doc) ? 1.0 : 0.0
        let amount = request.profile.amountNeeded.map { amountFit($0, doc) } ?? 0
        let deadline = deadlineUrgency(doc)
        let specificity = index.specificity[doc]

        let parts = ScoreBreakdown(
            text: text * configuration.textWeight,
            topics: topics * configuration.topicWeight,
            instruments: instrument * configuration.instrumentWeight,
            amount: amount * configuration.amountWeight,
            deadline: deadline * configuration.deadlineWeight,
            specificity: specificity * configuration.specificityWeight,
            derived: derivedComponent(doc),
            total: 0)
        var result = parts
        result.total = parts.text + parts.topics + parts.instruments + parts.amount + parts.deadline + parts.specificity
            + parts.derived
        return result
    }

    /// 1 when the needed amount is inside the offer's range, less the further outside, 0.5
    /// when the offer publishes no amounts.
    func amountFit(_ needed: Double, _ doc: Int) -> Double {
        let low = index.amountMin[doc], high = index.amountMax[doc]
        if low.isNaN && high.isNaN { return 0.5 }
        if !high.isNaN, needed > high, needed > 0 {
            return pow(high / needed, index.configuration.amountShortfallExponent)
        }
        if !low.isNaN, needed < low, low > 0 { return needed / low }
        return 1
    }

    /// 1 on the day of the next deadline, falling to 0 at ``RankingConfiguration/deadlineHorizonDays``
    /// ahead; 0 without a deadline ahead.
    func deadlineUrgency(_ doc: Int) -> Double {
        let start = Int(index.deadlineStarts[doc]), end = Int(index.deadlineStarts[doc + 1])
        guard start < end else { return 0 }
        var position = start
        while position < end, index.deadlineDays[position] < todayOrdinal { position += 1 }
        guard position < end else { return 0 }
        let horizon = Double(max(1, configuration.deadlineHorizonDays))
        return max(0, 1 - Double(index.deadlineDays[position] - todayOrdinal) / horizon)
    }
}

/// The best `capacity` documents by score, ties to the lower document number (= offer id).
struct TopK {
    let capacity: Int
    private(set) var entries: [(doc: Int, score: Double)] = []

    init(capacity: Int) { self.capacity = capacity }

    private static func before(_ a: (doc: Int, score: Double), _ b: (doc: Int, score: Double)) -> Bool {
        a.score != b.score ? a.score > b.score : a.doc < b.doc
    }

    mutating func insert(_ doc: Int, _ score: Double) {
        guard capacity > 0 else { return }
        let entry = (doc: doc, score: score)
        if entries.count == capacity {
            guard Self.before(entry, entries[entries.count - 1]) else { return }
            entries.removeLast()
        }
        var position = entries.count
        while position > 0, Self.before(entry, entries[position - 1]) { position -= 1 }
        entries.insert(entry, at: position)
    }

    /// Whether a document scoring at most `bound` could still enter. Documents are offered in
    /// ascending order, so a later one with the same score as the last entry never enters.
    @inline(__always)
    func admits(_ bound: Double) -> Bool {
        capacity > 0 && (entries.count < capacity || bound > entries[entries.count - 1].score)
    }

    /// The score to beat once the list is full; −∞ before.
    var threshold: Double {
        entries.count == capacity && capacity > 0 ? entries[entries.count - 1].score : -.infinity
    }

    var sorted: [(doc: Int, score: Double)] { entries }
}

extension AnalysisLanguage {
    /// A small number per language (0, 1, …), for per-language values kept in small arrays.
    var number: Int {
        switch self {
        case .german: 0
        case .english: 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
