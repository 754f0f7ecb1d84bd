import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// Builds the Hummingbird application: routes, middleware, and a first catalogue load.
///
/// ```swift
/// let app = try await buildApplication(service: service)
/// try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
/// ```
public func buildApplication(service: SupportService, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: service.configuration.serverName)
    let abandoned = UploadFolders(parent: service.configuration.uploadFolder).removeAbandoned()
    if !abandoned.isEmpty {
        logger.notice("removed uploads left by servers that were stopped mid-import", metadata: ["count": .stringConvertible(abandoned.count)])
    }
    let resources = try await ServerResources.load(taxonomies: service.taxonomies)
    if service.state.snapshot == nil {
        try await service.reloadCatalog()
    }
    let router = Router(context: ServerRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(metrics: service.metrics))
    router.add(middleware: SecurityHeadersMiddleware())
    let known = KnownPaths()
    router.add(middleware: ProblemMiddleware(known: known))
    let routes = RouteTable(router: router, known: known)
    APIRoutes.register(on: routes, service: service, resources: resources)
    WebRoutes.register(on: routes, service: service, resources: resources)
    routes.addMethodNotAllowedResponders()
    let limits = service.configuration
    let counter = ConnectionCounter(maxTotal: limits.maxConnections, maxPerAddress: limits.maxConnectionsPerAddress)
    let requestTimeout = TimeAmount.nanoseconds(limits.requestTimeout.components.seconds * 1_000_000_000 + limits.requestTimeout.components.attoseconds / 1_000_000_000)
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuard(counter: counter, deadline: requestTimeout)],
            idleTimeout: .nanoseconds(limits.idleTimeout.components.seconds * 1_000_000_000 + limits.idleTimeout.components.attoseconds / 1_000_000_000),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes,
                maxHeaderFieldCount: limits.maxHeaderCount))),
        configuration: .init(
            address: .hostname(service.configuration.host, port: service.configuration.port),
            serverName: service.configuration.serverName),
        logger: logger)
}
