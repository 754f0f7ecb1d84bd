public import Foundation
public import GRDB

/// The catalogue store: every offer ever imported (active or withdrawn), its history, and
/// the log of import runs, on whichever ``StoreEngine`` is behind it.
///
/// SQLite (one file, WAL mode) is the embedded default; PostgreSQL (module `PostgresStore`)
/// lets several `serve` replicas share one catalogue. Importing, reading and the saved
/// consultations are written once against the engine, so they behave the same on both. An
/// import is a single transaction: a crash leaves the previous catalogue exactly as it was.
///
/// ```swift
/// let store = try CatalogStore(path: "supportmatch.sqlite")
/// let offers = try store.activeOffers()
/// ```
public final class CatalogStore: Sendable {
    /// The database behind the store.
    public let engine: any StoreEngine

    /// Opens (and creates or migrates) the SQLite catalogue database at `path`. `busyTimeout` is
    /// how long a write waits for another writer's lock before it fails with "database is locked".
    public convenience init(path: String, busyTimeout: TimeInterval = 60) throws {
        try self.init(engine: SQLiteEngine(path: path, busyTimeout: busyTimeout))
    }

    /// Opens the store on `engine`, applying the catalogue migrations it lacks.
    public init(engine: any StoreEngine) throws {
        self.engine = engine
        try engine.migrate(CatalogSchema.migrations)
    }

    /// Where the store is (a path, or a PostgreSQL URL without its password), for messages.
    public var path: String { engine.location }

    /// The SQLite pool, for SQLite-only tools and tests; `nil` on other engines.
    public var sqlitePool: DatabasePool? { (engine as? SQLiteEngine)?.pool }

    /// A check of the store's physical integrity: `["ok"]` for a sound store.
    public func integrityCheck() throws -> [String] {
        try engine.integrityCheck()
    }
}
