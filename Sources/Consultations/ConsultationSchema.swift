import CatalogStore

/// The consultations' tables, for every engine, in the catalogue's store: one place to back up,
/// and events refer to the import runs that caused them.
///
/// The identifier is the one this migration shipped under in the catalogue's list, so a
/// database that already has the tables is not migrated again; statements are byte for byte
/// what shipped for SQLite. A shipped migration is never edited.
enum ConsultationSchema {
    static let migrations: [StoreMigration] = [
        // Saved consultations (the `Consultations` module): profiles with their shortlists, the
        // last match result each change detection compares against, and the change events.
        // Everything hangs off `saved_profile` with ON DELETE CASCADE, so deleting a profile
        // removes all it left behind (privacy: hard delete).
        StoreMigration("v2-consultations") { dialect in [
            """
                CREATE TABLE saved_profile (
                    id TEXT PRIMARY KEY,            -- 128 random bits, base64url: the capability
                    label TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    profile TEXT NOT NULL,          -- the answers given, as JSON (nothing derived)
                    created_at TEXT NOT NULL,       -- ISO 8601 UTC
                    updated_at TEXT NOT NULL,
                    last_seen_at TEXT,              -- the previous visit of the consultation page
                    last_seen_event \(dialect.integer) NOT NULL DEFAULT 0, -- highest event id shown then
                    last_matched_run \(dialect.integer)        -- import run of the last comparison
                )
                """,
            """
                CREATE TABLE shortlist_entry (
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    offer_id TEXT NOT NULL,         -- source:localID
                    position \(dialect.integer) NOT NULL,      -- the order the advisor gave
                    note TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    title TEXT NOT NULL,            -- last known title, for withdrawn offers
                    state TEXT NOT NULL CHECK (state IN ('active', 'closed', 'withdrawn')),
                    material TEXT NOT NULL,         -- MaterialFields values at the last comparison (JSON)
                    PRIMARY KEY (profile_id, offer_id)
                )
                """,
            """
                CREATE TABLE profile_match (
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    rank \(dialect.integer) NOT NULL,
                    offer_id TEXT NOT NULL,
                    PRIMARY KEY (profile_id, rank)
                )
                """,
            """
                CREATE TABLE profile_event (
                    id \(dialect.autoIncrementKey),
                    profile_id TEXT NOT NULL REFERENCES saved_profile(id) ON DELETE CASCADE,
                    run_id \(dialect.integer) REFERENCES import_run(id),
                    kind TEXT NOT NULL,
                    offer_id TEXT NOT NULL,
                    once_key TEXT NOT NULL,         -- 'run:N', or 'deadline:YYYY-MM-DD' for reminders
                    details TEXT NOT NULL,          -- JSON
                    created_at TEXT NOT NULL,
                    UNIQUE (profile_id, kind, offer_id, once_key)
                )
                """,
            "CREATE INDEX profile_event_by_profile ON profile_event(profile_id, id)",
        ] },
    ]
}
