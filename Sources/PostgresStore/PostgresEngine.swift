public import CatalogStore
import Foundation
import Logging
import PostgresNIO

/// PostgreSQL behind the store, so several `serve` replicas and the CLI share one catalogue,
/// its history and the saved consultations.
///
/// The store interface is synchronous (readers stream records through synchronous callbacks;
/// callers run store work off Swift's cooperative pool), so this engine drives postgres-nio's
/// `PostgresConnection` through its EventLoopFuture API and waits on the calling thread. That
/// wait needs only NIO's own threads to make progress, never the cooperative pool: bridging
/// `PostgresClient`'s async leases into synchronous calls would block cooperative threads on
/// work that needs one, which deadlocks on a two-core machine. Connections are kept in a
/// small pool of idle ones, each leased by one transaction at a time.
public final class PostgresEngine: StoreEngine, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    public let location: String
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    /// Guards `idle` and `nextID`; `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    /// Idle connections kept for reuse; more may be open while leased.
    let maxIdle: Int

    /// Key of the advisory lock that serialises imports across every process on the database.
    static let importLock: Int64 = 0x5355_504d_494d_5054 // "SUPMIMPT"
    /// Key of the advisory lock that serialises schema migrations.
    static let migrationLock: Int64 = 0x5355_504d_4d49_4752 // "SUPMMIGR"

    /// Connects to the database named by `url` (`postgres://user[:password]@host[:port]/database`,
    /// `?sslmode=require` for TLS), failing at once when it cannot be reached.
    public init(url: String, maxIdle: Int = 8) throws {
        let parsed = try PostgresURL(url)
        configuration = parsed.configuration
        location = parsed.redacted
        self.maxIdle = maxIdle
        var logger = Logger(label: "supportmatch.postgres")
        logger.logLevel = .error
        self.logger = logger
        _ = try lease { connection in try Self.run(connection, "SELECT 1", [], logger: logger) }
    }

    deinit {
        for connection in idle { Self.discard(connection) }
    }

    // MARK: Transactions

    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        // REPEATABLE READ: one snapshot for the whole read, as SQLite's WAL reader gives.
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { session in (try body(session), true) }
    }

    public func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN") { session in (try body(session), true) }
    }

    public func importTransaction<T>(_ body: (any SQLSession) throws -> (result: T, commit: Bool)) throws -> T {
        try transaction(begin: "BEGIN") { session in
            // Held to the end of the transaction: a second import (any replica, the CLI) waits
            // here, then sees the first one's result. A killed importer's session ends, and with
            // it the transaction (rolled back) and the lock.
            try session.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.importLock)])
            let (result, commit) = try body(session)
            // Queued inside the transaction, so PostgreSQL delivers it to the listening replicas
            // only when the import commits: a rejected, dry or killed import tells no one.
            if commit { try session.execute("SELECT pg_notify(?, '')", [.text(Self.importChannel)]) }
            return (result, commit)
        }
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        try transaction(begin: "BEGIN") { session in
            try session.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.migrationLock)])
            try session.execute("""
                CREATE TABLE IF NOT EXISTS store_migration (
                    identifier TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try session.fetch("SELECT identifier FROM store_migration", []).map { try $0.text("identifier") })
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements(.postgres) { try session.execute(statement) }
                try session.execute("INSERT INTO store_migration (identifier) VALUES (?)", [.text(migration.identifier)])
            }
            return ((), true)
        }
    }

    /// The server guards its own pages; what can go wrong above them is a stored version that
    /// does not match its hash, or an offer whose status and withdrawal run disagree. Each such
    /// offer is listed; `["ok"]` when there is none.
    public func integrityCheck() throws -> [String] {
        // The stored content may be coded (`StoredContent`): hashed as the canonical JSON it stands for.
        let hash = "encode(sha256(convert_to(\(StoredContent.postgresCanonical("content")), 'UTF8')), 'hex')"
        let problems = try read { session in
            try session.fetch("""
                SELECT source, local_id,
                    content_hash <> \(hash) AS bad_hash,
                    (status = 'active') <> (withdrawn_in_run IS NULL) AS bad_status
                FROM offer
                WHERE content_hash <> \(hash)
                   OR (status = 'active') <> (withdrawn_in_run IS NULL)
                ORDER BY source, local_id
                """, []).map { row in
                let what = try row.bool("bad_hash") ? "content does not match its hash" : "status and withdrawal run disagree"
                return "offer \(try row.text("source")):\(try row.text("local_id")): \(what)"
            }
        }
        return problems.isEmpty ? ["ok"] : problems
    }

    private func transaction<T>(begin: String, _ body: (PostgresSession) throws -> (T, Bool)) throws -> T {
        try lease { connection in
            let session = PostgresSession(connection: connection, logger: logger)
            try session.execute(begin)
            let result: T
            let commit: Bool
            do {
                (result, commit) = try body(session)
            } catch {
                _ = try? session.execute("ROLLBACK")
                throw error
            }
            try session.execute(commit ? "COMMIT" : "ROLLBACK")
            return result
        }
    }

    // MARK: Connections

    /// Runs `body` on an idle connection (or a new one) and keeps it for reuse unless it closed
    /// or `body` failed (its transaction state is then unknown; a new connection is cheaper
    /// than finding out).
    private func lease<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try take()
        do {
            let result = try body(connection)
            give(connection)
            return result
        } catch {
            Self.discard(connection)
            throw error
        }
    }

    private func take() throws -> PostgresConnection {
        let (reused, id): (PostgresConnection?, Int) = lock.withLock {
            while let connection = idle.popLast() {
                if !connection.isClosed { return (connection, 0) }
            }
            nextID += 1
            return (nil, nextID)
        }
        if let reused { return reused }
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw PostgresStoreError(error, doing: "connecting to \(location)")
        }
    }

    private func give(_ connection: PostgresConnection) {
        let keep = lock.withLock {
            guard !connection.isClosed, idle.count < maxIdle else { return false }
            idle.append(connection)
            return true
        }
        if !keep { Self.discard(connection) }
    }

    /// Closes a connection and keeps it alive until the close completes: postgres-nio traps
    /// when a connection is deallocated open.
    static func discard(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    static func run(_ connection: PostgresConnection, _ sql: String, _ arguments: [SQLValue], logger: Logger) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .bool(let value): binds.append(value)
            case .date(let value): binds.append(value)
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: binds), logger: logger).wait()
        } catch {
            throw PostgresStoreError(error, doing: "running " + sql.split(separator: "\n").first.map(String.init).map { $0.trimmingCharacters(in: .whitespaces) }!)
        }
    }

    /// `?` placeholders (the shared statements' style) as PostgreSQL's `$1, $2, …`; a `?`
    /// inside a quoted literal stays.
    static func numberedPlaceholders(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Statements on one leased connection inside its transaction.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try PostgresEngine.run(connection, sql, arguments, logger: logger).metadata.rows ?? 0
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = try PostgresEngine.run(connection, sql, arguments, logger: logger)
        guard let first = result.rows.first else { return [] }
        let columns = first.map(\.columnName)
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value)) }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .bool(try cell.decode(Bool.self))
        case .float4, .float8, .numeric: return .real(try cell.decode(Double.self))
        case .timestamptz, .timestamp: return .date(try cell.decode(Date.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A PostgreSQL failure with what the server said (postgres-nio's own description hides it,
/// to keep query values out of logs; the message and SQLSTATE are safe to show).
public struct PostgresStoreError: Error, CustomStringConvertible {
    public var description: String

    init(_ error: any Error, doing: String) {
        if let error = error as? PostgresStoreError {
            description = error.description
        } else if let error = error as? PSQLError {
            if let server = error.serverInfo {
                let state = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                description = "PostgreSQL: \(server[.message] ?? "error")\(state), \(doing)"
            } else {
                let underlying = error.underlying.map { ": \($0)" } ?? ""
                description = "PostgreSQL: \(error.code)\(underlying), \(doing)"
            }
        } else {
            description = "PostgreSQL: \(error), \(doing)"
        }
    }

    init(_ description: String) { self.description = description }
}

/// A `postgres://` or `postgresql://` URL read into a connection configuration.
struct PostgresURL {
    var configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages and logs.
    var redacted: String

    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    init(_ text: String) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw PostgresStoreError("not a PostgreSQL URL: expected postgres://user@host[:port]/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError("the PostgreSQL URL names no user: postgres://USER@\(host)/…")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw PostgresStoreError("the PostgreSQL URL names no database: postgres://\(user)@\(host)/DATABASE")
        }
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresConnection.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: throw PostgresStoreError("sslmode=\(mode) in the PostgreSQL URL: expected disable, prefer or require")
        }
        configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database, tls: tls)
        redacted = redactedStoreLocation(text)
    }
}

/// `location` as it may be shown: a PostgreSQL URL with its password replaced, a path as it is.
public func redactedStoreLocation(_ location: String) -> String {
    guard PostgresURL.isPostgres(location), var components = URLComponents(string: location) else { return location }
    if components.password != nil { components.password = "***" }
    return components.string ?? "postgres://…"
}

extension CatalogStore {
    /// Whether ``open(_:)`` opens `location` as a PostgreSQL store (a `postgres://` or
    /// `postgresql://` URL); anything else is a SQLite file.
    public static func isPostgres(_ location: String) -> Bool { PostgresURL.isPostgres(location) }

    /// Opens the store at `location`: a `postgres://` URL selects PostgreSQL, anything else is
    /// the path of a SQLite file (the default).
    public static func open(_ location: String) throws -> CatalogStore {
        if isPostgres(location) {
            return try CatalogStore(engine: PostgresEngine(url: location))
        }
        return try CatalogStore(path: location)
    }
}
