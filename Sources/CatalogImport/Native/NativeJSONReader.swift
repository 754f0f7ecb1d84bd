import Foundation
import SupportModel

/// Reads the native catalogue format, JSON encoding (`Catalog/schema/catalogue.schema.json`).
public struct NativeJSONReader: CatalogReader {
    public let format: CatalogFormat = .nativeJSON
    public init() {}

    public func recognizes(head: Data, url: URL) -> Bool {
        // Written by the native-format reader work; see Catalog/README.md.
        false
    }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        throw CatalogReadError(at: SourceLocation(file: input.displayName), "the native JSON reader is not built yet")
    }
}
