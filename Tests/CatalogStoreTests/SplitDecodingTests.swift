@testable import CatalogStore
import Testing

/// Decoding rows on two threads (``SplitDecoding``) gives what decoding them in order gives.
@Suite("Decoding stored rows on two threads")
struct SplitDecodingTests {
    struct Failed: Error, Equatable { var row: Int64 }

    static func rows(_ count: Int) -> [SQLRow] {
        (0..<count).map { SQLRow(columns: ["n"], values: [.integer(Int64($0))]) }
    }

    static func decode(_ rows: [SQLRow], failing: Set<Int64>) throws -> [Int64] {
        let decoding = SplitDecoding { row -> Int64 in
            let value = try row.integer("n")
            if failing.contains(value) { throw Failed(row: value) }
            return value
        }
        for row in rows { decoding.add(row) }
        return try decoding.finish()
    }

    @Test("Every row in order, for counts around the chunk size", arguments: [0, 1, 127, 128, 129, 256, 1_000, 5_003])
    func order(_ count: Int) throws {
        #expect(try Self.decode(Self.rows(count), failing: []) == (0..<Int64(count)).map { $0 })
    }

    /// Rows 130 and 260 lie in the second and third chunks (one decoded on each thread).
    @Test("The first failing row's error, whichever thread decoded it",
          arguments: [[130, 260], [260, 130], [5, 900], [900, 4_000], [4_999]] as [[Int64]])
    func firstError(_ failing: [Int64]) throws {
        #expect(throws: Failed(row: failing.min()!)) { try Self.decode(Self.rows(5_000), failing: Set(failing)) }
    }
}
