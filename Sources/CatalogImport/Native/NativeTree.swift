import SupportModel

/// A parsed native-format value, the common ground of the JSON and XML encodings.
///
/// Both readers first turn one offer into this small tree and then hand it to
/// ``NativeOfferDecoder``, so the two encodings are checked by the same code and cannot drift
/// apart. Every node keeps a `mark` (a byte offset for JSON, a line for XML) so a problem can be
/// located in the file it came from.
struct NativeNode: Sendable {
    var value: NativeValue
    /// Where the value starts, in the reader's own unit: a byte offset for JSON (turned into a
    /// line and column by ``UTF8LineIndex``), a line for XML.
    var mark: Int
}

enum NativeValue: Sendable {
    /// Members in input order. Duplicates are kept so the decoder can report them.
    case object([NativeMember])
    case array([NativeNode])
    /// A JSON string.
    case string(String)
    /// XML character data: untyped until a field says it is a number or a string.
    case text(String)
    case number(Double)
    case bool(Bool)
    case null

    /// How a value is named in "expected …, found …" messages.
    var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string, .text: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

struct NativeMember: Sendable {
    var key: String
    var node: NativeNode
}

extension NativeNode {
    /// The deepest node along `path` that exists, so that a problem with a missing field is
    /// located at the object that should have contained it.
    func deepestNode(along path: FieldPath) -> NativeNode {
        var node = self
        for step in path.components {
            switch (step, node.value) {
            case (.key(let key), .object(let members)):
                guard let member = members.first(where: { $0.key == key }) else { return node }
                node = member.node
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return node }
                node = items[index]
            default:
                return node
            }
        }
        return node
    }
}

