import Foundation
/// RFC 6901 JSON pointers, built from the coding paths `Decodable` reports, so a client can
/// find the offending field in what it sent.
enum JSONPointer {
    /// `[location, state]` → `/location/state`; array indices become numbers.
    static func from(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in
            "/" + (key.intValue.map(String.init) ?? escape(key.stringValue))
        }.joined()
    }

    /// Escapes one reference token: `~` → `~0`, `/` → `~1`.
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
