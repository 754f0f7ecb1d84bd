import CLibXML2
import Foundation

/// One problem libxml2 reported, captured through a structured error handler so that nothing
/// goes to stderr and every message can be located.
struct XMLIssue: Sendable {
    enum Kind: Sendable {
        /// The document is not well-formed XML (or cannot be read); parsing stops.
        case fatal
        /// The document breaks the XSD; parsing goes on.
        case validity
        /// Anything else libxml2 reports (warnings, recoverable errors).
        case other
    }

    var kind: Kind
    var line: Int?
    var column: Int?
    var message: String
}

/// Collects libxml2 errors for one parse. libxml2 calls back with an opaque pointer to this
/// object; it lives as long as the parse that uses it.
final class XMLIssueSink {
    private(set) var issues: [XMLIssue] = []
    /// Namespace URIs stripped from messages: `Element '{ns}offer'` reads better as `'offer'`.
    private let namespaces: [String]

    init(stripping namespaces: [String] = []) { self.namespaces = namespaces }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    func record(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        for namespace in namespaces { message = message.replacingOccurrences(of: "{\(namespace)}", with: "") }
        let domain = xmlErrorDomain(rawValue: UInt32(error.domain))
        let kind: XMLIssue.Kind
        if error.level == XML_ERR_FATAL {
            kind = .fatal
        } else if domain == XML_FROM_SCHEMASV || domain == XML_FROM_VALID || domain == XML_FROM_SCHEMASP {
            kind = .validity
        } else {
            kind = error.level == XML_ERR_ERROR ? .validity : .other
        }
        issues.append(XMLIssue(kind: kind, line: error.line > 0 ? Int(error.line) : nil,
                               column: error.int2 > 0 ? Int(error.int2) : nil, message: message))
    }

    /// Removes and returns the issues collected so far.
    func drain() -> [XMLIssue] {
        defer { issues.removeAll(keepingCapacity: true) }
        return issues
    }

    var firstFatal: XMLIssue? { issues.first { $0.kind == .fatal } }

    /// The C callback libxml2 calls; `userData` is ``opaque``.
    static let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<XMLIssueSink>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
    }

    /// Runs `body` with this thread's context-free libxml2 messages recorded here (see
    /// ``LibXML2/routingThreadMessages(to:structured:_:)``). The schema validator's
    /// "Unimplemented block" notes arrive as warnings (kind `other`), which no reader reports:
    /// the construct behind them (an entity reference) is refused with its own located error.
    func routingThreadMessages<T>(_ body: () throws -> T) rethrows -> T {
        try withExtendedLifetime(self) {
            try LibXML2.routingThreadMessages(to: opaque, structured: Self.handler, body)
        }
    }
}

enum LibXML2 {
    /// libxml2 wants `xmlInitParser` once before parsers are used from several threads; a
    /// Swift global is initialised exactly once, thread-safely.
    private static let initialised: Bool = {
        xmlInitParser()
        // Until a read routes them, context-free messages of any thread are dropped, never
        // printed (they would reach the terminal of `supportmatch` and the server's stderr).
        supportmatch_default_thread_errors(XMLIssueSink.handler)
        return true
    }()

    /// Runs `body` with the messages libxml2 sends to this thread's global handlers rather than
    /// to a parser context (encoding conversion failures, the schema validator's TODO notes)
    /// sent to `structured` with `context` (nil drops them), then puts the previous
    /// route back. libxml2 keeps these handlers per thread: every read is synchronous, so the
    /// route covers exactly the read's own parsing, and `context` must outlive `body`.
    static func routingThreadMessages<T>(to context: UnsafeMutableRawPointer?, structured: xmlStructuredErrorFunc,
                                         _ body: () throws -> T) rethrows -> T {
        initialise()
        let previous = supportmatch_route_thread_errors(context, structured)
        defer { supportmatch_restore_thread_errors(previous, XMLIssueSink.handler) }
        return try body()
    }

    /// Runs `body` with context-free messages dropped (parses whose errors are not reported,
    /// such as the lenient HTML of rich text).
    static func droppingThreadMessages<T>(_ body: () throws -> T) rethrows -> T {
        try routingThreadMessages(to: nil, structured: XMLIssueSink.handler, body)
    }

    static func initialise() { _ = initialised }

    /// The first fatal error of a parse-only streaming pass over the file, or nil when it is
    /// well-formed. A reader with a schema attached ends at a fatal error without reporting
    /// it, so readers call this to say where and why a file is broken.
    static func firstFatalError(inFileAt path: String) -> XMLIssue? {
        initialise()
        let sink = XMLIssueSink()
        return sink.routingThreadMessages {
            guard let reader = xmlReaderForFile(path, nil, untrustedReaderOptions) else { return nil }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, XMLIssueSink.handler, sink.opaque)
            var status: Int32 = 1
            while status == 1 && sink.firstFatal == nil { status = xmlTextReaderRead(reader) }
            return sink.firstFatal
        }
    }

    /// Makes a new reader record the exact line of elements past line 65,535, which libxml2
    /// keeps in 16 bits (see `supportmatch_reader_track_lines` in the CLibXML2 shim). Call it
    /// right after creating the reader, before attaching a schema and before the first read.
    /// Where libxml2 does not allow it, lines come from libxml2 alone.
    static func trackLines(_ reader: xmlTextReaderPtr) {
        _ = supportmatch_reader_track_lines(reader)
    }

    /// The line of a reader's node: exact past 65,535 for elements of a reader set up with
    /// ``trackLines(_:)`` and for text parsed with `XML_PARSE_BIG_LINES`. Without a node, or
    /// when libxml2 has none, the parser's current line (where it has read to).
    static func line(of node: xmlNodePtr?, in reader: xmlTextReaderPtr) -> Int {
        let line = supportmatch_node_line(node)
        return line > 0 ? Int(line) : Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// Parser options for untrusted catalogues: no network, never substitute entities
    /// (`NOENT` would read local files named by external entities), never `HUGE` (it turns off
    /// the entity-expansion and text-size guards), no DTD loading or DTD attribute defaults,
    /// text nodes' line numbers beyond 65,535 (elements': ``trackLines(_:)``), CDATA merged into
    /// text, nothing printed to stderr.
    static let untrustedReaderOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
}

/// A compiled XSD. Compiling is cheap for our schema (milliseconds), so each read compiles its
/// own and nothing libxml2-owned is shared between threads.
final class XMLSchema {
    let pointer: xmlSchemaPtr

    /// Compiles an XSD given as bytes. Throws the schema's own problems (a broken XSD is a
    /// build problem, but it must not pass silently).
    init(data: Data, name: String) throws {
        LibXML2.initialise()
        let sink = XMLIssueSink()
        let parsed: xmlSchemaPtr? = sink.routingThreadMessages { data.withUnsafeBytes { buffer -> xmlSchemaPtr? in
            guard let base = buffer.baseAddress else { return nil }
            guard let context = xmlSchemaNewMemParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count)) else {
                return nil
            }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, XMLIssueSink.handler, sink.opaque)
            return xmlSchemaParse(context)
        } }
        guard let parsed else {
            let issue = sink.issues.first
            throw CatalogReadError(at: SourceLocation(file: name, line: issue?.line, column: issue?.column),
                                   "the XML schema does not compile: \(issue?.message ?? "unknown error")")
        }
        pointer = parsed
    }

    deinit { xmlSchemaFree(pointer) }
}
