@testable import Matching
import Testing

/// The sixteen-at-a-time scans of ``Bitset`` give what a plain loop over the members gives,
/// for catalogue sizes with and without a partial last word, NaN, negative and zero values.
@Suite struct BitsetScans {
    static func sample(count: Int, seed: UInt64) -> (values: [Float], members: Bitset) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let specials: [Float] = [0, -0.0, .nan, -1, 1e-30, 3.5, .infinity]
        let values = (0..<count).map { _ -> Float in
            let roll = next() % 10
            return roll < 4 ? 0 : roll < 5 ? specials[Int(next() % UInt64(specials.count - 1))] : Float(next() % 1000) / 7
        }
        let members = Bitset(count: count, members: (0..<count).filter { _ in next() % 10 < 6 })
        return (values, members)
    }

    @Test(arguments: [1, 63, 64, 65, 1000, 4096, 10_007])
    func scansEqualPlainLoops(count: Int) {
        for seed in 1...5 as ClosedRange<UInt64> {
            let (values, members) = Self.sample(count: count, seed: seed)
            var plainMaximum: Float = 0
            members.forEach { plainMaximum = max(plainMaximum, values[$0]) }
            #expect(members.maximum(of: values) == plainMaximum)
            for cut in [0, 1e-30, 10, 100, -1] as [Float] {
                let plain = members.members.filter { values[$0] > cut }
                #expect(Bitset(values, above: cut, within: members).members == plain, "count \(count) cut \(cut)")
            }
        }
        // The largest value at a non-member does not count.
        var values = [Float](repeating: 1, count: count)
        values[count - 1] = 50
        #expect(Bitset(count: count, members: [0]).maximum(of: values) == (count == 1 ? 50 : 1))
    }
}
