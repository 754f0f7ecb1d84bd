import CatalogImport
import SupportModel
import Foundation

/// Runs a reader on a thread of its own, a bounded number of records ahead of the store, and
/// hands its records to the caller's thread in input order.
///
/// Why: the store's connection (SQLite's writer, the PostgreSQL session) belongs to the import
/// transaction's thread, so the writes stay there; parsing and the per-record work that needs
/// no connection (the canonical bytes, their hash and stored form, ``PreparedRecord``) move to
/// the second core. On two idle cores the import then takes about as long as its slower half
/// instead of the sum of both (Benchmarks/RESULTS.md, "Issue 16.4: session 6").
///
/// Nothing changes for the caller but the thread the reader runs on: records arrive in the same
/// order, a reader's error is thrown after the records it handed out before failing (the
/// ``CatalogReader/read(_:input:context:handle:)`` contract), and an error thrown by `handle`
/// stops the reader at its next record; ``run(_:input:context:handle:)`` returns only after the
/// reader's thread has finished, so no read outlives the transaction.
enum ReadAhead {
    /// Records per hand-over (one lock round per chunk, not per record).
    static let chunkSize = 32
    /// Chunks the reader may be ahead: 8 × 32 records, a few MB of offers at most.
    static let chunkLimit = 8
    /// The reader thread's stack: the main thread's size, so deeply nested (hostile) input
    /// fails as it does when read on the main thread.
    static let stackSize = 8 << 20

    static func run(_ reader: any CatalogReader, input: CatalogInput, context: ReadContext,
                    handle: (PreparedRecord) throws -> Void) throws {
        let channel = HandOff<[PreparedRecord]>(limit: chunkLimit)
        let thread = Thread {
            var chunk: [PreparedRecord] = []
            chunk.reserveCapacity(chunkSize)
            var failure: (any Error)?
            do {
                try reader.read(input, context: context) { record in
                    chunk.append(PreparedRecord(record))
                    if chunk.count == chunkSize {
                        try channel.put(chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try channel.put(chunk) }
            } catch is HandOff<[PreparedRecord]>.Stopped {
                // The consumer failed and said so; it does not want the rest.
            } catch {
                failure = error
                // Records read before the failure still go first.
                if !chunk.isEmpty { try? channel.put(chunk) }
            }
            channel.finish(failure)
        }
        thread.stackSize = stackSize
        thread.name = "supportmatch-read"
        thread.start()

        do {
            while let chunk = try channel.take() {
                for record in chunk { try handle(record) }
            }
        } catch {
            channel.stop()
            channel.waitUntilFinished()
            throw error
        }
    }
}

/// A record with what the store makes of a valid offer before writing it, computed on the
/// reader's thread: the canonical bytes' stored form (``StoredContent``) and their SHA-256.
struct PreparedRecord: Sendable {
    var record: ReadRecord
    /// `nil` for a record the store does not write as an offer (invalid, or naming a foreign source).
    var content: StoredForm?

    struct StoredForm: Sendable {
        var stored: String
        var hash: String
    }

    init(_ record: ReadRecord) {
        self.record = record
        if record.foreignSource == nil, record.isValid, let offer = record.offer {
            content = StoredForm(offer)
        }
    }
}

extension PreparedRecord.StoredForm {
    /// The canonical bytes are made once, and both the hash and the stored text come from them.
    init(_ offer: Offer) {
        let canonical = offer.canonicalContentBytes()
        stored = String(decoding: StoredContent.encode(canonical), as: UTF8.self)
        hash = ContentHash.hex(of: canonical)
    }
}
