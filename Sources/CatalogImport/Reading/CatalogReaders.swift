import BundledCatalog
public import Foundation

/// The registry of known readers, in detection order.
public enum CatalogReaders {
    /// Every reader SupportMatch ships. Later formats register here. The native XML reader
    /// validates against the bundled XSD while it streams.
    public static var all: [any CatalogReader] {
        [NativeJSONReader(), NativeXMLReader(schema: nativeXSD), FoerderdatenbankReader(), GrantsGovReader(), CommonGrantsReader()]
    }

    /// `Catalog/schema/catalogue.xsd`, read once. Shipped as a resource, so its absence is a
    /// broken installation, not bad input.
    static let nativeXSD: Data = {
        let url = BundledCatalog.schemaDirectory.appendingPathComponent("catalogue.xsd")
        guard let data = try? Data(contentsOf: url) else {
            fatalError("the bundled catalogue schema is missing at \(url.path); reinstall SupportMatch")
        }
        return data
    }()

    /// The reader for a format name given with `--format`.
    public static func reader(for format: CatalogFormat) -> (any CatalogReader)? {
        all.first { $0.format == format }
    }

    /// Detects the format from the first 64 KiB of a file (or the listing of a folder).
    public static func detect(_ url: URL) throws -> (any CatalogReader)? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            // A folder has no head: readers decide from its listing (an unpacked FDB export).
            return all.first { $0.recognizes(head: Data(), url: url) }
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 64 * 1024) ?? Data()
        return all.first { $0.recognizes(head: head, url: url) }
    }
}
