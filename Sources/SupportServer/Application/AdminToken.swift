public import Foundation

/// The bearer token that unlocks the import endpoints.
///
/// Configured at start from `SUPPORTMATCH_ADMIN_TOKEN` or a token file; without one the import
/// endpoints answer 404 as if they did not exist. The token is never logged: its
/// `description` is redacted, and requests are compared in constant time so response timing
/// tells nothing about how many leading bytes were right.
public struct AdminToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let bytes: [UInt8]

    /// Tokens shorter than this many bytes are refused at start: a guessable token is worse
    /// than none. 32 bytes is what `openssl rand -hex 16` prints.
    public static let minimumLength = 32

    public init(_ token: String) throws(AdminTokenError) {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= Self.minimumLength else { throw .tooShort(minimum: Self.minimumLength) }
        bytes = Array(trimmed.utf8)
    }

    /// The token from `SUPPORTMATCH_ADMIN_TOKEN`, else from the file named by `tokenFile` (or
    /// `SUPPORTMATCH_ADMIN_TOKEN_FILE`); `nil` when neither is set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, tokenFile: String? = nil
    ) throws(AdminTokenError) -> AdminToken? {
        if let value = environment["SUPPORTMATCH_ADMIN_TOKEN"], !value.isEmpty { return try AdminToken(value) }
        guard let path = tokenFile ?? environment["SUPPORTMATCH_ADMIN_TOKEN_FILE"], !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path)
        }
        return try AdminToken(text)
    }

    /// Compares in time that depends only on the lengths, never on where the first difference
    /// is. The length difference is folded in at full width: folded into 8 bits, a candidate
    /// that repeats the token to a length 256·k bytes longer compared equal.
    public func matches(_ candidate: some Collection<UInt8>) -> Bool {
        var difference = UInt(bitPattern: bytes.count ^ candidate.count)
        var index = 0
        for byte in candidate {
            difference |= UInt(byte ^ bytes[index % bytes.count])
            index += 1
        }
        return difference == 0
    }

    public var description: String { "AdminToken(redacted)" }
    public var debugDescription: String { description }
}

public enum AdminTokenError: Error, CustomStringConvertible, Equatable {
    case tooShort(minimum: Int)
    case unreadableFile(String)

    public var description: String {
        switch self {
        case .tooShort(let minimum): "the admin token must be at least \(minimum) bytes long (for example the output of `openssl rand -hex 16`)"
        case .unreadableFile(let path): "cannot read the admin token file \(path)"
        }
    }
}
