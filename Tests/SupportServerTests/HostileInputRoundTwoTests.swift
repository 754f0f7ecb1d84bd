import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SupportServer
import Testing

/// Keeps every log line's message and metadata, to check what the server writes to its log.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "captured") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append("\(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

@Suite("hostile input, round two: the HTTP service (issue 13)", .serialized)
struct HostileHTTPRoundTwoTests {
    @Test("item 7: the request log names the route pattern, never a consultation's id")
    func logHasNoConsultationID() async throws {
        let server = try await ConsultationServer.make()
        let log = CapturedLog()
        let id = try await server.test(.router, logger: log.logger) { client in
            let id = try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) { response in
                #expect(response.status == .created)
                return try #require(try ConsultationServer.object(response)["id"] as? String)
            }
            for path in ["/v1/profiles/\(id)", "/v1/profiles/\(id)/changes", "/v1/profiles/\(id)/feed.atom", "/v1/profiles/\(id)/export"] {
                try await client.execute(uri: path, method: .get) { response in #expect(response.status == .ok, "\(path)") }
            }
            return id
        }
        let text = log.text
        #expect(text.contains("/v1/profiles/{id}/changes"), "the route pattern is logged: \(text.prefix(2000))")
        #expect(!text.contains(id), "the consultation id (its access capability) is in the log")
    }
}

@Suite("hostile input, round two: HTTP bounds (issue 13)", .serialized)
struct HostileHTTPBoundsTests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("item 1: a profile of 200 KB of combining marks is refused, not analysed")
    func combiningMarks() async throws {
        let server = try await TestServer.make(withConsultations: true)
        let marks = "x" + String(repeating: "\u{0301}", count: 100_000)  // 200 KB, one Character
        try await server.test(.router) { client in
            for uri in ["/v1/recommendations", "/v1/profiles"] {
                let body = uri == "/v1/profiles"
                    ? #"{"label": "x", "profile": {"applicantType": "company", "projectDescription": "\#(marks)"}}"#
                    : #"{"applicantType": "company", "projectDescription": "\#(marks)"}"#
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: Self.json(body)) { response in
                    // Before: accepted (one Character) and analysed, 3-4 s of CPU in a release
                    // build. The time bound is ProfileScalarLimitTests' (under 50 ms of CPU): wall
                    // time here measures the rest of the suite on two cores.
                    #expect(response.status == .badRequest || response.status == .unprocessableContent, "\(uri): \(response.status)")
                    #expect(response.text.contains("projectDescription"), "\(uri): \(response.text.prefix(300))")
                }
            }
        }
    }

    @Test("item 1: saved consultations are bounded: beyond --max-saved-profiles, 429")
    func savedProfileBound() async throws {
        let server = try await TestServer.make(withConsultations: true) { $0.maxSavedProfiles = 2 }
        try await server.test(.router) { client in
            for expected in [HTTPResponse.Status.created, .created, .tooManyRequests] {
                try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) { response in
                    #expect(response.status == expected, "\(response.text.prefix(300))")
                }
            }
        }
    }

    @Test("item 5: a consultation label or note with ESC, BEL, NUL, C1 or bidi controls is refused")
    func controlCharactersInLabel() async throws {
        let server = try await TestServer.make(withConsultations: true)
        try await server.test(.router) { client in
            for label in ["\\u001b]0;pwned\\u0007", "a\\u0000b", "\\u009b2J", "abc\\u202Etxt.exe"] {
                try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json,
                                         body: ConsultationServer.body(label: label)) { response in
                    #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(label): \(response.status)")
                    #expect(response.text.contains("/label"), "\(label): \(response.text.prefix(300))")
                }
            }
        }
    }

    @Test("weak: a POST without Content-Type is 415; 10,000 invalid topics give a short problem list with a count")
    func mediaTypeAndProblemList() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            try await client.execute(uri: "/v1/recommendations", method: .post, body: Self.json(saxonSoftwareSME)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let topics = (0..<10_000).map { "\"nope-\($0)\"" }.joined(separator: ",")
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                     body: Self.json(#"{"applicantType": "company", "topics": [\#(topics)]}"#)) { response in
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(response.body.readableBytes < 64 * 1024, "\(response.body.readableBytes) bytes")
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect((object["invalid-params"] as? [Any])?.count == 50)
                #expect(object["more-invalid-params"] as? Int == 9_950)
            }
        }
    }

    @Test("item 6: a body trickled one byte at a time is cut off at the request deadline; others are served")
    func slowBody() async throws {
        let server = try await TestServer.make { $0.requestTimeout = .seconds(2); $0.idleTimeout = .seconds(120) }
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let slow = try RawHTTP.connect(port: port)
            defer { close(slow) }
            try RawHTTP.send(slow, "POST /v1/recommendations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
            let started = ContinuousClock.now
            var closedAfter: Duration?
            // Others are served while the slow client holds its connection open.
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
            // One byte every 250 ms: the idle timeout (120 s) never runs out. Without the
            // deadline the connection stays open as long as the bytes come; with it, it is
            // closed after 2 s (found later when the suite keeps two cores busy).
            while ContinuousClock.now - started < .seconds(60) {
                if (try? RawHTTP.send(slow, " ")) == nil || RawHTTP.peerClosed(slow) {
                    closedAfter = ContinuousClock.now - started
                    break
                }
                try await Task.sleep(for: .milliseconds(250))
            }
            let after = try #require(closedAfter, "the trickling connection was still open after 60 s")
            print("slow body: closed after \(after) (deadline 2 s)")
            // A new connection is served (the test client's own kept-alive one met the 2 s deadline too).
            let chunked = try RawHTTP.exchange(port: port, "POST /v1/recommendations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n")
            #expect(RawHTTP.status(of: chunked) == 400, "a bad chunk size: \(chunked.prefix(200))")
            let answer = try RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(RawHTTP.status(of: answer) == 200)
        }
    }

    @Test("weak: a request with no Host header or with two, or a bad chunk size, is answered 400 (was 200 and 500)")
    func hostHeaders() async throws {
        let server = try await TestServer.make()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            for (name, host) in [("none", ""), ("two", "Host: localhost\r\nHost: evil.example\r\n")] {
                let answer = try RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
                #expect(RawHTTP.status(of: answer) == 400, "\(name): \(answer.prefix(200))")
            }
            let answer = try RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(RawHTTP.status(of: answer) == 200)
        }
    }

    @Test("item 6: connections beyond the per-address cap are closed at once; freed slots serve again")
    func connectionCap() async throws {
        let live = try await TestServer.make { $0.maxConnectionsPerAddress = 4 }
        try await live.test(.live) { client in
            let port = try #require(client.port)
            var held: [Int32] = []
            defer { held.forEach { close($0) } }
            for _ in 0..<4 { held.append(try RawHTTP.connect(port: port)) }
            try await Task.sleep(for: .milliseconds(300))
            let refused = RawHTTP.status(of: try RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            #expect(refused == nil, "a fifth connection from one address is closed without an answer")
            held.forEach { close($0) }
            held = []
            // The server frees the slots as it sees the closes: poll rather than guess how long.
            var served: Int?
            for _ in 0..<40 where served != 200 {
                try await Task.sleep(for: .milliseconds(250))
                served = RawHTTP.status(of: try RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
            }
            #expect(served == 200)
        }
    }
}
