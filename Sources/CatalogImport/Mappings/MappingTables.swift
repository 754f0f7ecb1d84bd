import BundledCatalog
import Foundation

/// Loads the code-mapping tables of the foreign formats from `Catalog/mappings/*.json`.
///
/// The tables are data so that a maintainer can fix or extend a mapping (a new Förderbereich
/// code, another Grants.gov category) without touching Swift; they ship as resources of the
/// bundled catalogue, next to the taxonomies they map onto.
enum MappingTables {
    /// `Catalog/mappings/` in the bundled resources.
    static var directory: URL {
        BundledCatalog.resourceRoot.appendingPathComponent("mappings", isDirectory: true)
    }

    /// Decodes `<name>.json` from `directory` (the bundled folder by default).
    static func load<Table: Decodable>(_ type: Table.Type, named name: String, from directory: URL? = nil) throws -> Table {
        let url = (directory ?? Self.directory).appendingPathComponent(name + ".json")
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MappingTableError(file: url.path, message: "cannot read the mapping table: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(Table.self, from: data) } catch {
            throw MappingTableError(file: url.path, message: "the mapping table is invalid: \(error)")
        }
    }
}

/// A mapping table that does not load: the build or the maintainer's edit is broken.
public struct MappingTableError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// One code list's mapping: source code → our codes. `nil` as a value means "lifts the
/// restriction" (for example Grants.gov's 99 Unrestricted); an empty list means the code is
/// understood but names nothing we model.
struct CodeTable: Sendable, Decodable {
    var codes: [String: [String]?]

    init(codes: [String: [String]?]) { self.codes = codes }

    init(from decoder: any Decoder) throws {
        codes = try decoder.singleValueContainer().decode([String: [String]?].self)
    }

    enum Lookup: Equatable {
        case mapped([String])
        case unrestricted
        case unknown
    }

    func lookup(_ code: String) -> Lookup {
        guard let entry = codes[code] else { return .unknown }
        guard let targets = entry else { return .unrestricted }
        return .mapped(targets)
    }
}

extension Array where Element: Hashable {
    /// The elements in first-seen order without repeats.
    func uniqued() -> [Element] {
        // Code lists are short: a linear scan beats hashing every element.
        if count < 16 {
            var result: [Element] = []
            result.reserveCapacity(count)
            for element in self where !result.contains(element) { result.append(element) }
            return result
        }
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
