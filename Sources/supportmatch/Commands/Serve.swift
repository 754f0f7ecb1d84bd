import ArgumentParser
import BundledCatalog
import Consultations
import Foundation
import Hummingbird
import Logging
import SupportServer

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
            SUPPORTMATCH_ADMIN_TOKEN_FILE (at least 16 characters).
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("A file holding the admin token for the import endpoints.", valueName: "path"))
    var adminTokenFile: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var logger = Logger(label: "supportmatch.serve")
        logger.logLevel = .info
        let token: AdminToken?
        do { token = try AdminToken.fromEnvironment(tokenFile: adminTokenFile) } catch {
            throw CommandFailure("admin token: \(error)", status: ExitStatus.usage)
        }
        let store = try database.openStore()
        let taxonomies = BundledCatalog.taxonomies
        let service = SupportService(
            configuration: ServerConfiguration(host: host, port: port, adminToken: token),
            taxonomies: taxonomies,
            backend: .store(store, taxonomies: taxonomies),
            makeEngine: MatchingEngine.make,
            consultations: ConsultationStore(catalogue: store))
        let app = try await buildApplication(service: service, logger: logger)
        logger.info("serving", metadata: [
            "address": "http://\(host):\(port)/", "database": .string(database.path),
            "imports": .string(token == nil ? "off" : "on"),
        ])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
