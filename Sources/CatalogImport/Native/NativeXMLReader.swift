import Foundation
import SupportModel

/// Reads the native catalogue format, XML encoding (`Catalog/schema/catalogue.xsd`).
public struct NativeXMLReader: CatalogReader {
    public let format: CatalogFormat = .nativeXML
    public init() {}

    public func recognizes(head: Data, url: URL) -> Bool { false }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        throw CatalogReadError(at: SourceLocation(file: input.displayName), "the native XML reader is not built yet")
    }
}
