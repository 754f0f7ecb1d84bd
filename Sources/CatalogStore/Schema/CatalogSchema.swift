import GRDB

/// The database schema as a list of migrations.
///
/// A migration that has shipped is never edited: a database created by an older build has
/// already run it, so a change goes into a new migration appended at the end.
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per import attempt, including rejected, failed and dry runs, so the
            // history answers "who tried to load what, and why did it not go in".
            try db.execute(sql: """
                CREATE TABLE import_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME NOT NULL,
                    sources TEXT NOT NULL,          -- JSON array of source names
                    files TEXT NOT NULL,            -- JSON array of input paths as given
                    formats TEXT NOT NULL,          -- JSON array of format names
                    added INTEGER NOT NULL,
                    changed INTEGER NOT NULL,
                    unchanged INTEGER NOT NULL,
                    withdrawn INTEGER NOT NULL,
                    restored INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'rejected', 'failed')),
                    dry_run BOOLEAN NOT NULL,
                    report TEXT NOT NULL            -- the full ImportReport as JSON
                )
                """)

            // The current version of every offer ever imported. Withdrawn offers stay, so an
            // advisor can still look up what a client was told about last year.
            try db.execute(sql: """
                CREATE TABLE offer (
                    source TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    content TEXT NOT NULL,          -- Offer.canonicalContent(): sorted-key JSON, no provenance
                    content_hash TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
                    withdrawn_in_run INTEGER REFERENCES import_run(id),
                    first_seen_run INTEGER NOT NULL REFERENCES import_run(id),
                    last_changed_run INTEGER NOT NULL REFERENCES import_run(id),
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
                """)
            try db.execute(sql: "CREATE INDEX offer_by_status ON offer(status, source)")

            // Every change of an offer, with the version it replaced.
            try db.execute(sql: """
                CREATE TABLE offer_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES import_run(id),
                    source TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'withdrawn', 'restored')),
                    changed_fields TEXT NOT NULL,   -- JSON array of dotted field names
                    previous_content TEXT,          -- the replaced version (changed / restored with changes)
                    previous_hash TEXT,
                    FOREIGN KEY (source, local_id) REFERENCES offer(source, local_id)
                )
                """)
            try db.execute(sql: "CREATE INDEX offer_history_by_offer ON offer_history(source, local_id, id)")
            try db.execute(sql: "CREATE INDEX offer_history_by_run ON offer_history(run_id)")
        }

        // Saved consultations (the `Consultations` module): profiles with their shortlists, the
        // last match result each change detection compares against, and the change events.
        // Everything hangs off `saved_profile` with ON DELETE CASCADE, so deleting a profile
        // removes all it left behind (privacy: hard delete).
        migrator.registerMigration("v2-consultations") { db in
            try db.execute(sql: """
                CREATE TABLE saved_profile (
                    id TEXT PRIMARY KEY,            -- 128 random bits, base64url: the capability
                    label TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    profile TEXT NOT NULL,          -- the answers given, as JSON (nothing derived)
                    created_at TEXT NOT NULL,       -- ISO 8601 UTC
                    updated_at TEXT NOT NULL,
                    last_seen_at TEXT,              -- the previous visit of the consultation page
                    last_seen_event INTEGER NOT NULL DEFAULT 0, -- highest event id shown then
                    last_matched_run INTEGER        -- import run of the last comparison
                )
                """)
            try db.execute(sql: """
                CREATE TABLE shortlist_entry (
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    offer_id TEXT NOT NULL,         -- source:localID
                    position INTEGER NOT NULL,      -- the order the advisor gave
                    note TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    title TEXT NOT NULL,            -- last known title, for withdrawn offers
                    state TEXT NOT NULL CHECK (state IN ('active', 'closed', 'withdrawn')),
                    material TEXT NOT NULL,         -- MaterialFields values at the last comparison (JSON)
                    PRIMARY KEY (profile_id, offer_id)
                )
                """)
            try db.execute(sql: """
                CREATE TABLE profile_match (
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    rank INTEGER NOT NULL,
                    offer_id TEXT NOT NULL,
                    PRIMARY KEY (profile_id, rank)
                )
                """)
            try db.execute(sql: """
                CREATE TABLE profile_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    run_id INTEGER REFERENCES import_run(id),
                    kind TEXT NOT NULL,
                    offer_id TEXT NOT NULL,
                    once_key TEXT NOT NULL,         -- 'run:N', or 'deadline:YYYY-MM-DD' for reminders
                    details TEXT NOT NULL,          -- JSON
                    created_at TEXT NOT NULL,
                    UNIQUE (profile_id, kind, offer_id, once_key)
                )
                """)
            try db.execute(sql: "CREATE INDEX profile_event_by_profile ON profile_event(profile_id, id)")
        }
        return migrator
    }
}
