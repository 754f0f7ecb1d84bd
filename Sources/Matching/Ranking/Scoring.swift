import Foundation
import SupportModel
import TextAnalysis

/// The score components of one document for one request.
///
/// `breakdown` runs for every eligible offer, so everything that does not depend on the
/// document is worked out once here, and per document it reads only flat arrays.
///
/// A class, all `let`: the query context, its explainer and both ranking passes hold the one
/// instance of a request. As a struct each of those (five per request) was a copy of the
/// ``OfferIndex`` inside, about forty references retained and released on refcounts that every
/// request thread shares: 5 % of a recommendation's server CPU in the live profile
/// (Benchmarks/RESULTS.md, "Issue 16.3: copies of shared structures on the recommendation path,
/// session 11").
final class Scoring {
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
    /// The most the derived signals can add for this query: the positive weights of the
    /// signals that raise a score (applicant match, topic open, sector match, financing open)
    /// whose set for this query is non-empty. A document's table entry is at most that, and
    /// often far less: the table's largest entry counts all four raising signals, which no
    /// query has at once when the client gave no sector or asks for no financing.
    let derivedCeiling: Double
    /// The raising derived signals whose set for this query is non-empty, with their weights
    /// (positive only): what ``derivedCeiling`` sums and ``BoundScan`` spreads over its lanes.
    let raisingSignals: [(set: Bitset, weight: Double)]
    /// ``derivedComponent(_:)`` for each combination of the ten derived signals (bit 0 match,
    /// 1 likely not, 2 serves others, 3 topic open, 4 narrow call, 5 sector match, 6 another
    /// sector, 7 research programme for a project without research, 8 a financing programme open
    /// to any purpose for a financing need, 9 a programme for a narrow purpose the project does
    /// not name), added in the same order as
    /// the signals are listed, so a table entry is bit for bit the sum the tests would give.
    /// Ten unpredictable branches per candidate become ten bit reads and one load: the
    /// ranking passes visit every eligible offer and near miss (about 60 % of a catalogue).
    /// The index's table (``DerivedWeightTable``), made once per set of weights, not per query.
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
        let raising: [(set: Bitset, weight: Double)] = [
            (derived.match, configuration.applicantMatchWeight), (derived.topicOpen, configuration.topicOpenWeight),
            (derived.sectorMatch, configuration.sectorMatchWeight), (derived.financingOpen, configuration.financingOpenWeight),
        ]
        raisingSignals = raising.filter { $0.weight > 0 && !$0.set.isEmpty }
        derivedCeiling = raisingSignals.reduce(0) { $0 + $1.weight } + 1e-9
        ceilingWithoutText = (topicCount > 0 ? max(0, configuration.topicWeight) : 0)
            + (hasPreferred ? max(0, configuration.instrumentWeight) : 0)
            + amountBound + derivedCeiling
        derivedValues = index.derivedWeights.values
    }

    /// The derived signals' weighted sum (see ``ScoreBreakdown/derived``): ten bit reads and
    /// a table entry (``derivedValues``).
    @inline(__always)
    func derivedComponent(_ doc: Int) -> Double {
        let pattern = derived.match.bit(doc) | derived.likelyNot.bit(doc) << 1 | derived.servesOthers.bit(doc) << 2
            | derived.topicOpen.bit(doc) << 3 | derived.narrowCall.bit(doc) << 4 | derived.sectorMatch.bit(doc) << 5
            | derived.otherSector.bit(doc) << 6 | derived.researchMismatch.bit(doc) << 7
            | derived.financingOpen.bit(doc) << 8 | derived.otherPurpose.bit(doc) << 9
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
        let fixed = Double(index.fixedScoreBound[doc])
        guard text * configuration.textWeight + fixed + ceilingWithoutText >= threshold else { return nil }
        let topics = topicComponent(doc)
        let instrument = hasPreferred && preferred.contains(doc) ? 1.0 : 0.0
        let bound = text * configuration.textWeight + topics * configuration.topicWeight
            + instrument * configuration.instrumentWeight + fixed + amountBound
            + derivedComponent(doc)
        // Covers rounding: the total adds the same terms in another order.
        return (bound + 1e-9, text > 0 || topics > 0)
    }

    /// A raw text score at or below which every document is rejected for `threshold`
    /// whatever its other components: ``estimate(_:reaching:)`` returns `nil` or a bound below
    /// it. `topicHit` false: only for documents with none of the profile's topics (their topic
    /// component is 0). 0 when there is no such score above 0.
    ///
    /// Two limits, the larger taken: the estimate's first test passes only if
    /// `text · textWeight + fixedScoreBound + ceilingWithoutText` reaches the threshold; its
    /// bound is at most `text · textWeight` plus the topic weight (with a topic hit), the
    /// instrument weight (with preferred instruments), ``amountBound``, ``derivedCeiling`` and
    /// the fixed bound. The fixed bound is at most the specificity and deadline
    /// weights (specificity lies in 0…1), and `text ≤ raw / divisor` with the smallest of the
    /// languages' divisors. The cut stays 0.1 % (of the text needed) below the limit, far more
    /// than the rounding of these few operations, so a document at the cut is rejected, never
    /// kept by rounding; a threshold that leaves the text less than 10⁻⁶ to make gives 0.
    func rawTextCut(reaching threshold: Double, topicHit: Bool) -> Float {
        let fixedCeiling = max(0, configuration.specificityWeight) + max(0, configuration.deadlineWeight)
        let besideText = (topicHit && topicCount > 0 ? max(0, configuration.topicWeight) : 0)
            + (hasPreferred ? max(0, configuration.instrumentWeight) : 0) + amountBound
            + derivedCeiling + fixedCeiling + 1e-9
        let needed = max(threshold - fixedCeiling - ceilingWithoutText, threshold - besideText)
        guard configuration.textWeight > 0, needed.isFinite, needed > 1e-6,
              let divisor = textDivisors.min(), divisor.isFinite, divisor > 0 else { return 0 }
        let cut = Float(needed / configuration.textWeight) * divisor * 0.999
        return cut.isFinite && cut > 0 ? cut : 0
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

extension AnalysisLanguage {
    /// A small number per language (0, 1, …), for per-language values kept in small arrays.
    var number: Int {
        switch self {
        case .german: 0
        case .english: 1
        }
    }
}

/// ``Scoring/derivedComponent(_:)``'s table for one set of weights: the weighted sum of every
/// combination of the ten derived signals (the bits as ``Scoring/derivedValues`` lists them),
/// added in that order so an entry is bit for bit the sum the tests would give.
///
/// It depends on the weights alone, so the index keeps one (made with the index and with each
/// reweighted copy): a query used to build its entries (512 then, 1,024 now) and scan them
/// three times more for the bounds below.
struct DerivedWeightTable: Sendable {
    let values: [Double]
    /// The largest entry; pattern 0 is in the table, so at least 0.
    let largest: Double
    /// The largest magnitude of an entry, for the scan's rounding slack (``BoundScan``).
    let largestMagnitude: Double

    init(_ weights: RankingConfiguration) {
        values = (0..<1024).map { pattern in
            var value = 0.0
            if pattern & 1 != 0 { value += weights.applicantMatchWeight }
            if pattern & 2 != 0 { value -= weights.applicantMismatchPenalty }
            if pattern & 4 != 0 { value -= weights.servesOthersPenalty }
            if pattern & 8 != 0 { value += weights.topicOpenWeight }
            if pattern & 16 != 0 { value -= weights.narrowCallPenalty }
            if pattern & 32 != 0 { value += weights.sectorMatchWeight }
            if pattern & 64 != 0 { value -= weights.otherSectorPenalty }
            if pattern & 128 != 0 { value -= weights.researchMismatchPenalty }
            if pattern & 256 != 0 { value += weights.financingOpenWeight }
            if pattern & 512 != 0 { value -= weights.otherPurposePenalty }
            return value
        }
        largest = values.max() ?? 0
        largestMagnitude = values.map(abs).max() ?? 0
    }
}
