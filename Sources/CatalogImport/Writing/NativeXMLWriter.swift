public import Foundation
public import SupportModel

/// Writes offers as a native XML catalogue (`Catalog/schema/catalogue.xsd`), one at a time,
/// so a 100,000-offer file never has to be in memory.
///
/// Output is deterministic: the XML declaration, the catalogue namespace as default namespace,
/// fields in the documented order, two-space indentation, UTF-8. Text is written exactly (a
/// carriage return as `&#13;` so XML's line-end normalisation cannot change it); text XML 1.0
/// cannot carry (control characters) is refused with an error rather than altered.
public final class NativeXMLWriter {
    private let output: BufferedOutput
    private let source: String
    /// The `sources` attribute, sorted; see ``NativeJSONWriter``.
    private let otherSources: [String]
    private var started = false
    private var finished = false

    /// `source` is written once on `<catalogue>`; offers of other sources carry their own,
    /// and those sources must be among `otherSources` (the `sources` attribute).
    public init(source: String, otherSources: some Sequence<String> = [], output: @escaping (Data) throws -> Void) {
        self.output = BufferedOutput(sink: output)
        self.source = source
        self.otherSources = Set(otherSources).subtracting([source]).sorted()
    }

    /// Writes to an open file handle (which the caller closes).
    public convenience init(source: String, otherSources: some Sequence<String> = [], to handle: FileHandle) {
        self.init(source: source, otherSources: otherSources) { try handle.write(contentsOf: $0) }
    }

    public func write(_ offer: Offer) throws {
        precondition(!finished, "write after finish")
        guard offer.id.source == source || otherSources.contains(offer.id.source) else {
            throw NativeWriterError(offerID: offer.id.description, "source \"\(offer.id.source)\" is not declared by the document (source or sources)")
        }
        try start()
        let node = NativeOfferEncoder.node(for: offer, documentSource: source)
        guard case .object(let members) = node.value else { return }
        var text = "  <offer"
        var body: [NativeMember] = []
        for member in members {
            if member.key == "id" || member.key == "source", let value = member.node.value.stringValue {
                text += " \(member.key)=\"\(try Self.escape(value, attribute: true, offer: offer))\""
            } else {
                body.append(member)
            }
        }
        text += ">\n"
        for member in body {
            try Self.element(member.key, member.node.value, indent: 2, offer: offer, into: &text)
        }
        text += "  </offer>\n"
        try output.append(text)
    }

    public func write<S: Sequence>(contentsOf offers: S) throws where S.Element == Offer {
        for offer in offers { try write(offer) }
    }

    /// Closes the document and flushes. Must be called once, also for zero offers.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        try start()
        finished = true
        try output.append("</catalogue>\n")
        try output.flush()
    }

    /// A whole catalogue in memory (for tests and small exports).
    public static func data(source: String, offers: [Offer]) throws -> Data {
        var data = Data()
        let writer = NativeXMLWriter(source: source, otherSources: offers.map(\.id.source)) { data.append($0) }
        try writer.write(contentsOf: offers)
        try writer.finish()
        return data
    }

    private func start() throws {
        guard !started else { return }
        started = true
        let source = try Self.escape(self.source, attribute: true, offer: nil)
        let sources = otherSources.isEmpty ? "" : " sources=\"\(try Self.escape(otherSources.joined(separator: " "), attribute: true, offer: nil))\""
        try output.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalogue xmlns=\"\(NativeFormat.xmlNamespace)\" version=\"\(NativeFormat.version)\" source=\"\(source)\"\(sources)>\n")
    }

    // MARK: Serialisation

    private static func element(_ name: String, _ value: NativeValue, indent: Int, offer: Offer, into text: inout String) throws {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let members):
            if name == "originalCodes" {
                text += pad + "<originalCodes>\n"
                for member in members {
                    text += pad + "  <codes classifier=\"\(try escape(member.key, attribute: true, offer: offer))\">\n"
                    for item in member.node.value.arrayItems {
                        try element("code", item.value, indent: indent + 2, offer: offer, into: &text)
                    }
                    text += pad + "  </codes>\n"
                }
                text += pad + "</originalCodes>\n"
                return
            }
            text += pad + "<\(name)>\n"
            for member in members {
                try element(member.key, member.node.value, indent: indent + 1, offer: offer, into: &text)
            }
            text += pad + "</\(name)>\n"
        case .array(let items):
            let item = NativeFormat.xmlItemNames[name] ?? "item"
            text += pad + "<\(name)>\n"
            for entry in items {
                try element(item, entry.value, indent: indent + 1, offer: offer, into: &text)
            }
            text += pad + "</\(name)>\n"
        case .string(let string), .text(let string):
            text += pad + "<\(name)>\(try escape(string, attribute: false, offer: offer))</\(name)>\n"
        case .number(let number):
            text += pad + "<\(name)>\(NativeOfferEncoder.decimal(number))</\(name)>\n"
        case .bool(let flag):
            text += pad + "<\(name)>\(flag)</\(name)>\n"
        case .null:
            break
        }
    }

    static func escape(_ string: String, attribute: Bool, offer: Offer?) throws -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\r": result += "&#13;"
            case "\n" where attribute: result += "&#10;"
            case "\t" where attribute: result += "&#9;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    throw NativeWriterError(offerID: offer?.id.description,
                                            "text contains U+\(String(scalar.value, radix: 16, uppercase: true)), which XML 1.0 cannot represent")
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension NativeValue {
    var arrayItems: [NativeNode] {
        if case .array(let items) = self { return items }
        return []
    }
}
