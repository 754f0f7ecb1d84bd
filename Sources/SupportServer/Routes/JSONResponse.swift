import Foundation
import Hummingbird

/// JSON responses with stable key order, so clients, tests and caches see byte-identical
/// bodies for identical data.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(data: try encoder.encode(value), status: status)
    }

    static func response(data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// Query parameters in order, repeated names kept (`topic=a&topic=b`), decoded as HTML
    /// forms encode them (`+` is a space), which Hummingbird's own parser does not do.
    var queryParameters: [(name: String, value: String)] {
        QueryString.parse(uri.query ?? "")
    }

    /// Reads the body up to `limit` bytes; more is a 413 problem.
    func bodyData(limit: Int) async throws -> Data {
        do {
            let buffer = try await body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // NIO's "too many bytes" error, which Hummingbird maps to 413.
            throw Problem.contentTooLarge(limit: limit)
        }
    }
}

/// `application/x-www-form-urlencoded` decoding of a query string.
enum QueryString {
    static func parse(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            guard !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Encodes parameters for a link (the shareable URL of a consultation).
    static func encode(_ parameters: [(name: String, value: String)]) -> String {
        // ASCII only: `CharacterSet.alphanumerics` would let "ü" through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return parameters.map { name, value in
            let n = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
            let v = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            return "\(n)=\(v)"
        }.joined(separator: "&")
    }
}
