import Foundation

/// Turns rows into values on two threads, in order: every other chunk of rows goes to a
/// second thread, the rest is done on the caller's, and ``finish()`` puts the results back in
/// row order.
///
/// Why: decoding the stored JSON of every active offer (`JSONDecoder`) is the largest part of
/// reading a catalogue (24 s of 133,542 Grants.gov offers on a loaded machine, as long as their
/// whole import's store side; Benchmarks/RESULTS.md, "Issue 16.4: session 6"), and it is read
/// after every CLI import to build the index and at every start. The rows still come from one
/// read transaction on the caller's thread; only the decoding is shared.
///
/// The result is the sequential one: the same values in the same order, or the error of the
/// first row (in row order) that fails, which is what a sequential decode would throw.
final class SplitDecoding<Output: Sendable>: @unchecked Sendable {
    /// Rows per chunk: one hand-over per chunk, not per row.
    static var chunkSize: Int { 128 }
    /// Chunks the second thread may have waiting; the caller waits beyond it (memory stays
    /// a few hundred rows, whatever the catalogue).
    private static var backlogLimit: Int { 4 }

    private let transform: @Sendable (SQLRow) throws -> Output
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [(number: Int, rows: [SQLRow])] = []
    private var done: [Int: Result<[Output], any Error>] = [:]
    private var closed = false
    private var workerFinished = false
    private var started = false
    // The caller's thread only.
    private var own: [Int: Result<[Output], any Error>] = [:]
    private var chunks = 0
    private var failed = false
    private var pending: [SQLRow] = []

    init(_ transform: @escaping @Sendable (SQLRow) throws -> Output) {
        self.transform = transform
    }

    /// Takes the next row (in order).
    func add(_ row: SQLRow) {
        pending.append(row)
        if pending.count == Self.chunkSize { submit() }
    }

    private func submit() {
        let rows = pending
        pending = []
        let number = chunks
        chunks += 1
        guard !failed else { return }
        if number % 2 == 0 {
            let result = Result { try rows.map(transform) }
            if case .failure = result { failed = true }
            own[number] = result
            return
        }
        startIfNeeded()
        condition.lock()
        while waiting.count >= Self.backlogLimit { condition.wait() }
        waiting.append((number, rows))
        condition.broadcast()
        condition.unlock()
    }

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let thread = Thread { [self] in work() }
        thread.name = "supportmatch-decode"
        thread.start()
    }

    private func work() {
        while true {
            condition.lock()
            while waiting.isEmpty && !closed { condition.wait() }
            if waiting.isEmpty {
                workerFinished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let (number, rows) = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            let result = Result { try rows.map(transform) }
            condition.lock()
            done[number] = result
            condition.unlock()
        }
    }

    /// Ends the second thread when reading the rows failed (the caller throws its own error).
    func abandon() {
        pending = []
        failed = true
        endWorker()
    }

    private func endWorker() {
        guard started else { return }
        condition.lock()
        closed = true
        condition.broadcast()
        while !workerFinished { condition.wait() }
        condition.unlock()
    }

    /// Every row of the query `sql` turned into a value by `transform` on two threads, in row
    /// order: the one way the store's whole-catalogue reads use this (a failed query abandons
    /// the second thread's work before the error is thrown).
    static func values(of sql: String, _ arguments: [SQLValue], in db: any SQLSession,
                       _ transform: @escaping @Sendable (SQLRow) throws -> Output) throws -> [Output] {
        let decoding = SplitDecoding(transform)
        do {
            try db.forEachRow(sql, arguments) { row in
                decoding.add(row)
                return true
            }
        } catch {
            decoding.abandon()
            throw error
        }
        return try decoding.finish()
    }

    /// Every value, in row order; or the first failing row's error.
    func finish() throws -> [Output] {
        if !pending.isEmpty { submit() }
        endWorker()
        var values: [Output] = []
        values.reserveCapacity(chunks * Self.chunkSize)
        for number in 0..<chunks {
            // Every chunk before a failure has its result, so the loop throws before a gap.
            guard let result = own.removeValue(forKey: number) ?? done.removeValue(forKey: number) else { break }
            values += try result.get()
        }
        return values
    }
}
