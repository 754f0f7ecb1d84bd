public import Foundation
public import GRDB

/// The embedded engine: one SQLite file opened as a GRDB `DatabasePool` in WAL mode, so
/// readers keep a consistent catalogue while an import writes the next one.
public final class SQLiteEngine: StoreEngine {
    public let path: String
    /// The pool, for the SQLite-only tools (integrity checks, tests that read tables directly).
    public let pool: DatabasePool

    public var dialect: SQLDialect { .sqlite }
    public var location: String { path }

    /// `busyTimeout` is how long a write waits for another writer's lock before it fails with
    /// "database is locked".
    public init(path: String, busyTimeout: TimeInterval = 60) throws {
        self.path = path
        var configuration = Configuration()
        // Offer texts and ids must not leak into logs or error messages through SQL arguments.
        configuration.publicStatementArguments = false
        configuration.label = "CatalogStore"
        // An import holds the write lock for its whole transaction; a second writer (a second
        // `supportmatch import`) waits for it instead of failing at once.
        configuration.busyMode = .timeout(busyTimeout)
        // A new file gets 16 KiB pages (this runs before the first write, and does nothing to
        // an existing file): offer rows are about 2 KB, and two rarely fit a 4 KiB page, which
        // left a Grants.gov store 20 % larger than its rows. 64 KiB pages gained nothing more.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA page_size = 16384")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        // GRDB's read is a transaction on a reader connection: one committed state throughout.
        try pool.read { db in try body(SQLiteSession(db: db)) }
    }

    public func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var outcome: T?
            try db.inTransaction(.immediate) {
                outcome = try body(SQLiteSession(db: db))
                return .commit
            }
            return outcome!
        }
    }

    public func importTransaction<T>(_ body: (any SQLSession) throws -> (result: T, commit: Bool)) throws -> T {
        try pool.writeWithoutTransaction { db in
            var outcome: T?
            // IMMEDIATE takes the write lock at BEGIN: a second importer waits for the first
            // (busy timeout) rather than failing when it first writes.
            try db.inTransaction(.immediate) {
                let (result, commit) = try body(SQLiteSession(db: db))
                outcome = result
                return commit ? .commit : .rollback
            }
            return outcome!
        }
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements(.sqlite) { try db.execute(sql: statement) }
            }
        }
        // GRDB records applied identifiers in `grdb_migrations`; the catalogue's and the
        // consultations' lists share that table, each skipping what the other applied.
        try migrator.migrate(pool)
    }

    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}

/// Statements on one GRDB connection inside a transaction.
struct SQLiteSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        // Cached: the import runs the same few statements once per record.
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
        return db.changesCount
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        var result: [SQLRow] = []
        try forEachRow(sql, arguments) { row in
            result.append(row)
            return true
        }
        return result
    }

    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Bool) throws {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
        while let row = try rows.next() {
            if try !body(SQLRow(columns: columns, values: row.databaseValues.map(SQLValue.init(databaseValue:)))) { return }
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .bool(let value): value.databaseValue
        case .date(let value): value.databaseValue
        }
    }

    init(databaseValue: DatabaseValue) {
        switch databaseValue.storage {
        case .null: self = .null
        case .int64(let value): self = .integer(value)
        case .double(let value): self = .real(value)
        case .string(let value): self = .text(value)
        case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
        }
    }
}
