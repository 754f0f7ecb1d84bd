/// The catalogue schema as a list of migrations, for every engine.
///
/// A migration that has shipped is never edited: a database created by an older build has
/// already run it, so a change goes into a new migration appended at the end. The statements
/// are written once; the dialect fills in the column types that differ, and for SQLite they
/// are byte for byte the statements that shipped. The consultations' tables are theirs
/// (`Consultations/ConsultationSchema.swift`).
enum CatalogSchema {
    static let migrations: [StoreMigration] = [
        StoreMigration("v1") { dialect in [
            // One row per import attempt, including rejected, failed and dry runs, so the
            // history answers "who tried to load what, and why did it not go in".
            """
                CREATE TABLE import_run (
                    id \(dialect.autoIncrementKey),
                    started_at \(dialect.dateTime) NOT NULL,
                    finished_at \(dialect.dateTime) NOT NULL,
                    sources TEXT NOT NULL,          -- JSON array of source names
                    files TEXT NOT NULL,            -- JSON array of input paths as given
                    formats TEXT NOT NULL,          -- JSON array of format names
                    added \(dialect.integer) NOT NULL,
                    changed \(dialect.integer) NOT NULL,
                    unchanged \(dialect.integer) NOT NULL,
                    withdrawn \(dialect.integer) NOT NULL,
                    restored \(dialect.integer) NOT NULL,
                    rejected \(dialect.integer) NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'rejected', 'failed')),
                    dry_run BOOLEAN NOT NULL,
                    report TEXT NOT NULL            -- the full ImportReport as JSON
                )
                """,

            // The current version of every offer ever imported. Withdrawn offers stay, so an
            // advisor can still look up what a client was told about last year.
            """
                CREATE TABLE offer (
                    source TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    content TEXT NOT NULL,          -- Offer.canonicalContent(): sorted-key JSON, no provenance
                    content_hash TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
                    withdrawn_in_run \(dialect.integer) REFERENCES import_run(id),
                    first_seen_run \(dialect.integer) NOT NULL REFERENCES import_run(id),
                    last_changed_run \(dialect.integer) NOT NULL REFERENCES import_run(id),
                    source_format TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    source_record TEXT,
                    -- Copies of content fields, for filtering without decoding every offer.
                    title TEXT NOT NULL,
                    provider_name TEXT NOT NULL,
                    provider_level TEXT NOT NULL,
                    language TEXT NOT NULL,
                    schedule_status TEXT NOT NULL,
                    topics TEXT NOT NULL,           -- JSON array of topic codes
                    instruments TEXT NOT NULL,      -- JSON array of instrument codes
                    regions TEXT,                   -- JSON array of region codes; NULL = unrestricted
                    search_text TEXT NOT NULL,      -- lowercased id, title, summary, description, keywords, provider
                    PRIMARY KEY (source, local_id)
                )
                """,
            "CREATE INDEX offer_by_status ON offer(status, source)",

            // Every change of an offer, with the version it replaced.
            """
                CREATE TABLE offer_history (
                    id \(dialect.autoIncrementKey),
                    run_id \(dialect.integer) NOT NULL REFERENCES import_run(id),
                    source TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'withdrawn', 'restored')),
                    changed_fields TEXT NOT NULL,   -- JSON array of dotted field names
                    previous_content TEXT,          -- the replaced version (changed / restored with changes)
                    previous_hash TEXT,
                    FOREIGN KEY (source, local_id) REFERENCES offer(source, local_id)
                )
                """,
            "CREATE INDEX offer_history_by_offer ON offer_history(source, local_id, id)",
            "CREATE INDEX offer_history_by_run ON offer_history(run_id)",
        ] },

        // The offer's canonical content once, compactly: no copies of content fields but the
        // two JSON lists a filter may still want in SQL (`topics`, `instruments`), and the
        // content with its keys coded (``StoredContent``, same `TEXT` column, also in the
        // history's `previous_content`). Nothing reads the dropped copies: readers decode the
        // content. The store had been twice the size of the XML it was imported from; the
        // search text alone was half the content again. Rows are not rewritten here: old
        // content (plain JSON, starting with `{`) stays readable and is stored coded when the
        // offer next changes. Two indexes no query uses go (`offer_by_status`: offer queries
        // read in primary-key order; `offer_history_by_run`): each was one more B-tree insert
        // per imported offer. One statement per column: SQLite's ALTER TABLE drops one at a
        // time (3.35 and later; Debian 12 has 3.40); PostgreSQL accepts the same text.
        StoreMigration("v3-compact-offers") { _ in
            ["DROP INDEX offer_by_status", "DROP INDEX offer_history_by_run"]
                + ["title", "provider_name", "provider_level", "language", "schedule_status", "regions", "search_text"]
                    .map { "ALTER TABLE offer DROP COLUMN \($0)" }
        },
    ]
}
