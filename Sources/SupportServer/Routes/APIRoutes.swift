import Foundation
import Hummingbird
import Matching
import SupportModel

/// The JSON API under `/v1`, plus `/health`, `/metrics` and `/openapi.json`.
enum APIRoutes {
    static func register(on routes: RouteTable<ServerRequestContext>, service: SupportService, resources: ServerResources) {
        routes.post("/v1/recommendations") { request, _ in
            try await recommendations(request, service: service)
        }
        routes.get("/v1/offers") { request, _ in
            let snapshot = try service.requireSnapshot()
            let query = try OfferSearchRequest(parameters: request.queryParameters, taxonomies: service.taxonomies)
            return try JSONBody.response(try await snapshot.search().search(query))
        }
        routes.get("/v1/offers/{id}") { _, context in
            let snapshot = try service.requireSnapshot()
            let raw = context.parameters.get("id") ?? ""
            let id = raw.removingPercentEncoding ?? raw
            guard OfferID(id) != nil else {
                throw Problem.invalid([.init(in: .path, pointer: "/id", detail: "expected an offer id source:localID, found \"\(id)\"")])
            }
            guard let offer = try snapshot.offer(id: id) else {
                throw Problem.notFound("no active offer with id \"\(id)\"")
            }
            return try JSONBody.response(offer)
        }
        routes.get("/v1/taxonomies") { _, _ in
            JSONBody.response(data: resources.taxonomiesJSON)
        }
        ImportRoutes.register(on: routes, service: service)
        ProfileRoutes.register(on: routes, service: service)
        routes.get("/health") { _, _ in
            try health(service: service)
        }
        routes.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: service.metrics.exposition())))
        }
        routes.get("/openapi.json") { _, _ in
            JSONBody.response(data: resources.openAPI)
        }
    }

    static func recommendations(_ request: Request, service: SupportService) async throws -> Response {
        // No Content-Type is not JSON either: 415, as for any other type.
        if !(request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false) {
            throw Problem(.unsupportedMediaType, type: "/problems/unsupported-media-type", title: "Unsupported media type",
                          detail: "send the profile as application/json")
        }
        var limit = 10
        for (name, value) in request.queryParameters {
            guard name == "limit" else {
                throw Problem.invalid([.query(name, "unknown parameter; expected limit")])
            }
            guard let number = Int(value), (1...service.configuration.maxResults).contains(number) else {
                throw Problem.invalid([.query("limit", "expected an integer from 1 to \(service.configuration.maxResults), found \"\(value)\"")])
            }
            limit = number
        }
        let body = try await request.bodyData(limit: service.configuration.maxJSONBodyBytes)
        let snapshot = try service.requireSnapshot()
        let today = service.today
        let profile = try service.profileDecoder(today: today).decode(body)
        let json = try snapshot.recommendJSON(profile, limit: limit, today: today)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
    }

    /// Liveness and readiness in one: 200 when an index is served, 503 while none is.
    static func health(service: SupportService) throws -> Response {
        struct Health: Encodable {
            var status: String
            var ready: Bool
            var version: String
            var catalogueVersion: String?
            var offers: Int?
            var indexLoadedAt: Date?
            var lastImportAt: Date?
            var importsEnabled: Bool
        }
        let snapshot = service.state.snapshot
        let health = Health(
            status: snapshot == nil ? "starting" : "ok", ready: snapshot != nil, version: SupportMatchVersion.current,
            catalogueVersion: snapshot?.version, offers: snapshot?.index.count,
            indexLoadedAt: snapshot?.loadedAt, lastImportAt: snapshot?.lastImportAt,
            importsEnabled: service.configuration.adminToken != nil)
        return try JSONBody.response(health, status: snapshot == nil ? .serviceUnavailable : .ok)
    }
}
