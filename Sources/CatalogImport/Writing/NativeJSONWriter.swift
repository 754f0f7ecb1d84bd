public import Foundation
public import SupportModel

/// Writes offers as a native JSON catalogue, one offer at a time.
///
/// Output is deterministic: fields in the documented order, two-space indentation, lists of
/// codes on one line, non-ASCII text as UTF-8, numbers in plain decimal notation, a final
/// newline. The same offers always give the same bytes, so exports diff cleanly.
///
/// ```swift
/// let writer = NativeJSONWriter(source: "supportmatch") { try handle.write(contentsOf: $0) }
/// try writer.write(offer)
/// try writer.finish()
/// ```
public final class NativeJSONWriter {
    private let output: BufferedOutput
    private let source: String
    /// `sources` of the document, sorted: the header is written before the first offer, so
    /// the caller names them up front.
    private let otherSources: [String]
    private var count = 0
    private var finished = false

    /// `source` is written once for the document; offers of other sources carry their own,
    /// and those sources must be among `otherSources` (the document's `sources`), since a
    /// reader refuses an offer of a source its document does not declare.
    public init(source: String, otherSources: some Sequence<String> = [], output: @escaping (Data) throws -> Void) {
        self.output = BufferedOutput(sink: output)
        self.source = source
        self.otherSources = Set(otherSources).subtracting([source]).sorted()
    }

    /// Writes to an open file handle (which the caller closes).
    public convenience init(source: String, otherSources: some Sequence<String> = [], to handle: FileHandle) {
        self.init(source: source, otherSources: otherSources) { try handle.write(contentsOf: $0) }
    }

    private var header: String {
        var text = "{\n  \"format\": \(Self.quoted(NativeFormat.formatName)),\n  \"version\": \(NativeFormat.version),\n  \"source\": \(Self.quoted(source)),\n"
        if !otherSources.isEmpty { text += "  \"sources\": [\(otherSources.map(Self.quoted).joined(separator: ", "))],\n" }
        return text
    }

    public func write(_ offer: Offer) throws {
        precondition(!finished, "write after finish")
        guard offer.id.source == source || otherSources.contains(offer.id.source) else {
            throw NativeWriterError(offerID: offer.id.description, "source \"\(offer.id.source)\" is not declared by the document (source or sources)")
        }
        if count == 0 {
            try output.append(header + "  \"offers\": [\n")
        } else {
            try output.append(",\n")
        }
        var text = "    "
        Self.serialise(NativeOfferEncoder.node(for: offer, documentSource: source).value, indent: 2, into: &text)
        try output.append(text)
        count += 1
    }

    public func write<S: Sequence>(contentsOf offers: S) throws where S.Element == Offer {
        for offer in offers { try write(offer) }
    }

    /// Closes the document and flushes. Must be called once, also for zero offers.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        finished = true
        if count == 0 {
            try output.append(header + "  \"offers\": []\n}\n")
        } else {
            try output.append("\n  ]\n}\n")
        }
        try output.flush()
    }

    /// A whole catalogue in memory (for tests and small exports).
    public static func data(source: String, offers: [Offer]) throws -> Data {
        var data = Data()
        let writer = NativeJSONWriter(source: source, otherSources: offers.map(\.id.source)) { data.append($0) }
        try writer.write(contentsOf: offers)
        try writer.finish()
        return data
    }

    // MARK: Serialisation

    private static func serialise(_ value: NativeValue, indent: Int, into text: inout String) {
        switch value {
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            let inner = String(repeating: "  ", count: indent + 1)
            text += "{\n"
            for (index, member) in members.enumerated() {
                text += inner + quoted(member.key) + ": "
                serialise(member.node.value, indent: indent + 1, into: &text)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "}"
        case .array(let items):
            let scalars = items.allSatisfy { if case .string = $0.value { true } else { false } }
            if scalars && items.count <= 12 && items.reduce(0, { $0 + (($1.value.stringValue?.count ?? 0) + 4) }) < 100 {
                text += "[" + items.map { quoted($0.value.stringValue ?? "") }.joined(separator: ", ") + "]"
                return
            }
            guard !items.isEmpty else { text += "[]"; return }
            let inner = String(repeating: "  ", count: indent + 1)
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += inner
                serialise(item.value, indent: indent + 1, into: &text)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: "  ", count: indent) + "]"
        case .string(let string), .text(let string):
            text += quoted(string)
        case .number(let number):
            text += NativeOfferEncoder.decimal(number)
        case .bool(let flag):
            text += flag ? "true" : "false"
        case .null:
            text += "null"
        }
    }

    static func quoted(_ string: String) -> String {
        var result = "\""
        result.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension NativeValue {
    var stringValue: String? {
        switch self {
        case .string(let text), .text(let text): text
        default: nil
        }
    }
}
