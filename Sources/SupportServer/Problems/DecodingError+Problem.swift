import Foundation

extension Problem {
    /// A problem for a body that `Decodable` rejected: the pointer of the field and what the
    /// decoder expected there. Malformed JSON points at the document root.
    static func from(decodingError error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid([.init(pointer: JSONPointer.from(context.codingPath + [key]), detail: "is required")])
        case .typeMismatch(let type, let context):
            return .invalid([.init(pointer: JSONPointer.from(context.codingPath), detail: "expected \(describe(type)); \(context.debugDescription)")])
        case .valueNotFound(let type, let context):
            return .invalid([.init(pointer: JSONPointer.from(context.codingPath), detail: "expected \(describe(type)), found null")])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .invalid([.init(pointer: "", detail: "the body is not valid JSON")])
            }
            return .invalid([.init(pointer: JSONPointer.from(context.codingPath), detail: context.debugDescription)])
        @unknown default:
            return .invalid([.init(pointer: "", detail: "the body could not be read")])
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
