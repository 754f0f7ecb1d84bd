import Hummingbird
import HummingbirdCore
// `@testable` for `TestResponse`'s initializer, which the package keeps internal. `swift test`
// builds with testable imports in both configurations.
@testable import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// HummingbirdTesting's `.live` setup with a read deadline this suite chooses: a real server on a
/// free port, a real client on a socket.
///
/// Why not `.live`: its client gives up when a request has had no answer for 20 s, a deadline
/// that cannot be configured. A full `swift test` run on a loaded two-core CI machine stalled
/// that long once (CI, 2026-12-04: three live tests hit `.readTimeout` in the same millisecond,
/// at the moment a dozen suites that had been waiting completed together), and these tests are
/// about answers, not latency: the request deadline has tests of its own
/// (HostileHTTPBoundsTests), as has the idle timeout.
struct LiveHarness<Base: ApplicationProtocol> {
    /// Long enough for any stall of the machine, short enough that a server that never answers
    /// still fails the test within the run.
    static var readDeadline: Duration { .seconds(180) }

    let base: Base

    func run<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let port = PortPromise()
        let app = PortReporting(base: base, port: port)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(configuration: .init(services: [app], logger: base.logger))
            group.addTask { try await services.run() }
            let client = TestClient(host: "localhost", port: await port.value,
                                    configuration: .init(timeout: Self.readDeadline))
            client.connect()
            do {
                let value = try await body(Client(client: client, port: await port.value))
                try await client.shutdown()
                await services.triggerGracefulShutdown()
                return value
            } catch {
                try? await client.shutdown()
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// The client the tests see, as HummingbirdTesting's live client behaves (keep-alive).
    struct Client: TestClientProtocol {
        let client: TestClient

        func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
            var headers = headers
            headers[.connection] = "keep-alive"
            let response = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
            return TestResponse(head: response.head, body: response.body ?? ByteBuffer(), trailerHeaders: response.trailerHeaders)
        }

        let port: Int?
    }
}

/// The application under test, unchanged except that it reports the port it was given.
private struct PortReporting<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder
    let base: Base
    let port: PortPromise

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration.with(address: .hostname("localhost", port: 0)) }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        port.fulfil(channel.localAddress?.port ?? 0)
    }
}

/// The bound port, awaited by the test before its client connects.
private final class PortPromise: Sendable {
    private enum State { case waiting([CheckedContinuation<Int, Never>]), bound(Int) }
    private let state = Mutex(State.waiting([]))

    var value: Int {
        get async {
            await withCheckedContinuation { continuation in
                let bound: Int? = state.withLock { state in
                    switch state {
                    case .waiting(let waiting): state = .waiting(waiting + [continuation]); return nil
                    case .bound(let port): return port
                    }
                }
                if let bound { continuation.resume(returning: bound) }
            }
        }
    }

    func fulfil(_ port: Int) {
        let waiting: [CheckedContinuation<Int, Never>] = state.withLock { state in
            guard case .waiting(let waiting) = state else { return [] }
            state = .bound(port)
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: port) }
    }
}
