import Foundation

/// The registry of known readers, in detection order.
public enum CatalogReaders {
    /// Every reader SupportMatch ships. Later formats register here.
    public static var all: [any CatalogReader] {
        [NativeJSONReader(), NativeXMLReader(), FoerderdatenbankReader(), GrantsGovReader(), CommonGrantsReader()]
    }

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
