/// Which documents of one bitset word (64 documents) may reach a threshold, from the score
/// bound of ``Scoring/estimate(_:reaching:)`` computed sixteen lanes at a time in `Float`.
///
/// The ranking passes visit every eligible offer and every near-miss candidate (about 15,000
/// and a few thousand per query at 100,000 offers); the scalar estimate costs two
/// unpredictable branches and a dozen dependent reads per offer, and rejects most of them
/// once a list is full. This scan rejects the same offers sixty-four at a time without a
/// branch per offer, and the passes run the scalar estimate only on the offers it keeps, so
/// which offers get a full score, and in which order, is decided exactly as before.
///
/// It never drops an offer the estimate would keep: every part is an upper bound of the
/// estimate's part (the text over the smallest of the languages' divisors, the weights at
/// least 0 where a negative weight lowers a part; the instrument at its largest for this
/// query, the derived signals as the raising ones the offer has, the lowering ones at 0), and
/// the `Float` rounding of the few operations (the divisions are multiplications by
/// reciprocals) is covered by ``slack``, a hundred-thousandth of the sum of the parts'
/// magnitudes (a `Float` step is six hundred-millionths).
///
/// The scan bounds sixteen lanes at a time and skips a group of sixteen without a member, so
/// a word with one member costs a quarter of a full one. The first version read the
/// instrument and the eight derived signals per lane as well and cost more than the scalar
/// estimates it saved (1.0–1.1 × MAIN's CPU per query); it bounds only the text, the topics
/// and the fixed part per lane, and the derived signals that raise a score per word: one
/// bitset word per raising signal (at most four), spread over the lanes as a mask. With the
/// derived bonuses at their query-wide ceiling instead, raising the sector-match weight from
/// 0.029 to 0.18 (session 12's fit) made a query at 100,000 offers 9–14 % slower: every offer
/// counted the bonus, though only the few in a client's sector have it (session 14,
/// RESULTS.md). The passes used to leave words with fewer than eight members to the scalar
/// estimate; at 100,000 offers that estimate's reads of the per-document
/// columns were cache misses (the near-miss candidates lie a few per word), while the scan
/// reads the same columns in order, so every word is scanned now (session 10, RESULTS.md).
struct BoundScan {
    private let rawText: [Float]
    /// The reciprocal of the smallest divisor; 0 when no text bound is usable (no text scores
    /// for every document, or no positive divisor): then every document's text counts at its
    /// ceiling, 1.
    private let textScale: Float
    private let textWeight: Float
    private let topicHits: [Float]
    private let topicScale: Float
    private let topicWeight: Float
    private let fixed: [Float]
    /// The amount's and the instrument's ceilings for this query (``Scoring/amountBound``
    /// possibly infinite: then nothing is dropped).
    private let constant: Float
    /// The derived signals that raise a score and whose set is non-empty for this query, with
    /// their weights; a lane's derived bound is the sum of the weights of those it is in. The
    /// signals that lower a score count 0, so the bound is at least the lane's table entry
    /// (``Scoring/derivedComponent(_:)``).
    private let raising: [(words: [UInt64], weight: Float)]
    private let slack: Float
    private let count: Int

    init(_ scoring: Scoring) {
        let configuration = scoring.configuration
        count = scoring.index.count
        rawText = scoring.rawText
        let divisor = scoring.textDivisors.min() ?? 0
        textScale = rawText.count == count && divisor.isFinite && divisor > 0 ? 1 / divisor : 0
        textWeight = Float(max(0, configuration.textWeight))
        topicHits = scoring.topicCount > 0 ? scoring.topicHits : []
        topicScale = 1 / Float(max(1, scoring.topicCount))
        topicWeight = scoring.topicCount > 0 ? Float(max(0, configuration.topicWeight)) : 0
        fixed = scoring.index.fixedScoreBound
        let instrument = scoring.hasPreferred ? max(0, configuration.instrumentWeight) : 0
        constant = Float(scoring.amountBound + instrument)
        // Every derived set covers the index's documents; a signal left out here would make the
        // bound too low and drop offers the estimate keeps, so a mismatch stops, not skips.
        let wordCount = (count + 63) >> 6
        precondition(scoring.raisingSignals.allSatisfy { $0.set.words.count == wordCount }, "a derived set of another size than the index")
        raising = scoring.raisingSignals.map { ($0.set.words, Float($0.weight)) }
        // The fixed bound lies within the specificity and deadline weights (specificity 0…1).
        let magnitude = textWeight + topicWeight + Float(abs(configuration.specificityWeight) + abs(configuration.deadlineWeight))
            + abs(constant) + Float(scoring.index.derivedWeights.largestMagnitude)
        slack = magnitude * 1e-5 + 1e-6
    }

    /// The members of `word` (the bitset word at `wordIndex`) whose estimate may be at least
    /// `threshold`; a superset of those the estimate keeps for it. The last, partial word of a
    /// catalogue is kept whole.
    func mayReach(_ word: UInt64, at wordIndex: Int, threshold: Double) -> UInt64 {
        let start = wordIndex << 6
        guard threshold > -.infinity, start + 64 <= count, constant.isFinite, Float(threshold).isFinite else { return word }
        let lanes = SIMD16<UInt32>(1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
                                   1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
        let none = SIMD16<UInt32>(repeating: 0), zero = SIMD16<Float>(repeating: 0), one = SIMD16<Float>(repeating: 1)
        let limit = Float(threshold)
        let cut = SIMD16<Float>(repeating: limit - slack - abs(limit) * 1e-5)
        var kept: UInt64 = 0
        // The raising signals' members among this word's, one word each (the lanes of a group
        // of sixteen are bits `shift …` of these).
        var raisingWords = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var raisingWeights = SIMD4<Float>(repeating: 0)
        for (signal, (words, weight)) in raising.enumerated() {
            let members = words[wordIndex] & word
            switch signal {
            case 0: raisingWords.0 = members
            case 1: raisingWords.1 = members
            case 2: raisingWords.2 = members
            default: raisingWords.3 = members
            }
            raisingWeights[signal] = weight
        }
        let anyRaising = raisingWords.0 | raisingWords.1 | raisingWords.2 | raisingWords.3
        fixed.withUnsafeBufferPointer { fixed in
            let fixedBase = UnsafeRawPointer(fixed.baseAddress! + start)
            for chunk in 0..<4 {
                let offset = chunk * 64
                let shift = UInt64(chunk * 16)
                // No member among these sixteen: nothing to keep, nothing to read.
                guard (word >> shift) & 0xFFFF != 0 else { continue }
                var bound = fixedFloatLoad(fixedBase, offset) + SIMD16<Float>(repeating: constant)
                if textScale > 0 {
                    var text = rawText.withUnsafeBufferPointer { raw in
                        UnsafeRawPointer(raw.baseAddress! + start).loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                    } * SIMD16<Float>(repeating: textScale)
                    text.replace(with: one, where: text .> one)
                    text.replace(with: zero, where: text .< zero)
                    bound += text * SIMD16<Float>(repeating: textWeight)
                } else {
                    bound += SIMD16<Float>(repeating: textWeight)
                }
                if topicWeight > 0 {
                    var topics = topicHits.withUnsafeBufferPointer { hits in
                        UnsafeRawPointer(hits.baseAddress! + start).loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                    } * SIMD16<Float>(repeating: topicScale)
                    topics.replace(with: one, where: topics .> one)
                    bound += topics * SIMD16<Float>(repeating: topicWeight)
                }
                if (anyRaising >> shift) & 0xFFFF != 0 {
                    bound += Self.spread(raisingWords.0 >> shift, raisingWeights[0], lanes)
                        + Self.spread(raisingWords.1 >> shift, raisingWeights[1], lanes)
                        + Self.spread(raisingWords.2 >> shift, raisingWeights[2], lanes)
                        + Self.spread(raisingWords.3 >> shift, raisingWeights[3], lanes)
                }
                let bits = none.replacing(with: lanes, where: bound .>= cut)
                kept |= UInt64(bits.wrappedSum()) << shift
            }
        }
        return word & kept
    }

    /// `weight` in the lanes whose bit (of the low sixteen of `bits`) is set, 0 in the others.
    /// Vector operands only: the overloads that take a scalar (`.!= 0`, `replacing(with: weight, …)`)
    /// made the scan the hottest function of a query and a query at 100,000 offers four times
    /// slower (session 14).
    @inline(__always)
    private static func spread(_ bits: UInt64, _ weight: Float, _ lanes: SIMD16<UInt32>) -> SIMD16<Float> {
        let members = SIMD16<UInt32>(repeating: UInt32(truncatingIfNeeded: bits & 0xFFFF)) & lanes
        return SIMD16<Float>(repeating: 0).replacing(with: SIMD16<Float>(repeating: weight), where: members .!= SIMD16<UInt32>(repeating: 0))
    }

    @inline(__always)
    private func fixedFloatLoad(_ base: UnsafeRawPointer, _ offset: Int) -> SIMD16<Float> {
        base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
    }
}
