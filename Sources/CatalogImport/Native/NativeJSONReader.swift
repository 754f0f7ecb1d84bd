public import Foundation
import SupportModel

/// Reads the native catalogue format, JSON encoding (`Catalog/schema/catalogue.schema.json`,
/// documented in `Catalog/README.md`).
///
/// A file is one catalogue document: `{"format": "supportmatch-catalogue", "version": 1,
/// "source": "…", "offers": [ … ]}`. A bare top-level list of offers is not accepted: the
/// `format` member is what makes the file recognisable and versioned. An offer may carry its
/// own `source` to override the document's (so an export of several sources is one file).
///
/// Problems in the document envelope (not JSON, truncated, wrong format or version, no
/// `offers` list) make the whole file unreadable (``CatalogReadError`` with line and column).
/// Problems in an offer are reported on that offer's record with its JSON pointer, line and
/// column, and reading goes on, so one bad offer never hides the others. Unknown fields are
/// errors: a misspelt field name must not silently lose data.
public struct NativeJSONReader: CatalogReader {
    public let format: CatalogFormat = .nativeJSON
    public init() {}

    /// Claims a file whose first value is an object with `"format": "supportmatch-catalogue"`
    /// within the first 64 KiB (the writers put `format` first). A UTF-8 byte-order mark is
    /// allowed.
    public func recognizes(head: Data, url: URL) -> Bool {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.range(of: #""format"\s*:\s*"\#(NativeFormat.formatName)""#, options: .regularExpression) != nil
    }

    /// Streams the document (``NativeJSONStream``): memory holds one offer, not the file. A
    /// document the stream cannot read — an unusual envelope, or any error — is read whole by
    /// ``readWhole(_:context:handle:)``, which reports every problem exactly as it always did.
    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        try checkSize(input, limits: context.limits)
        struct HandlerFailure: Error { var error: any Error }
        var handedOut = false
        let streamingError: any Error
        do {
            try readStreaming(input, context: context) { record in
                handedOut = true
                do { try handle(record) } catch { throw HandlerFailure(error: error) }
            }
            return
        } catch let failure as HandlerFailure {
            throw failure.error
        } catch {
            streamingError = error
        }
        guard handedOut else { return try readWhole(input, context: context, handle: handle) }
        // Records are out: the whole read must fail as well (it finds the same problem, perhaps
        // an earlier one, and says it as before); it must never hand them out a second time.
        try readWhole(input, context: context) { _ in throw streamingError }
        throw streamingError
    }

    func readStreaming(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let file = input.displayName
        var stream = try NativeJSONStream(url: input.url)
        defer { stream.close() }
        var head: [UInt8] = []
        while head.count < 4, try stream.has(head.count) { head.append(stream.byte(head.count)) }
        if Self.nonUTF8Encoding(head) != nil { throw NativeJSONStream.NotStreamable() }
        let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        // Pass 1: the envelope's layout; its small members are parsed here, as the whole
        // parse would (nesting limits count the levels above them).
        let members = try stream.members(from: start)
        let limits = context.limits
        var rootMembers: [NativeMember] = []
        var offersStart: Int?
        for member in members {
            guard let value = member.value else {
                guard try stream.has(member.valueStart) else { throw NativeJSONStream.NotStreamable() }
                offersStart = member.valueStart
                rootMembers.append(NativeMember(key: member.key, node: NativeNode(value: .array([]), mark: member.valueStart)))
                continue
            }
            let node = try JSONTreeParser.parse(value, maxDepth: limits.maxDepth - 1, maxStringBytes: limits.maxTextBytes)
            rootMembers.append(NativeMember(key: member.key, node: node.shifted(by: member.valueStart)))
        }
        guard let offersStart else { throw NativeJSONStream.NotStreamable() }

        // Pass 2: the offers, one at a time. Lines are counted as the read moves on.
        try stream.rewind()
        guard try stream.has(offersStart), stream.byte(offersStart) == UInt8(ascii: "[") else { throw NativeJSONStream.NotStreamable() }
        var lines = StreamingLinePosition(start: start)
        lines.advance(to: offersStart, over: stream.available(from: start))
        func location(_ offset: Int, pointer: String? = nil) -> SourceLocation {
            let (line, column) = lines.position(of: offset, over: stream.available(from: lines.offset))
            return SourceLocation(file: file, line: line, column: column, jsonPointer: pointer)
        }
        let envelope = try Envelope(NativeNode(value: .object(rootMembers), mark: start), location: location)

        let decoder = NativeOfferDecoder(documentSource: envelope.source, maxTextBytes: limits.maxTextBytes)
        var seen: [OfferID: String] = [:]
        var offset = try stream.skipWhitespace(from: offersStart + 1)
        guard try stream.has(offset) else { throw NativeJSONStream.NotStreamable() }
        var index = 0
        if stream.byte(offset) != UInt8(ascii: "]") {
            while true {
                let offerStart = try stream.skipWhitespace(from: offset)
                let offerEnd = try stream.valueEnd(from: offerStart)
                guard offerEnd > offerStart else { throw NativeJSONStream.NotStreamable() }
                // An offer sits two levels down (document, list).
                let node = try JSONTreeParser.parse(stream.bytes(offerStart, offerEnd), maxDepth: limits.maxDepth - 2,
                                                    maxStringBytes: limits.maxTextBytes)
                lines.advance(to: offerStart, over: stream.available(from: lines.offset))
                let base = "/offers/\(index)"
                func locate(_ path: FieldPath) -> SourceLocation {
                    location(offerStart + node.deepestNode(along: path).mark, pointer: base + path.jsonPointer)
                }
                let record = NativeRecords.record(decoder.decode(node), at: location(offerStart, pointer: base), context: context,
                                                  locate: locate, documentSource: envelope.source,
                                                  declaredSources: envelope.declaredSources, reader: self, seen: &seen)
                try handle(record)
                index += 1
                stream.discard(before: offerStart)
                offset = try stream.skipWhitespace(from: offerEnd)
                guard try stream.has(offset) else { throw NativeJSONStream.NotStreamable() }
                if stream.byte(offset) == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                guard stream.byte(offset) == UInt8(ascii: "]") else { throw NativeJSONStream.NotStreamable() }
                break
            }
        }
    }

    /// The whole document in memory, parsed into one tree: for documents the stream leaves
    /// (see ``read(_:context:handle:)``), and the definition of every file-level error.
    func readWhole(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let file = input.displayName
        let bytes = try load(input, limits: context.limits)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let lines = UTF8LineIndex(bytes, start: start)
        func location(_ mark: Int, pointer: String? = nil) -> SourceLocation {
            let (line, column) = lines.lineAndColumn(of: mark)
            return SourceLocation(file: file, line: line, column: column, jsonPointer: pointer)
        }

        if let encoding = Self.nonUTF8Encoding(bytes) {
            throw CatalogReadError(at: SourceLocation(file: file, line: 1, column: 1),
                                   "expected UTF-8 text, but the file looks \(encoding) encoded; save it as UTF-8")
        }
        let root: NativeNode
        do {
            root = try JSONTreeParser.parse(bytes, from: start, maxDepth: context.limits.maxDepth,
                                            maxStringBytes: context.limits.maxTextBytes)
        } catch {
            throw CatalogReadError(at: location(error.offset), "not valid JSON: \(error.message)")
        }
        let envelope = try Envelope(root, location: location)

        let decoder = NativeOfferDecoder(documentSource: envelope.source, maxTextBytes: context.limits.maxTextBytes)
        var seen: [OfferID: String] = [:]
        for (index, node) in envelope.offers.enumerated() {
            let base = "/offers/\(index)"
            func locate(_ path: FieldPath) -> SourceLocation {
                location(node.deepestNode(along: path).mark, pointer: base + path.jsonPointer)
            }
            let recordLocation = location(node.mark, pointer: base)
            let record = NativeRecords.record(decoder.decode(node), at: recordLocation, context: context, locate: locate,
                                     documentSource: envelope.source, declaredSources: envelope.declaredSources,
                                     reader: self, seen: &seen)
            try handle(record)
        }
    }

    private func checkSize(_ input: CatalogInput, limits: ReadLimits) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: input.url.path)[.size] as? NSNumber)?.intValue
        if let size, size > limits.maxDocumentBytes {
            throw CatalogReadError(at: SourceLocation(file: input.displayName),
                                   "the file is \(size) bytes, more than the limit of \(limits.maxDocumentBytes) bytes for a JSON catalogue (ReadLimits.maxDocumentBytes); split it or use the XML encoding, which is read streaming")
        }
    }

    private func load(_ input: CatalogInput, limits: ReadLimits) throws -> [UInt8] {
        let file = input.displayName
        try checkSize(input, limits: limits)
        do {
            let data = try Data(contentsOf: input.url)
            guard data.count <= limits.maxDocumentBytes else {
                throw CatalogReadError(at: SourceLocation(file: file), "the file is larger than \(limits.maxDocumentBytes) bytes (ReadLimits.maxDocumentBytes)")
            }
            return [UInt8](data)
        } catch let error as CatalogReadError {
            throw error
        } catch {
            throw CatalogReadError(at: SourceLocation(file: file), "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// UTF-16 and UTF-32 files start with a byte-order mark or have NUL bytes among the first
    /// characters; JSON must be UTF-8 (RFC 8259 §8.1).
    static func nonUTF8Encoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
        if bytes.prefix(4).contains(0) { return "UTF-16 or UTF-32" }
        return nil
    }
}

/// The document around the offers: `format`, `version`, `source`, `offers` (and an optional
/// `$schema` for editors). Any problem here is file-level.
private struct Envelope {
    var source: String
    /// `source` and every name of `sources`: the only sources an offer may name.
    var declaredSources: Set<String>
    var offers: [NativeNode]

    static let fields = ["$schema", "format", "version", "source", "sources", "offers"]

    init(_ root: NativeNode, location: (Int, String?) -> SourceLocation) throws {
        func fail(_ node: NativeNode, _ pointer: String, _ message: String) -> CatalogReadError {
            CatalogReadError(at: location(node.mark, pointer), message)
        }
        guard case .object(let members) = root.value else {
            throw fail(root, "", "expected a catalogue document {\"format\": \"\(NativeFormat.formatName)\", \"version\": \(NativeFormat.version), \"source\": …, \"offers\": […]}, found \(root.value.kindName)")
        }
        var fields: [String: NativeNode] = [:]
        for member in members {
            let pointer = "/" + member.key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            if fields[member.key] != nil { throw fail(member.node, pointer, "duplicate member \"\(member.key)\"") }
            guard Self.fields.contains(member.key) else {
                throw fail(member.node, pointer, "unknown member \"\(member.key)\" of the catalogue document; expected \(Self.fields.joined(separator: ", "))")
            }
            fields[member.key] = member.node
        }
        func string(_ key: String) throws -> String {
            guard let node = fields[key] else { throw fail(root, "", "missing required member \"\(key)\" of the catalogue document") }
            guard case .string(let value) = node.value else { throw fail(node, "/\(key)", "expected \"\(key)\" to be a string, found \(node.value.kindName)") }
            return value
        }
        let format = try string("format")
        guard format == NativeFormat.formatName else {
            throw fail(fields["format"]!, "/format", "expected \"format\": \"\(NativeFormat.formatName)\", found \"\(format.prefix(80))\"")
        }
        guard let versionNode = fields["version"] else { throw fail(root, "", "missing required member \"version\" of the catalogue document") }
        guard case .number(let version) = versionNode.value, version == Double(NativeFormat.version) else {
            throw fail(versionNode, "/version", "unsupported catalogue version: this SupportMatch reads version \(NativeFormat.version)")
        }
        if let schema = fields["$schema"], case .string = schema.value {} else if let schema = fields["$schema"] {
            throw fail(schema, "/$schema", "expected \"$schema\" to be a string, found \(schema.value.kindName)")
        }
        source = try string("source")
        guard source.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
            throw fail(fields["source"]!, "/source", "expected a source name of lowercase letters, digits, '.', '_' or '-' (at most 64 characters), found \"\(source.prefix(80))\"")
        }
        declaredSources = [source]
        if let sourcesNode = fields["sources"] {
            guard case .array(let items) = sourcesNode.value else {
                throw fail(sourcesNode, "/sources", "expected \"sources\" to be a list of source names, found \(sourcesNode.value.kindName)")
            }
            for (index, item) in items.enumerated() {
                guard case .string(let name) = item.value, name.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
                    throw fail(item, "/sources/\(index)", "expected a source name of lowercase letters, digits, '.', '_' or '-' (at most 64 characters)")
                }
                declaredSources.insert(name)
            }
        }
        guard let offersNode = fields["offers"] else { throw fail(root, "", "missing required member \"offers\" (the list of offers)") }
        guard case .array(let offers) = offersNode.value else {
            throw fail(offersNode, "/offers", "expected \"offers\" to be a list, found \(offersNode.value.kindName)")
        }
        self.offers = offers
    }
}
