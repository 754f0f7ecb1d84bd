import Foundation
public import HTTPTypes
public import Hummingbird

/// An RFC 9457 problem: the one shape every error of the HTTP API takes, so a client needs a
/// single error handler. Invalid input names every offending field as a JSON pointer
/// (RFC 6901) into the request body, or `#/query/NAME` style pointers for query parameters.
public struct Problem: Error, HTTPResponseError, Codable, Sendable, Equatable {
    /// One invalid field: where it is and what was expected there.
    public struct InvalidParameter: Codable, Sendable, Hashable {
        /// What the pointer points into: the JSON `body`, the `query` (read as an object of
        /// its parameters) or the `path`.
        public enum Part: String, Codable, Sendable, Hashable { case body, query, path }

        public var `in`: Part
        /// JSON pointer to the field: `/employees`, `/location/state` in the body; `/page`
        /// for the query parameter `page`.
        public var pointer: String
        /// What is wrong and what was expected.
        public var detail: String

        public init(in part: Part = .body, pointer: String, detail: String) {
            self.in = part
            self.pointer = pointer
            self.detail = detail
        }

        public static func query(_ name: String, _ detail: String) -> Self {
            Self(in: .query, pointer: "/" + JSONPointer.escape(name), detail: detail)
        }
    }

    /// A URI reference naming the problem type; relative to the server (`/problems/...`).
    public var type: String
    public var title: String
    public var statusCode: Int
    public var detail: String?
    public var instance: String?
    public var invalidParams: [InvalidParameter]

    /// Extra response headers (`Allow` on 405, `WWW-Authenticate` on 401); not in the body.
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, type: String? = nil, title: String? = nil, detail: String? = nil,
        invalidParams: [InvalidParameter] = [], headers: HTTPFields = [:]
    ) {
        self.type = type ?? "about:blank"
        self.title = title ?? status.reasonPhrase
        self.statusCode = status.code
        self.detail = detail
        self.invalidParams = invalidParams
        self.headers = headers
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, instance, invalidParams = "invalid-params"
        case moreInvalidParams = "more-invalid-params"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        title = try c.decode(String.self, forKey: .title)
        statusCode = try c.decode(Int.self, forKey: .statusCode)
        detail = try c.decodeIfPresent(String.self, forKey: .detail)
        instance = try c.decodeIfPresent(String.self, forKey: .instance)
        invalidParams = try c.decodeIfPresent([InvalidParameter].self, forKey: .invalidParams) ?? []
        headers = [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(instance, forKey: .instance)
        if !invalidParams.isEmpty {
            // 10,000 invalid topics made an 11.8 MB body: the first ones say what is wrong.
            try c.encode(Array(invalidParams.prefix(Self.maxListedParams)), forKey: .invalidParams)
            if invalidParams.count > Self.maxListedParams {
                try c.encode(invalidParams.count - Self.maxListedParams, forKey: .moreInvalidParams)
            }
        }
    }

    /// Most entries of `invalid-params` written; `more-invalid-params` counts the rest.
    static let maxListedParams = 50

    public static func == (lhs: Problem, rhs: Problem) -> Bool {
        lhs.type == rhs.type && lhs.title == rhs.title && lhs.statusCode == rhs.statusCode
            && lhs.detail == rhs.detail && lhs.instance == rhs.instance && lhs.invalidParams == rhs.invalidParams
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        problem.instance = problem.instance ?? request.uri.path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(problem)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Problem {
    /// 400 for a body or query that fails validation, with one entry per field.
    public static func invalid(_ params: [InvalidParameter], detail: String? = nil) -> Problem {
        Problem(
            .badRequest, type: "/problems/invalid-request", title: "Invalid request",
            detail: detail ?? params.prefix(5).map { "\($0.pointer): \($0.detail)" }.joined(separator: "; ")
                + (params.count > 5 ? "; and \(params.count - 5) more problems (see invalid-params)" : ""),
            invalidParams: params)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, type: "/problems/not-found", title: "Not found", detail: detail)
    }

    public static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> Problem {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = list
        return Problem(
            .methodNotAllowed, type: "/problems/method-not-allowed", title: "Method not allowed",
            detail: "this resource allows \(list)", headers: headers)
    }

    public static func contentTooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge, type: "/problems/content-too-large", title: "Content too large",
            detail: "the request body exceeds the limit of \(limit) bytes")
    }
}
