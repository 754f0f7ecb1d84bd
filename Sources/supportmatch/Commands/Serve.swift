import ArgumentParser
import CatalogStore
import Consultations
import Foundation
import Hummingbird
import Logging
import Matching
import NIOCore
import NIOPosix
import PostgresStore
import SupportApp
import SupportServer
import UnixSignals

/// `supportmatch serve`: the JSON API and the advisor web page on one port.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API and the advisor web page over HTTP.",
        discussion: """
            Opens the catalogue database (importing the bundled catalogue on first use), builds the \
            matching index and serves until SIGTERM or SIGINT, finishing requests in flight.

            The import endpoints (POST/GET /v1/imports) are on only when an admin token is \
            configured: SUPPORTMATCH_ADMIN_TOKEN, or a file named by --admin-token-file or \
            SUPPORTMATCH_ADMIN_TOKEN_FILE (at least 32 bytes; a shorter token stops the server at start).

            Limits against abusive clients: request bodies over --max-json-body-bytes (profiles) or \
            --max-import-bytes (catalogue uploads) get 413; header sections over --max-header-bytes \
            or with more than --max-header-count fields are refused; a connection that completes no \
            request part for --idle-timeout seconds (a slow client trickling headers) is closed, and \
            one whose request (headers and body) has not fully arrived within --request-timeout \
            seconds however it trickles. At most --max-connections connections are open, at most \
            --max-connections-per-address from one client address (raise it behind a reverse \
            proxy); further ones are closed at once. At most --max-saved-profiles consultations are \
            saved (POST /v1/profiles answers 429 beyond).
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("A file holding the admin token for the import endpoints.", valueName: "path"))
    var adminTokenFile: String?

    @Option(name: .customLong("max-json-body-bytes"), help: ArgumentHelp("Largest JSON request body (profiles), in bytes.", valueName: "bytes"))
    var maxJSONBodyBytes = 256 * 1024

    @Option(help: ArgumentHelp("Largest catalogue upload (POST /v1/imports), in bytes.", valueName: "bytes"))
    var maxImportBytes = 64 * 1024 * 1024

    @Option(help: ArgumentHelp("Largest request header section, in bytes.", valueName: "bytes"))
    var maxHeaderBytes = 16 * 1024

    @Option(help: ArgumentHelp("Most header fields in one request.", valueName: "count"))
    var maxHeaderCount = 100

    @Option(help: ArgumentHelp("Seconds a connection may go without a complete request part before it is closed.", valueName: "seconds"))
    var idleTimeout = 30.0

    @Option(help: ArgumentHelp("Seconds a request's headers and body may take to arrive in full.", valueName: "seconds"))
    var requestTimeout = 60.0

    @Option(help: ArgumentHelp("Most open connections in total.", valueName: "count"))
    var maxConnections = 4_096

    @Option(help: ArgumentHelp("Most open connections from one client address.", valueName: "count"))
    var maxConnectionsPerAddress = 256

    @Option(help: ArgumentHelp("Most saved consultations (POST /v1/profiles answers 429 beyond).", valueName: "count"))
    var maxSavedProfiles = 10_000

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Run request handlers on the connections' event loops instead of Swift's cooperative pool (no thread switch per request; ignored with a PostgreSQL store)."))
    var eventLoopTasks = true

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxJSONBodyBytes > 0, maxImportBytes > 0, maxHeaderBytes >= 1024, maxHeaderCount >= 8 else {
            throw ValidationError("body limits must be positive, --max-header-bytes at least 1024 and --max-header-count at least 8")
        }
        guard idleTimeout > 0, idleTimeout <= 3600 else { throw ValidationError("--idle-timeout must be between 0 and 3600 seconds") }
        guard requestTimeout > 0, requestTimeout <= 3600 else { throw ValidationError("--request-timeout must be between 0 and 3600 seconds") }
        guard maxConnections > 0, maxConnectionsPerAddress > 0, maxSavedProfiles >= 0 else {
            throw ValidationError("--max-connections and --max-connections-per-address must be positive, --max-saved-profiles not negative")
        }
    }

    /// Makes NIO's event loops Swift's global executor (unless `--no-event-loop-tasks`), so a
    /// request's handler runs on its connection's loop instead of hopping to Swift's cooperative
    /// pool and back (two thread switches and an eventfd wake-up per request). In a quiet window
    /// on two cores shared with the load generator, recommendations' throughput rose by about a
    /// third and their p99 fell from 20-27 ms to 6-9 ms, /health's throughput the same
    /// (Benchmarks/RESULTS.md, "session 10 (lead)"; under other load /health lost up to 15 %,
    /// "session 10 (s10-http)"). Blocking work runs on Dispatch (`offPool`) or threads of its
    /// own, never on the global executor. Never with a PostgreSQL store: its engine waits on
    /// futures of the same singleton loops (`EventLoopFuture.wait()`), which must never happen on
    /// one of them.
    ///
    /// NIO allows the switch only once and only from the main thread, before any task runs, so
    /// `SupportMatchCommand.main()` calls this right after parsing, before its first `await`.
    func installEventLoopExecutorIfAsked() {
        guard eventLoopTasks, !CatalogStore.isPostgres(database.path) else { return }
        guard Thread.isMainThread else {
            Terminal.writeError("supportmatch: --event-loop-tasks ignored: not started from the main thread")
            return
        }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    func run() async throws {
        var logger = Logger(label: "supportmatch.serve")
        logger.logLevel = .info
        let token: AdminToken?
        do { token = try AdminToken.fromEnvironment(tokenFile: adminTokenFile) } catch {
            throw CommandFailure("admin token: \(error)", status: ExitStatus.usage)
        }
        if let error = PortCheck.bindError(host: host, port: port) {
            let reason = error == EADDRINUSE ? "is already in use (another supportmatch serve, or another server)"
                : "cannot be listened on (\(String(cString: strerror(error))))"
            throw CommandFailure("port \(port) on \(host) \(reason); choose another with --port, e.g. --port \(port == 65535 ? 8081 : port + 1)",
                                 status: ExitStatus.usage)
        }
        let store = try database.openStore()
        var configuration = ServerConfiguration(
            host: host, port: port, adminToken: token,
            maxJSONBodyBytes: maxJSONBodyBytes, maxImportBytes: maxImportBytes,
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000)),
            maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
        configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        configuration.maxConnections = maxConnections
        configuration.maxConnectionsPerAddress = maxConnectionsPerAddress
        configuration.maxSavedProfiles = maxSavedProfiles
        var workflow = CatalogWorkflow(store: store, consultations: try ConsultationStore(catalogue: store))
        let indexLogger = logger
        workflow.indexLog = { (outcome: OfferIndex.FileOutcome?, message: String) in
            indexLogger.log(level: outcome?.isWarning == true ? .warning : .info, Logger.Message(stringLiteral: message))
        }
        let service = SupportService(configuration: configuration, catalog: workflow)
        let app = try await buildApplication(service: service, logger: logger)
        logger.info("serving", metadata: [
            "address": "http://\(host):\(port)/", "database": .string(database.shown),
            "imports": .string(token == nil ? "off" : "on"),
        ])
        // `supportmatch import` on the same database is served within about a second.
        let follower = Task { await service.followStoredCatalog(logger: logger) }
        defer { follower.cancel() }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
