import CLibXML2
public import Foundation
import SupportModel

/// Reads the native catalogue format, XML encoding (`Catalog/schema/catalogue.xsd`,
/// documented in `Catalog/README.md`).
///
/// The XML encoding mirrors the JSON one field for field: each JSON member is an element of the
/// same name, lists are a wrapper element holding one element per item (`<links><link>…`),
/// and `id`/`source` of an offer are attributes. Each offer is built into the same small tree
/// the JSON reader uses and checked by the same decoder, so both encodings accept exactly the
/// same offers.
///
/// Reading streams with libxml2's `xmlTextReader`: memory stays constant however many offers
/// the file holds. The parser runs with ``LibXML2/untrustedReaderOptions``, and a document type
/// declaration is refused outright: the format has no use for one, and refusing it closes the
/// door on external entities (XXE) and entity expansion bombs before any entity is parsed.
///
/// When given the XSD (the import pipeline always gives it), the reader also validates against
/// it while streaming; XSD problems are reported on the offer they occur in, with line and
/// column. Without it, the decoder still applies every structural rule the XSD states.
public struct NativeXMLReader: CatalogReader {
    public let format: CatalogFormat = .nativeXML
    /// The XSD (`Catalog/schema/catalogue.xsd`) as bytes, or nil to check structure with the
    /// decoder alone. The caller supplies it (for example from `BundledCatalog`), so the file
    /// in `Catalog/schema/` stays the only copy.
    public var schema: Data?

    public init(schema: Data? = nil) {
        self.schema = schema
    }

    /// Claims XML whose head declares the catalogue namespace on a `catalogue` element.
    public func recognizes(head: Data, url: URL) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }), first == UInt8(ascii: "<") else {
            return false
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains(NativeFormat.xmlNamespace) && text.range(of: #"<([A-Za-z_][\w.-]*:)?catalogue[\s>]"#, options: .regularExpression) != nil
    }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        LibXML2.initialise()
        let file = input.displayName
        let compiled = try schema.map { try XMLSchema(data: $0, name: "catalogue.xsd") }

        guard FileManager.default.isReadableFile(atPath: input.url.path) else {
            throw CatalogReadError(at: SourceLocation(file: file), "cannot read the file")
        }
        let sink = XMLIssueSink(stripping: [NativeFormat.xmlNamespace])
        try sink.routingThreadMessages {
            try read(input, file: file, schema: compiled, sink: sink, context: context, handle: handle)
        }
    }

    private func read(_ input: CatalogInput, file: String, schema compiled: XMLSchema?, sink: XMLIssueSink,
                      context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        guard let reader = xmlReaderForFile(input.url.path, nil, LibXML2.untrustedReaderOptions) else {
            throw CatalogReadError(at: SourceLocation(file: file), "cannot open the file as XML")
        }
        // Before the schema is attached: offers past line 65,535 are matched to XSD problems by
        // their exact start line.
        LibXML2.trackLines(reader)
        // libxml2 holds unretained pointers to the sink and the schema until the reader is
        // freed (freeing may still report); keep both alive until then.
        defer {
            withExtendedLifetime((sink, compiled)) {
                xmlFreeTextReader(reader)
            }
        }
        // The handler first, then the schema. In the other order libxml2 2.9.14 routes a fatal
        // parse error through a validation relay that dereferences NULL (a truncated file
        // crashed the process); in this order no truncated or corrupted file crashed it
        // (1,340 cut and corrupted catalogues), and validity errors still reach the handler.
        // Fatal parse errors then end the read without a message: `run` locates them with a
        // second, parse-only pass (see `LibXML2.firstFatalError`).
        xmlTextReaderSetStructuredErrorHandler(reader, XMLIssueSink.handler, sink.opaque)
        if let compiled {
            guard xmlTextReaderSetSchema(reader, compiled.pointer) == 0 else {
                throw CatalogReadError(at: SourceLocation(file: file), "cannot attach the XML schema to the reader")
            }
        }

        var stream = NativeXMLStream(reader: reader, sink: sink, file: file, limits: context.limits, url: input.url)
        try stream.run(context: context, reader: self, handle: handle)
    }
}

/// The state of one streaming read.
private struct NativeXMLStream {
    let reader: xmlTextReaderPtr
    let sink: XMLIssueSink
    let file: String
    let limits: ReadLimits
    let url: URL

    private var source = ""
    private var declaredSources: Set<String> = []
    private var decoder = NativeOfferDecoder(documentSource: "", maxTextBytes: 0)
    private var seen: [OfferID: String] = [:]
    /// Elements being built, innermost last; empty outside offers.
    private var stack: [ElementBuilder] = []
    /// Problems the tree building found in the current offer (unexpected elements or text).
    private var buildProblems: [NativeOfferDecoder.Problem] = []
    /// The offer read last, held back until the next offer starts or the document ends, so that
    /// every XSD problem within its lines is known when it is handed out.
    private var pending: PendingOffer?
    /// XSD problems not yet matched to an offer.
    private var unassigned: [XMLIssue] = []

    init(reader: xmlTextReaderPtr, sink: XMLIssueSink, file: String, limits: ReadLimits, url: URL) {
        self.reader = reader
        self.url = url
        self.sink = sink
        self.file = file
        self.limits = limits
    }

    private struct PendingOffer {
        var node: NativeNode
        var problems: [NativeOfferDecoder.Problem]
        var validity: [XMLIssue]
    }

    mutating func run(context: ReadContext, reader catalogReader: some CatalogReader, handle: (ReadRecord) throws -> Void) throws {
        decoder = NativeOfferDecoder(documentSource: "", maxTextBytes: limits.maxTextBytes)
        var sawRoot = false

        while true {
            let status = xmlTextReaderRead(reader)
            if let fatal = sink.firstFatal {
                throw CatalogReadError(at: location(line: fatal.line, column: fatal.column), "not well-formed XML: \(fatal.message)")
            }
            if status < 0 {
                if let fatal = LibXML2.firstFatalError(inFileAt: url.path) {
                    throw CatalogReadError(at: location(line: fatal.line, column: fatal.column), "not well-formed XML: \(fatal.message)")
                }
                throw CatalogReadError(at: location(line: currentLine, column: nil), "the XML could not be read")
            }
            if status == 0 { break }
            // libxml2 validates while it parses, which runs ahead of the nodes handed to us, so
            // XSD problems are matched to offers by line when the next offer starts.
            unassigned += sink.drain().filter { $0.kind == .validity }

            let type = xmlReaderTypes(rawValue: UInt32(xmlTextReaderNodeType(reader)))
            let depth = Int(xmlTextReaderDepth(reader))
            if depth > limits.maxDepth {
                throw CatalogReadError(at: location(line: currentLine, column: nil),
                                       "elements nested deeper than \(limits.maxDepth) levels (ReadLimits.maxDepth)")
            }

            switch type {
            case XML_READER_TYPE_DOCUMENT_TYPE:
                throw CatalogReadError(at: location(line: doctypeLine ?? currentLine, column: nil),
                                       "document type declarations (<!DOCTYPE …>) are not allowed in a catalogue: they could define entities that read files or expand without bound")
            case XML_READER_TYPE_ENTITY_REFERENCE, XML_READER_TYPE_ENTITY:
                throw CatalogReadError(at: location(line: currentLine, column: nil), "entity references are not allowed in a catalogue")
            case XML_READER_TYPE_ELEMENT:
                if !sawRoot {
                    sawRoot = true
                    try readRoot()
                } else if depth == 1 {
                    try assignIssues(before: currentLine)
                    try flushPending(context: context, reader: catalogReader, handle: handle)
                    try startOffer()
                    if xmlTextReaderIsEmptyElement(reader) == 1 { endElement() }
                } else if depth > 1 {
                    try startElement()
                    if xmlTextReaderIsEmptyElement(reader) == 1 { endElement() }
                } else {
                    throw CatalogReadError(at: location(line: currentLine, column: nil), "a document has one root element")
                }
            case XML_READER_TYPE_END_ELEMENT:
                if !stack.isEmpty { endElement() }
            case XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_SIGNIFICANT_WHITESPACE, XML_READER_TYPE_WHITESPACE:
                if !stack.isEmpty {
                    let text = constString(xmlTextReaderConstValue(reader)) ?? ""
                    try appendText(text)
                } else if depth >= 1, type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA {
                    let text = constString(xmlTextReaderConstValue(reader)) ?? ""
                    if !text.allSatisfy(\.isWhitespace) {
                        throw CatalogReadError(at: location(line: currentLine, column: nil), "unexpected text between offers: \"\(text.prefix(40))\"")
                    }
                }
            default:
                break  // comments, processing instructions, the XML declaration
            }
        }

        if !sawRoot {
            throw CatalogReadError(at: location(line: 1, column: nil), "the file contains no XML element")
        }
        unassigned += sink.drain().filter { $0.kind == .validity }
        try assignIssues(before: Int.max)
        try flushPending(context: context, reader: catalogReader, handle: handle)
    }

    /// Hands the XSD problems found above `line` to the offer read last; before the first offer
    /// they are problems of the document itself, which stop the read.
    private mutating func assignIssues(before line: Int) throws {
        let earlier = unassigned.filter { ($0.line ?? 0) < line }
        unassigned.removeAll { ($0.line ?? 0) < line }
        guard !earlier.isEmpty else { return }
        if pending != nil {
            pending!.validity += earlier
        } else {
            let issue = earlier[0]
            throw CatalogReadError(at: location(line: issue.line, column: issue.column), "the catalogue does not match the schema: \(issue.message)")
        }
    }

    // MARK: Envelope

    private mutating func readRoot() throws {
        let name = constString(xmlTextReaderConstLocalName(reader)) ?? ""
        let namespace = constString(xmlTextReaderConstNamespaceUri(reader)) ?? ""
        guard name == "catalogue", namespace == NativeFormat.xmlNamespace else {
            throw CatalogReadError(at: location(line: currentLine, column: nil),
                                   "expected the root element <catalogue xmlns=\"\(NativeFormat.xmlNamespace)\">, found <\(name)>\(namespace.isEmpty ? " without a namespace" : " in namespace \(namespace)")")
        }
        var version: String?
        var source: String?
        var sources: String?
        for (attribute, value) in attributes() {
            switch attribute {
            case "version": version = value
            case "source": source = value
            case "sources": sources = value
            default:
                throw CatalogReadError(at: location(line: currentLine, column: nil),
                                       "unknown attribute \"\(attribute)\" on <catalogue>; expected version, source and sources")
            }
        }
        guard let version else {
            throw CatalogReadError(at: location(line: currentLine, column: nil), "missing attribute version=\"\(NativeFormat.version)\" on <catalogue>")
        }
        guard version == String(NativeFormat.version) else {
            throw CatalogReadError(at: location(line: currentLine, column: nil), "unsupported catalogue version \"\(version.prefix(20))\": this SupportMatch reads version \(NativeFormat.version)")
        }
        guard let source else {
            throw CatalogReadError(at: location(line: currentLine, column: nil), "missing attribute source on <catalogue>")
        }
        guard source.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
            throw CatalogReadError(at: location(line: currentLine, column: nil),
                                   "expected source to be lowercase letters, digits, '.', '_' or '-' (at most 64 characters), found \"\(source.prefix(80))\"")
        }
        var declared: Set<String> = [source]
        for name in (sources ?? "").split(whereSeparator: \.isWhitespace).map(String.init) {
            guard name.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
                throw CatalogReadError(at: location(line: currentLine, column: nil),
                                       "expected sources to be source names (lowercase letters, digits, '.', '_' or '-', at most 64 characters) separated by spaces, found \"\(name.prefix(80))\"")
            }
            declared.insert(name)
        }
        self.source = source
        self.declaredSources = declared
        decoder = NativeOfferDecoder(documentSource: source, maxTextBytes: limits.maxTextBytes)
        if xmlTextReaderIsEmptyElement(reader) == 1 { return }
    }

    // MARK: Offers

    private mutating func startOffer() throws {
        let name = constString(xmlTextReaderConstLocalName(reader)) ?? ""
        let namespace = constString(xmlTextReaderConstNamespaceUri(reader)) ?? ""
        guard name == "offer", namespace == NativeFormat.xmlNamespace else {
            throw CatalogReadError(at: location(line: currentLine, column: nil), "expected <offer> inside <catalogue>, found <\(name)>")
        }
        buildProblems = []
        stack = [ElementBuilder(name: "offer", kind: .object, mark: currentLine, path: FieldPath([]))]
        addAttributes()
    }

    private mutating func flushPending(context: ReadContext, reader catalogReader: some CatalogReader, handle: (ReadRecord) throws -> Void) throws {
        guard let offer = pending else { return }
        pending = nil
        let file = self.file
        func at(_ mark: Int) -> SourceLocation { SourceLocation(file: file, line: mark) }
        var result = decoder.decode(offer.node)
        result.problems.insert(contentsOf: offer.problems, at: 0)
        let validity = offer.validity.map { issue in
            Diagnostic(.error, at: SourceLocation(file: file, line: issue.line, column: issue.column),
                       message: "does not match the schema: \(issue.message)")
        }
        let record = NativeRecords.record(
            result, at: at(offer.node.mark), context: context, locate: { at(offer.node.deepestNode(along: $0).mark) },
            documentSource: source, declaredSources: declaredSources, reader: catalogReader, seen: &seen, extra: validity)
        try handle(record)
    }

    private mutating func startElement() throws {
        let name = constString(xmlTextReaderConstLocalName(reader)) ?? ""
        let namespace = constString(xmlTextReaderConstNamespaceUri(reader)) ?? ""
        let parent = stack[stack.count - 1]
        var path: FieldPath
        switch parent.kind {
        case .list(let item):
            path = parent.path.appending(parent.items.count)
            if name != item {
                buildProblems.append(.init(path: path, message: "expected <\(item)> inside <\(parent.name)>, found <\(name)>", severity: .error))
            }
        case .codeMap:
            path = parent.path.appending(parent.members.count)
        case .text:
            path = parent.path
            buildProblems.append(.init(path: path, message: "unexpected element <\(name)> inside <\(parent.name)>, which holds text (escape '<' as &lt;)", severity: .error))
        case .object:
            path = parent.path.appending(name)
        }
        if namespace != NativeFormat.xmlNamespace {
            buildProblems.append(.init(path: path, message: "element <\(name)> is not in the catalogue namespace \(NativeFormat.xmlNamespace)", severity: .error))
        }
        let kind = ElementBuilder.kind(of: name, parent: parent)
        stack.append(ElementBuilder(name: name, kind: kind, mark: currentLine, path: path))
        addAttributes()
    }

    private mutating func addAttributes() {
        let index = stack.count - 1
        for (name, value) in attributes() {
            switch stack[index].kind {
            case .object:
                stack[index].members.append(NativeMember(key: name, node: NativeNode(value: .text(value), mark: stack[index].mark)))
            case .list where stack[index].name == "codes" && name == "classifier":
                stack[index].classifier = value
            default:
                buildProblems.append(.init(path: stack[index].path, message: "unexpected attribute \"\(name)\" on <\(stack[index].name)>", severity: .error))
            }
        }
    }

    private mutating func appendText(_ text: String) throws {
        let index = stack.count - 1
        switch stack[index].kind {
        case .text:
            stack[index].text += text
            if stack[index].text.utf8.count > limits.maxTextBytes {
                throw CatalogReadError(at: location(line: stack[index].mark, column: nil),
                                       "text of <\(stack[index].name)> longer than \(limits.maxTextBytes) bytes (ReadLimits.maxTextBytes)")
            }
        default:
            if !text.allSatisfy(\.isWhitespace) {
                buildProblems.append(.init(path: stack[index].path, message: "unexpected text \"\(text.prefix(40))\" inside <\(stack[index].name)>, which holds elements", severity: .error))
            }
        }
    }

    private mutating func endElement() {
        let element = stack.removeLast()
        let node = element.node
        guard !stack.isEmpty else {
            pending = PendingOffer(node: node, problems: buildProblems, validity: [])
            return
        }
        let parent = stack.count - 1
        switch stack[parent].kind {
        case .list:
            stack[parent].items.append(node)
        case .codeMap:
            if element.name == "codes", let classifier = element.classifier {
                stack[parent].members.append(NativeMember(key: classifier, node: node))
            } else {
                buildProblems.append(.init(path: element.path, message: "expected <codes classifier=\"…\"> inside <originalCodes>", severity: .error))
            }
        default:
            stack[parent].members.append(NativeMember(key: element.name, node: node))
        }
    }

    // MARK: libxml2 access

    private var currentLine: Int { LibXML2.line(of: xmlTextReaderCurrentNode(reader), in: reader) }

    /// libxml2 keeps no line for a document type node, and its parser has read ahead by then;
    /// the declaration is in the prolog, so find it in the first bytes of the file.
    private var doctypeLine: Int? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64 * 1024),
              let range = head.range(of: Data("<!DOCTYPE".utf8)) else { return nil }
        return head[head.startIndex..<range.lowerBound].filter { $0 == 0x0A }.count + 1
    }

    private func location(line: Int?, column: Int?) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// The current element's attributes, namespace declarations and `xsi:` attributes left out.
    private func attributes() -> [(String, String)] {
        var result: [(String, String)] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return result }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            let namespace = constString(xmlTextReaderConstNamespaceUri(reader))
            if namespace == "http://www.w3.org/2001/XMLSchema-instance" { continue }
            let name = constString(xmlTextReaderConstLocalName(reader)) ?? ""
            let value = constString(xmlTextReaderConstValue(reader)) ?? ""
            result.append((namespace == nil ? name : "{\(namespace!)}\(name)", value))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    private func constString(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// An element being turned into a ``NativeNode``.
private struct ElementBuilder {
    enum Kind {
        case object
        /// A wrapper whose children are the items, each named as given.
        case list(item: String)
        /// `<originalCodes>`: a map from classifier to codes, as `<codes classifier="…">`.
        case codeMap
        case text
    }

    /// Elements whose content is other elements (JSON objects).
    static let objectNames: Set<String> = ["provider", "contact", "link", "eligibility", "sectors", "companyAge", "funding", "schedule"]

    static func kind(of name: String, parent: ElementBuilder) -> Kind {
        if name == "originalCodes" { return .codeMap }
        if case .codeMap = parent.kind { return .list(item: "code") }
        if objectNames.contains(name) { return .object }
        if case .list = parent.kind { return .text }  // list items are texts, except links
        if let item = NativeFormat.xmlItemNames[name] { return .list(item: item) }
        return .text
    }

    var name: String
    var kind: Kind
    var mark: Int
    var path: FieldPath
    var members: [NativeMember] = []
    var items: [NativeNode] = []
    var text = ""
    var classifier: String?

    var node: NativeNode {
        switch kind {
        case .object, .codeMap: NativeNode(value: .object(members), mark: mark)
        case .list: NativeNode(value: .array(items), mark: mark)
        case .text: NativeNode(value: .text(text), mark: mark)
        }
    }
}
