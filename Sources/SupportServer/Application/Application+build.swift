import Foundation
import Hummingbird
import Logging

/// Builds the Hummingbird application: routes, middleware, and a first catalogue load.
///
/// ```swift
/// let app = try await buildApplication(service: service)
/// try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
/// ```
public func buildApplication(service: SupportService, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: service.configuration.serverName)
    let resources = try await ServerResources.load(taxonomies: service.taxonomies)
    if service.state.snapshot == nil {
        try await service.reloadCatalogue()
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
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(service.configuration.host, port: service.configuration.port),
            serverName: service.configuration.serverName),
        logger: logger)
}
