public import Foundation
public import GRDB

/// The catalogue database: every offer ever imported (active or withdrawn), its history, and
/// the log of import runs.
///
/// One SQLite file opened as a GRDB `DatabasePool` in WAL mode, so the matcher and the HTTP
/// service keep reading a consistent catalogue while an import writes the next one. An import
/// is a single transaction: a crash leaves the previous catalogue exactly as it was.
///
/// ```swift
/// let store = try CatalogStore(path: "supportmatch.sqlite")
/// let offers = try store.activeOffers()
/// ```
public final class CatalogStore: Sendable {
    /// Path of the database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (and creates or migrates) the catalogue database at `path`. `busyTimeout` is how long
    /// a write waits for another writer's lock before it fails with "database is locked".
    public init(path: String, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        var configuration = Configuration()
        // Offer texts and ids must not leak into logs or error messages through SQL arguments.
        configuration.publicStatementArguments = false
        configuration.label = "CatalogStore"
        // An import holds the write lock for its whole transaction; a second writer (a second
        // `supportmatch import`) waits for it instead of failing at once.
        configuration.busyMode = .timeout(busyTimeout)
        pool = try DatabasePool(path: path, configuration: configuration)
        try CatalogSchema.migrator.migrate(pool)
    }

    /// The database connection pool, for modules that keep their own tables in the same file
    /// (saved consultations): one file, one WAL, one writer at a time across all of them.
    public var database: DatabasePool { pool }

    /// `PRAGMA integrity_check` rows: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
