import BundledCatalog
import CatalogImport
@testable import CatalogStore
import Foundation
import PostgresStore
import StoreTestSupport
import SupportModel
import Testing

/// The compact stored form of migration `v3-compact-offers` (canonical content with its keys
/// coded, ``StoredContent``; no copies of content fields), the batched writer, and stores made
/// before v3, on both engines.
@Suite("Compact offer storage")
struct CompactStoreTests {
    static func bundledOffers() throws -> [Offer] {
        var offers: [Offer] = []
        for url in try BundledCatalog.offerFiles() where url.pathExtension == "json" {
            try NativeJSONReader().read(CatalogInput(url: url), context: ReadContext(taxonomies: BundledCatalog.taxonomies)) { record in
                if let offer = record.offer { offers.append(offer) }
            }
        }
        return offers
    }

    /// Texts that look like coded keys or JSON structure, inside strings and as dictionary keys.
    static func hostileOffers() -> [Offer] {
        let texts = ["\"title\":", "title\":\"x", "\\\"summary\\\":", "\u{1}\u{1F}\u{0}", "{\"id\":1}", "a\\", "description", "é😀\u{2028}"]
        return texts.enumerated().map { position, text in
            Offer(id: OfferID(source: "s", localID: "o\(position)"), title: text, summary: text, description: text,
                  provider: Provider(name: text, level: .federal, contact: Contact(email: text, url: text)),
                  links: [Link(kind: .information, url: text, title: text)], keywords: [text, "title"],
                  eligibility: Eligibility(conditions: [text]),
                  funding: Funding(currency: "EUR", amountMax: 1e21),
                  originalCodes: [text: [text], "title": ["title"], "AgencyCode": [text], "status\"": ["x"], "": [""]])
        }
    }

    @Test("Coded content reads back as the canonical bytes, is valid text without NUL, and is smaller")
    func roundTrip() throws {
        let offers = try Self.bundledOffers() + Self.hostileOffers()
        #expect(offers.count > 90)
        var canonicalBytes = 0
        var storedBytes = 0
        var twoByteCodes = 0
        for offer in offers {
            let canonical = offer.canonicalContentBytes()
            let stored = StoredContent.encode(canonical)
            #expect(stored.first == 0x01, "\(offer.id) is stored coded")
            #expect(!stored.contains(0), "\(offer.id): PostgreSQL text holds no NUL")
            #expect(String(validating: stored, as: UTF8.self) != nil, "\(offer.id): the coded form is valid UTF-8")
            #expect(try StoredContent.decode(stored) == canonical, "\(offer.id)")
            twoByteCodes += zip(stored, stored.dropFirst()).filter { $0.0 == 0x1F }.count
            canonicalBytes += canonical.count
            storedBytes += stored.count
        }
        #expect(twoByteCodes > 0, "the two-byte codes are exercised")
        // The bundled offers' keys are about a fifth of their canonical JSON.
        #expect(Double(storedBytes) < 0.9 * Double(canonicalBytes), "\(storedBytes) of \(canonicalBytes) bytes")
        // Two-byte codes are 0x1F then 0x20…0x7F: room for 96 keys after the 30 one-byte ones.
        #expect(StoredContent.keys.count <= 30 + 96)
        #expect(Set(StoredContent.keys).count == StoredContent.keys.count)
    }

    @Test("Content stored before v3 (plain JSON) reads as it is; bad stored content is an error")
    func forms() throws {
        let canonical = Array(#"{"a":"b"}"#.utf8)
        #expect(try StoredContent.decode(canonical) == canonical)
        #expect(throws: StoredContent.Malformed.self) { try StoredContent.decode([]) }
        #expect(throws: StoredContent.Malformed.self) { try StoredContent.decode([0x02, 0x7B]) }
        #expect(throws: StoredContent.Malformed.self) { try StoredContent.decode([0x01, 0x7B, 0x1F]) }
        #expect(throws: StoredContent.Malformed.self) { try StoredContent.decode([0x01, 0x7B, 0x1F, 0x05]) }
        #expect(throws: StoredContent.Malformed.self) { try StoredContent.decode([0x01, 0x7B, 0x1F, 0x7F]) }
        // Not canonical (a raw control byte): stored as it is.
        let odd = Array("{\"title\":\"a\u{1}\"}".utf8)
        #expect(StoredContent.encode(odd) == odd)
    }

    @Test("Imported offers read back identical: canonical bytes, hashes, history; the integrity check accepts coded rows",
          arguments: StoreKind.allCases)
    func readBackIdentical(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            // The hostile texts as far as a valid record may hold them (no control characters).
            let hostile = Self.hostileOffers().filter { !$0.title.unicodeScalars.contains { $0.value < 0x20 } }.map {
                var offer = $0
                offer.id = OfferID(source: "supportmatch", localID: "hostile-" + offer.id.localID)
                offer.topics = ["beratung"]
                offer.instruments = [.grant]
                offer.funding = Funding(currency: "EUR", amountMax: 1e9)
                offer.originalCodes = offer.originalCodes.filter { !$0.key.isEmpty }
                offer.provider.contact = nil
                offer.links = offer.links.map { Link(kind: $0.kind, url: "https://example.org/", title: $0.title) }
                return offer
            }
            var offers = try Self.bundledOffers().filter { $0.id.source == "supportmatch" } + hostile
            let file = try Fixture.write(offers, source: "supportmatch", to: directory.path("all.json"))
            let first = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(first.outcome == .succeeded, "\(first.problemGroups)")
            #expect(first.counts.added == offers.count)
            try Self.expectStored(offers, in: store)
            #expect(try store.integrityCheck() == ["ok"])

            // One changed offer: its history holds the previous version exactly.
            let before = offers[3]
            offers[3].title += " (neu)"
            try Fixture.write(offers, source: "supportmatch", to: file)
            let second = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(second.changed.map(\.id) == [offers[3].id.description])
            #expect(second.counts.unchanged == offers.count - 1)
            let changed = try #require(try store.offer(offers[3].id))
            #expect(changed.history.last?.changedFields == ["title"])
            #expect(changed.history.last?.previous?.canonicalContentBytes() == before.canonicalContentBytes())
            try Self.expectStored(offers, in: store)
            #expect(try store.integrityCheck() == ["ok"])
            if kind == .postgres {
                // PostgreSQL's check hashes the decoded content on the server: a coded row whose
                // text was altered is found.
                _ = try store.engine.write { db in
                    try db.execute("UPDATE offer SET content = replace(content, 'neu', 'alt') WHERE local_id = ?",
                                   [.text(offers[3].id.localID)])
                }
                #expect(try store.integrityCheck() == ["offer \(offers[3].id): content does not match its hash"])
            }
        }
    }

    /// Every offer is stored, active, with the canonical bytes and hash it was imported with.
    static func expectStored(_ offers: [Offer], in store: CatalogStore) throws {
        let stored = try store.offers(status: .all)
        #expect(stored.map(\.id) == offers.map(\.id).sorted())
        for entry in stored {
            let original = try #require(offers.first { $0.id == entry.id })
            #expect(entry.status == .active)
            #expect(entry.offer.canonicalContentBytes() == original.canonicalContentBytes(), "\(entry.id)")
            #expect(entry.offer.provenance?.contentHash == original.contentHash, "\(entry.id)")
        }
    }

    @Test("Duplicates inside a batch and across batches are rejected in record order, naming the first read",
          arguments: StoreKind.allCases)
    func duplicatesAcrossBatches(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (0..<(2 * SnapshotWriter.batchSize + 50)).map { Fixture.offer("d\($0)") }
            offers[6] = offers[5]                               // same batch as its first
            offers[SnapshotWriter.batchSize + 20] = offers[10]  // a later batch
            var invalid = Fixture.offer("bad")
            invalid.title = ""
            offers[SnapshotWriter.batchSize + 30] = invalid     // an invalid record between them
            offers[SnapshotWriter.batchSize + 40] = offers[11]
            let file = try Fixture.write(offers, to: directory.path("dup.json"))
            let report = Fixture.importer(store).run(ImportRequest(paths: [file], policy: .skipInvalid))
            #expect(report.outcome == .succeeded, "\(report.problemGroups)")
            #expect(report.rejected.map(\.id) == ["test:d5", "test:d10", "test:bad", "test:d11"])
            #expect(report.rejected[0].diagnostics.first?.message.contains("first read at") == true)
            #expect(report.counts.added == offers.count - 4)
            #expect(report.added.count == offers.count - 4)
            #expect(try store.activeOffers().count == offers.count - 4)
        }
    }

    @Test("A store made before v3 is migrated: same offers, hashes and history; a re-import finds them unchanged",
          arguments: StoreKind.allCases)
    func migration(_ kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine: any StoreEngine = switch kind {
        case .sqlite: try SQLiteEngine(path: directory.path("old.sqlite"))
        case .postgres: try PostgresEngine(url: try postgresTestDatabase())
        }
        var offers = Array(try Self.bundledOffers().filter { $0.id.source == "supportmatch" }.prefix(5))
        // What the writer stored before v3: canonical JSON text, filter copies.
        try engine.migrate(Array(CatalogSchema.migrations.prefix { $0.identifier != "v3-compact-offers" }))
        try engine.write { db in
            let at = SQLValue.date(Date(timeIntervalSince1970: 1_767_225_600))
            try db.execute("""
                INSERT INTO import_run (id, started_at, finished_at, sources, files, formats, added, changed,
                    unchanged, withdrawn, restored, rejected, outcome, dry_run, report)
                VALUES (1, ?, ?, '["supportmatch"]', '[]', '[]', 5, 0, 0, 0, 0, 0, 'succeeded', ?, '{}')
                """, [at, at, .bool(false)])
            for offer in offers {
                let content = SQLValue.text(String(decoding: offer.canonicalContentBytes(), as: UTF8.self))
                try db.execute("""
                    INSERT INTO offer (source, local_id, content, content_hash, status, withdrawn_in_run, first_seen_run,
                        last_changed_run, source_format, source_file, source_record, title, provider_name, provider_level,
                        language, schedule_status, topics, instruments, regions, search_text)
                    VALUES (?, ?, ?, ?, 'active', NULL, 1, 1, 'native-json', 'old.json', NULL, ?, '', '', '', '', ?, ?, NULL, '')
                    """, [.text(offer.id.source), .text(offer.id.localID), content, .text(offer.contentHash),
                          .text(offer.title), .text(JSONText.codes(offer.topics)), .text(JSONText.codes(offer.instruments))])
                try db.execute("""
                    INSERT INTO offer_history (run_id, source, local_id, kind, changed_fields, previous_content, previous_hash)
                    VALUES (1, ?, ?, 'changed', '["title"]', ?, ?)
                    """, [.text(offer.id.source), .text(offer.id.localID), content, .text(offer.contentHash)])
            }
            if kind == .postgres {
                try db.execute("SELECT setval(pg_get_serial_sequence('import_run', 'id'), 2, false)")
            }
        }
        let store = try CatalogStore(engine: engine)
        #expect(try store.integrityCheck() == ["ok"])
        try Self.expectStored(offers, in: store)
        for offer in offers {
            let history = try #require(try store.offer(offer.id)).history
            #expect(history.count == 1)
            #expect(history.first?.previous?.canonicalContentBytes() == offer.canonicalContentBytes())
        }

        // Re-importing the same offers: all unchanged (the hashes survived the migration); one
        // changed offer is written coded and its history holds the old plain JSON.
        offers[1].title += " (neu)"
        let file = try Fixture.write(offers, source: "supportmatch", to: directory.path("again.json"))
        let report = Fixture.importer(store).run(ImportRequest(paths: [file]))
        #expect(report.outcome == .succeeded, "\(report.problemGroups)")
        #expect(report.counts.unchanged == 4)
        #expect(report.changed.map(\.id) == [offers[1].id.description])
        let changed = try #require(try store.offer(offers[1].id))
        #expect(changed.offer.title == offers[1].title)
        #expect(changed.history.last?.changedFields == ["title"])
        #expect(changed.history.last?.previous?.title == String(offers[1].title.dropLast(" (neu)".count)))
        let raw = try engine.read { db in
            try db.fetchOne("SELECT content FROM offer WHERE source = ? AND local_id = ?",
                            [.text(offers[1].id.source), .text(offers[1].id.localID)])?.text("content")
        }
        #expect(raw?.utf8.first == 0x01)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
