import CLibXML2
import Foundation

/// One document of the Förderdatenbank export: `<document name path type>` with a flat list
/// of typed `<property>` elements. Only what the reader uses is kept, as plain strings.
struct FDBDocument: Sendable {
    var name: String
    /// `/BMWI/FDB/Content/DE/...`, without the name.
    var path: String
    /// `gsb:ServiceOffer`, `gsb:ContactData`, `gsb:ExternalLink`, `gsb:Address`.
    var type: String
    var properties: [String: FDBProperty]
    /// Where the document came from, for diagnostics.
    var location: SourceLocation
    /// Problems found while reading the bytes (stripped control characters).
    var warnings: [Diagnostic]

    /// `path/name`, the key other documents link to (`target:` links without the prefix).
    var key: String { path + "/" + name }

    func property(_ name: String) -> FDBProperty? { properties[name] }
}

/// One `<property>`: rich text, a scalar value, a link list or classified link lists.
struct FDBProperty: Sendable {
    var line: Int
    var text: String?
    var value: String?
    var links: [String] = []
    var classified: [FDBClassifiedList] = []
}

/// A `<classifiedLinkList>`: the classifier it names and the links (values) under it.
struct FDBClassifiedList: Sendable {
    var classifier: String?
    var links: [String]
}

enum FDBDocumentParser {
    static let linkPrefix = "target:"

    /// Parses one document. Raw C0 control characters (other than tab, line feed and carriage
    /// return) make a document ill-formed XML 1.0; the export has them, so they are removed
    /// first and reported as a warning.
    static func parse(_ bytes: Data, location: SourceLocation, maxTextBytes: Int) throws -> FDBDocument {
        var warnings: [Diagnostic] = []
        var cleaned = bytes
        if let firstBad = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            let line = bytes[bytes.startIndex..<firstBad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let removed = bytes.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            cleaned = Data(bytes.filter { !($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) })
            var here = location
            here.line = line
            let codes = Set(removed).sorted().map { String(format: "\\x%02X", $0) }.joined(separator: ", ")
            warnings.append(Diagnostic(.warning, at: here, message: "removed \(removed.count) raw control character(s) (\(codes)) that XML 1.0 does not allow"))
        }

        let errors = XMLPullErrorBox()
        return try errors.routingThreadMessages {
            try parse(cleaned, warnings: warnings, location: location, maxTextBytes: maxTextBytes, errors: errors)
        }
    }

    private static func parse(_ cleaned: Data, warnings: [Diagnostic], location: SourceLocation, maxTextBytes: Int,
                              errors: XMLPullErrorBox) throws -> FDBDocument {
        let cursor: XMLPullCursor
        do { cursor = try XMLPullCursor(bytes: cleaned, url: location.entry ?? location.file, maxTextBytes: maxTextBytes, errors: errors) } catch let failure as XMLPullFailure {
            throw CatalogReadError(at: location, failure.message)
        }
        var document = FDBDocument(name: "", path: "", type: "", properties: [:], location: location, warnings: warnings)
        var sawRoot = false
        var propertyName: String?
        var property = FDBProperty(line: 0)
        var inClassifierLinks = false
        var inLinkList = false
        var currentList: FDBClassifiedList?

        do {
            while try cursor.read() {
                let type = cursor.nodeType
                if type == XMLNodeType.element {
                    let name = cursor.localNameString
                    switch name {
                    case "document" where !sawRoot:
                        sawRoot = true
                        document.name = cursor.attribute("name") ?? ""
                        document.path = cursor.attribute("path") ?? ""
                        document.type = cursor.attribute("type") ?? ""
                    case "property":
                        propertyName = cursor.attribute("name")
                        property = FDBProperty(line: cursor.line)
                        if cursor.isEmptyElement, let propertyName {
                            document.properties[propertyName] = property
                        }
                    case "text" where propertyName != nil:
                        property.text = try cursor.elementText()
                    case "value" where propertyName != nil:
                        property.value = try cursor.elementText()
                    case "classifiedLinkList":
                        currentList = FDBClassifiedList(classifier: nil, links: [])
                    case "classifierLinks":
                        inClassifierLinks = !cursor.isEmptyElement
                    case "links":
                        inLinkList = !cursor.isEmptyElement
                    case "link":
                        guard let href = cursor.attribute("xlink:href") else { break }
                        let target = href.hasPrefix(linkPrefix) ? String(href.dropFirst(linkPrefix.count)) : href
                        if inClassifierLinks {
                            currentList?.classifier = target.split(separator: "/").last.map(String.init)
                        } else if inLinkList {
                            if currentList != nil { currentList?.links.append(target) } else { property.links.append(target) }
                        }
                    default:
                        break
                    }
                } else if type == XMLNodeType.endElement {
                    switch cursor.localNameString {
                    case "property":
                        if let propertyName { document.properties[propertyName] = property }
                        propertyName = nil
                    case "classifiedLinkList":
                        if let list = currentList { property.classified.append(list) }
                        currentList = nil
                    case "classifierLinks": inClassifierLinks = false
                    case "links": inLinkList = false
                    default: break
                    }
                }
            }
        } catch let failure as XMLPullFailure {
            var here = location
            here.line = failure.line
            here.column = failure.column
            throw CatalogReadError(at: here, "not well-formed XML: \(failure.message)")
        }
        guard sawRoot else {
            throw CatalogReadError(at: location, "expected a Förderdatenbank <document> element")
        }
        return document
    }
}
