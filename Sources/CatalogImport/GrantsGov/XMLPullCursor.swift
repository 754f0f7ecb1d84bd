import CLibXML2
import Foundation

/// The first error libxml2 reported, captured through the structured error handler so that
/// nothing is printed to stderr and the failure can be located (line and column).
final class XMLPullErrorBox {
    var message: String?
    var line: Int?
    var column: Int?

    /// Keeps the first error: later ones are usually consequences of it. Warnings (the
    /// reader's options drop most; the schema validator's notes) are not the file's problems.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let box = Unmanaged<XMLPullErrorBox>.fromOpaque(context).takeUnretainedValue()
        guard box.message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let text = error.pointee.message.map { String(cString: $0) } ?? "XML error"
        box.message = text.trimmingCharacters(in: .whitespacesAndNewlines)
        box.line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
        box.column = error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil
    }

    /// Runs `body` (which creates and reads cursors given this box) with the thread's
    /// context-free libxml2 messages, such as encoding conversion failures, kept here too.
    func routingThreadMessages<T>(_ body: () throws -> T) rethrows -> T {
        try withExtendedLifetime(self) {
            try LibXML2.routingThreadMessages(to: Unmanaged.passUnretained(self).toOpaque(), structured: Self.handler, body)
        }
    }
}

/// A thin pull cursor over libxml2's `xmlTextReader`, shared by the Förderdatenbank and
/// Grants.gov readers.
///
/// It exists to keep the hot loop free of Swift allocations: element names are compared as
/// interned `xmlChar` pointers (see ``intern(_:)``), and text is turned into a `String` only
/// when a reader asks for it. Parser options are fixed to the safe set for untrusted input:
/// no network, never `XML_PARSE_NOENT` (external entities would read local files) and never
/// `XML_PARSE_HUGE` (it disables the entity-loop guard); `XML_PARSE_BIG_LINES` and
/// ``LibXML2/trackLines(_:)`` keep lines past 65,535 exact (real extracts have millions).
final class XMLPullCursor {
    private let reader: xmlTextReaderPtr
    private let errors: XMLPullErrorBox
    /// Bytes parsed from memory; owned here because libxml2 does not copy them.
    private var buffer: UnsafeMutableRawPointer?
    /// The largest text value accepted, in bytes (``ReadLimits/maxTextBytes``).
    let maxTextBytes: Int

    static let safeOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// A cursor over a file on disk, streamed in constant memory. With `droppingBlankText`
    /// the parser leaves out whitespace-only text between elements (the indentation of a
    /// record-per-element extract), which is never content when every field is read trimmed.
    ///
    /// Files are parsed with `XML_PARSE_COMPACT` (as `xmllint` does by default): text shorter
    /// than 16 bytes — codes, dates, amounts, ids, most of a Grants.gov record's fields — is
    /// stored inside the text node instead of in a separate allocation. It changes only how
    /// libxml2 stores text, which this cursor reads but never modifies.
    init(path: String, maxTextBytes: Int, droppingBlankText: Bool = false, errors: XMLPullErrorBox = XMLPullErrorBox()) throws {
        self.errors = errors
        let options = Self.safeOptions | Int32(XML_PARSE_COMPACT.rawValue)
            | (droppingBlankText ? Int32(XML_PARSE_NOBLANKS.rawValue) : 0)
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw XMLPullFailure(message: "cannot open the file for reading", line: nil, column: nil)
        }
        self.reader = reader
        self.maxTextBytes = maxTextBytes
        LibXML2.trackLines(reader)
        installErrorHandler()
    }

    /// A cursor over bytes in memory (the bytes are copied once).
    init(bytes: some Collection<UInt8>, url: String, maxTextBytes: Int, errors: XMLPullErrorBox = XMLPullErrorBox()) throws {
        self.errors = errors
        let count = bytes.count
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 1)
        UnsafeMutableRawBufferPointer(start: buffer, count: count).copyBytes(from: bytes)
        guard let reader = xmlReaderForMemory(buffer.assumingMemoryBound(to: CChar.self), Int32(count), url, nil, Self.safeOptions) else {
            buffer.deallocate()
            throw XMLPullFailure(message: "cannot start the XML parser", line: nil, column: nil)
        }
        self.buffer = buffer
        self.reader = reader
        self.maxTextBytes = maxTextBytes
        LibXML2.trackLines(reader)
        installErrorHandler()
    }

    deinit {
        xmlFreeTextReader(reader)
        buffer?.deallocate()
    }

    private func installErrorHandler() {
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, XMLPullErrorBox.handler, context)
    }

    /// Advances to the next node. Returns `false` at the end of the document; throws with the
    /// parser's message and position when the input is not well-formed.
    @inline(__always)
    func read() throws -> Bool {
        let result = xmlTextReaderRead(reader)
        if result == 1 { return true }
        if result == 0 && errors.message == nil { return false }
        throw failure()
    }

    func failure() -> XMLPullFailure {
        XMLPullFailure(message: errors.message ?? "the XML parser stopped (not well-formed)",
                       line: errors.line ?? (line > 0 ? line : nil), column: errors.column)
    }

    @inline(__always) var nodeType: Int32 { xmlTextReaderNodeType(reader) }
    @inline(__always) var depth: Int32 { xmlTextReaderDepth(reader) }
    @inline(__always) var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    /// The current node's local name, interned in the parser's dictionary: compare it with
    /// pointers from ``intern(_:)`` by identity.
    @inline(__always) var localName: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(reader) }
    /// The line of the current node (for an element, the line its start tag ends on). The parser
    /// reads ahead, so its own line number is past the node; the node's recorded line is exact,
    /// also past 65,535 (see ``LibXML2/line(of:in:)``).
    var line: Int { LibXML2.line(of: xmlTextReaderCurrentNode(reader), in: reader) }
    var column: Int { Int(xmlTextReaderGetParserColumnNumber(reader)) }

    var localNameString: String { localName.map { String(cString: $0) } ?? "" }

    /// Interns `name` in the parser's dictionary; the pointer stays valid while the cursor lives.
    func intern(_ name: String) -> UnsafePointer<xmlChar> {
        name.withCString { text in
            text.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { xmlTextReaderConstString(reader, $0)! }
        }
    }

    func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { supportmatch_xmlFree(value) }
        return String(cString: value)
    }

    /// On an element start: the concatenated text and CDATA inside it (child elements'
    /// text included), leaving the cursor on the element's end. An empty element gives "".
    func elementText(trimmed: Bool = false) throws -> String {
        if isEmptyElement { return "" }
        let startDepth = depth
        // Common case: one text node, then the end tag. Trim and decode it straight from
        // libxml2's buffer, once, without collecting bytes first.
        if try read() {
            let type = nodeType
            if type == XMLNodeType.endElement && depth == startDepth { return "" }
            if type == XMLNodeType.text, let value = xmlTextReaderConstValue(reader) {
                let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                let text = UnsafeBufferPointer(start: value, count: length)
                if length > maxTextBytes {
                    throw XMLPullFailure(message: "a text value is longer than the limit of \(maxTextBytes) bytes", line: line, column: nil)
                }
                // The reader may free the text node once it moves on: decode before reading,
                // and keep the trailing whitespace, which is content if more text follows.
                // (Leading whitespace is trimmed from the whole value anyway.)
                let kept = trimmed ? Self.trimmedRange(text) : 0..<length
                let decoded = String(decoding: UnsafeBufferPointer(rebasing: text[kept]), as: UTF8.self)
                let tail = kept.upperBound < length ? Array(text[kept.upperBound...]) : []
                if try read(), nodeType == XMLNodeType.endElement && depth == startDepth { return decoded }
                // More content follows (CDATA, an entity, a child element): collect it all.
                return try collect(startDepth: startDepth, initial: Array(decoded.utf8) + tail, trimmed: trimmed, current: true)
            }
            return try collect(startDepth: startDepth, initial: [], trimmed: trimmed, current: true)
        }
        throw failure()
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, trimmed: Bool) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed ? trimmedRange(bytes) : 0..<bytes.count]), as: UTF8.self)
    }

    /// The bytes without leading and trailing XML whitespace; an empty range at 0 when all
    /// of them are whitespace.
    @inline(__always)
    private static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        if start == end { return 0..<0 }
        while isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Collects text and CDATA until the end of the element at `startDepth`.
    private func collect(startDepth: Int32, initial: [UInt8], trimmed: Bool, current: Bool = false) throws -> String {
        var bytes = initial
        var pending = current
        while try pending || read() {
            pending = false
            let type = nodeType
            if type == XMLNodeType.endElement && depth == startDepth { break }
            if type == XMLNodeType.text || type == XMLNodeType.cdata || type == XMLNodeType.significantWhitespace,
               let value = xmlTextReaderConstValue(reader) {
                let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
                if bytes.count > maxTextBytes {
                    throw XMLPullFailure(message: "a text value is longer than the limit of \(maxTextBytes) bytes", line: line, column: nil)
                }
            }
        }
        return bytes.withUnsafeBufferPointer { Self.decode($0, trimmed: trimmed) }
    }

    /// Skips the current element's subtree (no-op for an empty element).
    func skipElement() throws {
        if isEmptyElement { return }
        let startDepth = depth
        while try read() {
            if nodeType == XMLNodeType.endElement && depth == startDepth { return }
        }
    }
}

/// A parse failure with its position, turned into a ``CatalogReadError`` or ``Diagnostic`` by
/// the caller, who knows the file and entry.
struct XMLPullFailure: Error {
    var message: String
    var line: Int?
    var column: Int?
}

/// `xmlTextReaderNodeType` values as `Int32`, the type the C function returns.
enum XMLNodeType {
    static let element = Int32(XML_READER_TYPE_ELEMENT.rawValue)
    static let endElement = Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
    static let text = Int32(XML_READER_TYPE_TEXT.rawValue)
    static let cdata = Int32(XML_READER_TYPE_CDATA.rawValue)
    static let significantWhitespace = Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue)
}
