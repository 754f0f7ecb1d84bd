public import CatalogStore
import Foundation

/// Moves a whole store to an empty PostgreSQL one: the catalogue with its history and import
/// runs, and the saved consultations with their events, ids kept (a consultation's link and
/// an offer's history refer to them), in one target transaction: a failed copy leaves the
/// target empty.
public enum StoreCopy {
    /// The tables in an order that satisfies their references. Both schemas must be migrated
    /// first (opening a `ConsultationStore` on each does it for the consultations' tables).
    public static let tables = ["import_run", "offer", "offer_history", "saved_profile", "shortlist_entry", "profile_match", "profile_event"]
    /// Tables with an auto-numbered `id`, whose counters continue after the copied rows.
    static let numbered = ["import_run", "offer_history", "profile_event"]

    /// Copies every row; returns the rows copied per table.
    public static func copy(from source: CatalogStore, to target: CatalogStore) throws -> [(table: String, rows: Int)] {
        guard target.engine.dialect == .postgres else {
            throw PostgresStoreError("the target of a store migration is a postgres:// URL")
        }
        return try source.engine.read { from in
            try target.engine.write { to in
                for table in ["import_run", "saved_profile"] {
                    let rows = try to.fetchOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? 0
                    guard rows == 0 else {
                        throw PostgresStoreError("the target store is not empty (\(rows) rows in \(table)); migrate into a new database")
                    }
                }
                var copied: [(table: String, rows: Int)] = []
                for table in tables {
                    let types = try Dictionary(uniqueKeysWithValues: to.fetch("""
                        SELECT column_name, data_type FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = ?
                        """, [.text(table)]).map { (try $0.text("column_name"), try $0.text("data_type")) })
                    var rows = 0
                    var insert: String?
                    try from.forEachRow("SELECT * FROM \(table)", []) { row in
                        if insert == nil {
                            let columns = row.columns.joined(separator: ", ")
                            let marks = Array(repeating: "?", count: row.columns.count).joined(separator: ", ")
                            insert = "INSERT INTO \(table) (\(columns)) VALUES (\(marks))"
                        }
                        let values = try zip(row.columns, row.values).map { column, value in
                            try converted(value, to: types[column] ?? "text", row: row, column: column)
                        }
                        try to.execute(insert!, values)
                        rows += 1
                        return true
                    }
                    if numbered.contains(table) {
                        try to.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)")
                    }
                    copied.append((table, rows))
                }
                return copied
            }
        }
    }

    /// SQLite keeps booleans as 0/1 and instants as text; PostgreSQL's columns want them typed.
    static func converted(_ value: SQLValue, to type: String, row: SQLRow, column: String) throws -> SQLValue {
        if value == .null { return .null }
        switch type {
        case "boolean": return .bool(try row.bool(column))
        case "timestamp with time zone", "timestamp without time zone": return .date(try row.date(column))
        default: return value
        }
    }
}
