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
/// least 0 where a negative weight lowers a part; the instrument and the derived signals at
/// their largest for this query), and the `Float` rounding of the few operations (the
/// divisions are multiplications by reciprocals) is covered by ``slack``, a
/// hundred-thousandth of the sum of the parts' magnitudes (a `Float` step is six
/// hundred-millionths).
///
/// The scan bounds sixteen lanes at a time and skips a group of sixteen without a member, so
/// a word with one member costs a quarter of a full one. The first version read the
/// instrument and the eight derived signals per lane as well and cost more than the scalar
/// estimates it saved (1.0–1.1 × MAIN's CPU per query); it bounds only the text, the topics
/// and the fixed part per lane. The passes used to leave words with fewer than eight members
/// to the scalar estimate; at 100,000 offers that estimate's reads of the per-document
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
    /// The amount's, the instrument's and the derived signals' ceilings for this query
    /// (``Scoring/amountBound`` possibly infinite: then nothing is dropped).
    private let constant: Float
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
        let derived = scoring.index.derivedWeights.largest
        constant = Float(scoring.amountBound + instrument + derived)
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
                let bits = none.replacing(with: lanes, where: bound .>= cut)
                kept |= UInt64(bits.wrappedSum()) << shift
            }
        }
        return word & kept
    }

    @inline(__always)
    private func fixedFloatLoad(_ base: UnsafeRawPointer, _ offset: Int) -> SIMD16<Float> {
        base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
    }
}
