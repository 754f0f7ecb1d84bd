/// The on-disk shape of `synonyms.json`.
struct SynonymDocument: Decodable {
    static let formatName = "supportmatch-synonyms"
    static let supportedVersion = 1

    var format: String
    var version: Int
    var groups: [SynonymTable.Group]

    func validate() throws {
        guard format == Self.formatName else {
            throw SynonymTableError(pointer: "/format", message: "expected \"\(Self.formatName)\", found \"\(format)\"")
        }
        guard version == Self.supportedVersion else {
            throw SynonymTableError(pointer: "/version", message: "expected \(Self.supportedVersion), found \(version)")
        }
        var ids: Set<String> = []
        for (index, group) in groups.enumerated() {
            let pointer = "/groups/\(index)"
            guard !group.id.allSatisfy(\.isWhitespace) else {
                throw SynonymTableError(pointer: pointer + "/id", message: "expected a non-empty group id")
            }
            guard ids.insert(group.id).inserted else {
                throw SynonymTableError(pointer: pointer + "/id", message: "group id \"\(group.id)\" is used twice")
            }
            guard group.terms.count >= 2 else {
                throw SynonymTableError(pointer: pointer + "/terms", message: "expected at least two terms in group \"\(group.id)\"")
            }
            for (termIndex, term) in group.terms.enumerated() where term.allSatisfy(\.isWhitespace) {
                throw SynonymTableError(pointer: pointer + "/terms/\(termIndex)", message: "expected a non-empty term")
            }
        }
    }
}

/// A `synonyms.json` that cannot be used, located by JSON pointer (RFC 6901).
public struct SynonymTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the bad value is, e.g. `/groups/3/terms/0`; empty for the whole document.
    public var pointer: String
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    init(decoding error: DecodingError) {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context):
            self.init(pointer: pointer(context.codingPath), message: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(pointer: pointer(context.codingPath), message: "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(pointer: pointer(context.codingPath), message: "missing field \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            self.init(pointer: pointer(context.codingPath), message: "not valid JSON: \(context.debugDescription)")
        @unknown default:
            self.init(pointer: "", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        default: "\(type)".hasPrefix("Array") ? "an array" : "a value of type \(type)"
        }
    }

    public var description: String {
        "synonyms.json\(pointer.isEmpty ? "" : " at \(pointer)"): \(message)"
    }
}
