import Foundation
public import SupportModel

extension CatalogStore {
    /// The ids and content hashes of the active offers, ordered by id: what keys the matcher's
    /// index file, read without decoding any offer (at 100,000 offers decoding them was most
    /// of a server's start).
    public func activeOfferVersions() throws -> (ids: [OfferID], contentHashes: [String]) {
        try engine.read { db in
            var ids: [OfferID] = []
            var hashes: [String] = []
            try db.forEachRow("""
                SELECT source, local_id, content_hash FROM offer WHERE status = 'active' ORDER BY source, local_id
                """, []) { row in
                ids.append(OfferID(source: try row.text("source"), localID: try row.text("local_id")))
                hashes.append(try row.text("content_hash"))
                return true
            }
            return (ids, hashes)
        }
    }

    /// The active offers in id order (the store's), `batchSize` at a time, each batch read in a
    /// read transaction of its own and decoded on two threads (``SplitDecoding``): what a
    /// streamed index build reads (`OfferStream` in Matching), so it holds a couple of batches,
    /// not the catalogue, and `body` may read the store itself. The next batch is read and
    /// decoded on another thread while `body` works on this one. A batch reflects the store
    /// when it was read: an import committed meanwhile shows in the batches after it.
    public func activeOffers(batchSize: Int, _ body: ([Offer]) throws -> Void) throws {
        precondition(batchSize > 0)
        // One batch waiting, one being read, one in `body`: at most three in memory. The
        // reading thread ends after its current batch when `body` stops early.
        let batches = HandOff<[Offer]>(limit: 1)
        let thread = Thread { [self] in
            var after: OfferID?
            do {
                while true {
                    let batch = try activeOffers(after: after, limit: batchSize)
                    if !batch.isEmpty { try batches.put(batch) }
                    if batch.count < batchSize { break }
                    after = batch.last?.id
                }
                batches.finish()
            } catch is HandOff<[Offer]>.Stopped {
                batches.finish()
            } catch {
                batches.finish(error)
            }
        }
        thread.name = "supportmatch-offers"
        thread.start()
        defer { batches.stop() }
        while let batch = try batches.take() { try body(batch) }
    }

    /// One batch of active offers after `after` in id order.
    fileprivate func activeOffers(after: OfferID?, limit: Int) throws -> [Offer] {
        try engine.read { db in
            var sql = "SELECT \(StoredOfferDecoding.columns) FROM offer WHERE offer.status = 'active'"
            var arguments: [SQLValue] = []
            if let after {
                sql += " AND (offer.source > ? OR (offer.source = ? AND offer.local_id > ?))"
                arguments = [.text(after.source), .text(after.source), .text(after.localID)]
            }
            sql += " ORDER BY offer.source, offer.local_id LIMIT \(limit)"
            return try SplitDecoding.values(of: sql, arguments, in: db) { try StoredOfferDecoding.storedOffer($0).offer }
        }
    }

    /// The offers with these ids, each in the version with the given content hash, in the
    /// order given; `nil` where the store has no such version.
    ///
    /// An index reads the records it shows through this (``OfferRecords`` in Matching): it was
    /// built from exactly those versions, and between an import's commit and the swap to the
    /// new index a server still answers from the old one, so a changed offer is read from its
    /// history (`offer_history.previous_content`, whose hash is `previous_hash`). Such a record
    /// carries the current row's provenance with the old content hash. Many ids (a whole
    /// catalogue) are read with one scan of the active offers; a few, one lookup each.
    public func offers(_ ids: [OfferID], contentHashes: [String]) throws -> [Offer?] {
        precondition(ids.count == contentHashes.count)
        var result = [Offer?](repeating: nil, count: ids.count)
        if ids.count > 64 {
            var wanted: [OfferID: Int] = [:]
            for (position, id) in ids.enumerated() { wanted[id] = position }
            for stored in try offers() {
                guard let position = wanted[stored.id], stored.offer.provenance?.contentHash == contentHashes[position] else { continue }
                result[position] = stored.offer
            }
        }
        let missing = result.indices.filter { result[$0] == nil }
        guard !missing.isEmpty else { return result }
        try engine.read { db in
            for position in missing {
                let id = ids[position], hash = contentHashes[position]
                guard let row = try db.fetchOne("""
                    SELECT \(StoredOfferDecoding.columns) FROM offer WHERE source = ? AND local_id = ?
                    """, [.text(id.source), .text(id.localID)]) else { continue }
                var current = try StoredOfferDecoding.storedOffer(row).offer
                if current.provenance?.contentHash == hash {
                    result[position] = current
                    continue
                }
                guard let previous = try db.fetchOne("""
                    SELECT previous_content FROM offer_history
                    WHERE source = ? AND local_id = ? AND previous_hash = ? AND previous_content IS NOT NULL
                    ORDER BY id DESC LIMIT 1
                    """, [.text(id.source), .text(id.localID), .text(hash)]) else { continue }
                let provenance = current.provenance
                current = try StoredOfferDecoding.offer(fromStored: try previous.text("previous_content"))
                current.provenance = provenance
                current.provenance?.contentHash = hash
                result[position] = current
            }
        }
        return result
    }
}
