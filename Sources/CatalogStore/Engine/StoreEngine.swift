public import Foundation
import GRDB

/// The SQL dialects the store speaks. Statements are written once in the syntax both accept
/// (`ON CONFLICT DO NOTHING`, `RETURNING`, `TRUE`/`FALSE`, `?` placeholders); the few places
/// where they differ (key columns, JSON arrays, substring search, temporary tables) ask the
/// dialect.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite
    case postgres
}

/// A value bound to or read from a statement, in the few types the schema uses.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)
    /// An instant: `DATETIME` text in SQLite (GRDB's format, so older files read the same),
    /// `TIMESTAMPTZ` in PostgreSQL.
    case date(Date)
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ integer: Int64?) { self = integer.map(SQLValue.integer) ?? .null }
    public init(_ integer: Int) { self = .integer(Int64(integer)) }
}

/// One result row, read by column name. Getters convert what either engine returns for a
/// column of the shared schema (SQLite's 0/1 for booleans and text for instants, PostgreSQL's
/// `bool` and `timestamptz`) and throw a located error for anything else: a stored row that
/// cannot be read is a broken store, not a value to guess.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func optionalText(_ column: String) throws -> String? {
        switch self[column] {
        case .null: return nil
        case .text(let text): return text
        case let other: throw StoreDataError(column: column, expected: "text", found: other)
        }
    }

    public func text(_ column: String) throws -> String {
        guard let text = try optionalText(column) else { throw StoreDataError(column: column, expected: "text", found: .null) }
        return text
    }

    public func optionalInteger(_ column: String) throws -> Int64? {
        switch self[column] {
        case .null: return nil
        case .integer(let value): return value
        case .bool(let value): return value ? 1 : 0
        case let other: throw StoreDataError(column: column, expected: "an integer", found: other)
        }
    }

    public func integer(_ column: String) throws -> Int64 {
        guard let value = try optionalInteger(column) else { throw StoreDataError(column: column, expected: "an integer", found: .null) }
        return value
    }

    public func int(_ column: String) throws -> Int { Int(try integer(column)) }

    public func bool(_ column: String) throws -> Bool {
        switch self[column] {
        case .bool(let value): return value
        case .integer(let value): return value != 0
        case let other: throw StoreDataError(column: column, expected: "a boolean", found: other)
        }
    }

    public func date(_ column: String) throws -> Date {
        switch self[column] {
        case .date(let date): return date
        case .text(let text):
            guard let date = Date.fromDatabaseValue(text.databaseValue) else {
                throw StoreDataError(column: column, expected: "a date", found: .text(text))
            }
            return date
        case let other: throw StoreDataError(column: column, expected: "a date", found: other)
        }
    }
}

/// A stored value of the wrong type (a hand-edited database, a bug).
public struct StoreDataError: Error, CustomStringConvertible {
    public var column: String
    public var expected: String
    public var found: SQLValue

    public var description: String {
        let kind = switch found {
        case .null: "NULL"
        case .integer: "an integer"
        case .real: "a real number"
        case .text: "text"
        case .bool: "a boolean"
        case .date: "a date"
        }
        return "stored column \(column): expected \(expected), found \(kind)"
    }
}

/// Statements inside one transaction of a ``StoreEngine``.
///
/// Synchronous on purpose: readers stream records through synchronous callbacks, and every
/// caller already runs store work off Swift's cooperative pool (`offPool` in the server), so a
/// blocking call costs one dispatch thread and never a cooperative one.
public protocol SQLSession {
    var dialect: SQLDialect { get }
    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int
    /// Runs a query and returns its rows.
    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
    /// Runs a query and hands its rows over one at a time until `body` returns `false`, so a
    /// whole-catalogue read need not hold every row and every decoded offer at once.
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Bool) throws
}

extension SQLSession {
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Bool) throws {
        for row in try fetch(sql, arguments) where try !body(row) { return }
    }

    public func fetchOne(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLRow? {
        try fetch(sql, arguments).first
    }
}

/// The database behind the catalogue and the consultations: the one thing that differs
/// between SQLite (one file, the embedded default) and PostgreSQL (shared by replicas).
///
/// Everything above it (imports with change detection, reading, consultations, the change
/// detector) is written once against this protocol with SQL both dialects accept. An engine
/// supplies transactions, migrations and the way imports are serialised; nothing else.
public protocol StoreEngine: Sendable {
    var dialect: SQLDialect { get }
    /// Where the store is, for messages (a path, or a URL without its password).
    var location: String { get }
    /// A read-only view; sees one committed state for its whole duration.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// A write transaction: commits when `body` returns, rolls back when it throws.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// The import transaction: exclusive among imports of every process on the store (SQLite's
    /// write lock taken at `BEGIN IMMEDIATE`; a PostgreSQL advisory lock), committed only when
    /// `body` says so. A process killed inside it leaves the previous state.
    func importTransaction<T>(_ body: (any SQLSession) throws -> (result: T, commit: Bool)) throws -> T
    /// Applies the migrations not yet applied, in order, each once.
    func migrate(_ migrations: [StoreMigration]) throws
    /// A check of the store's physical integrity: `["ok"]` when sound.
    func integrityCheck() throws -> [String]
    /// Reports imports committed by any process on the store as they commit, until the calling
    /// task is cancelled, where the engine can (PostgreSQL: LISTEN/NOTIFY). Returns at once
    /// where it cannot (SQLite: one machine, and polling the version is as quick); a follower
    /// polls either way, because a watch can be lost.
    func watchImports(_ signal: @escaping @Sendable (ImportSignal) -> Void) async
}

/// What a watch on imports reports (``StoreEngine/watchImports(_:)``).
public enum ImportSignal: Sendable, Hashable {
    /// The watch is in place (again): imports from now on are reported; one committed before
    /// was not, so look at the stored version once now.
    case watching
    /// An import committed (by any replica or the CLI).
    case imported
    /// The watch was lost (its connection closed) and is being re-established; until the next
    /// `watching`, only polling sees imports.
    case lost
}

extension StoreEngine {
    public func watchImports(_ signal: @escaping @Sendable (ImportSignal) -> Void) async {}
}

/// One schema step, identified for ever by its name. The statements are produced per dialect
/// so the shared parts are written once; a migration that has shipped is never edited
/// (a database created by an older build has already run it).
public struct StoreMigration: Sendable {
    public var identifier: String
    public var statements: @Sendable (SQLDialect) -> [String]

    public init(_ identifier: String, statements: @escaping @Sendable (SQLDialect) -> [String]) {
        self.identifier = identifier
        self.statements = statements
    }
}

extension SQLDialect {
    /// An auto-numbered 64-bit key column.
    public var autoIncrementKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        }
    }

    /// A 64-bit integer column (SQLite's INTEGER is already 64-bit; PostgreSQL's is 32).
    public var integer: String {
        switch self {
        case .sqlite: "INTEGER"
        case .postgres: "BIGINT"
        }
    }

    /// An instant column.
    public var dateTime: String {
        switch self {
        case .sqlite: "DATETIME"
        case .postgres: "TIMESTAMPTZ"
        }
    }

    /// Whether the JSON array text in `column` contains the string bound to the next `?`.
    public func jsonArrayContains(_ column: String) -> String {
        switch self {
        case .sqlite: "EXISTS (SELECT 1 FROM json_each(\(column)) WHERE json_each.value = ?)"
        case .postgres: "EXISTS (SELECT 1 FROM jsonb_array_elements_text(\(column)::jsonb) AS element(value) WHERE element.value = ?)"
        }
    }

    /// The 1-based position of the text bound to the next `?` in `column`, 0 when absent.
    public func position(in column: String) -> String {
        switch self {
        case .sqlite: "instr(\(column), ?)"
        case .postgres: "strpos(\(column), ?)"
        }
    }
}
