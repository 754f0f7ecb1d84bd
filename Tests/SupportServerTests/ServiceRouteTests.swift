import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("taxonomies, health, metrics, OpenAPI, unknown routes")
struct ServiceRouteTests {
    @Test("taxonomies carry German and English labels", arguments: Transport.allCases)
    func taxonomies(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/taxonomies", method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                for name in ["topics", "applicantTypes", "instruments", "regions", "sectors", "sizeClasses", "statuses"] {
                    let taxonomy = try #require(object[name] as? [String: Any], "\(name)")
                    let terms = try #require(taxonomy["terms"] as? [[String: Any]])
                    #expect(!terms.isEmpty)
                    #expect(terms.allSatisfy { $0["de"] is String && $0["en"] is String })
                }
                let regions = try #require((object["regions"] as? [String: Any])?["terms"] as? [[String: Any]])
                let saxony = try #require(regions.first { $0["code"] as? String == "DE-SN" })
                #expect(saxony["de"] as? String == "Sachsen")
                #expect(saxony["en"] as? String == "Saxony")
            }
            try await client.execute(uri: "/v1/taxonomies", method: .post) { #expect($0.status == .methodNotAllowed) }
        }
    }

    @Test("health reports readiness and the catalogue version", arguments: Transport.allCases)
    func health(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(object["ready"] as? Bool == true)
                #expect((object["catalogueVersion"] as? String)?.hasPrefix("run-") == true)
                #expect((object["offers"] as? Int ?? 0) >= 80)
            }
            try await client.execute(uri: "/health", method: .put) { #expect($0.status == .methodNotAllowed) }
        }
    }

    @Test("metrics count requests by route and expose index size", arguments: Transport.allCases)
    func metrics(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            _ = try await client.execute(uri: "/v1/offers/supportmatch:missing", method: .get) { $0.status }
            _ = try await client.execute(uri: "/v1/taxonomies", method: .get) { $0.status }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"supportmatch_http_requests_total{method="GET",route="/v1/offers/{id}",status="404"} 1"#))
                #expect(text.contains(#"supportmatch_http_requests_total{method="GET",route="/v1/taxonomies",status="200"} 1"#))
                #expect(text.contains(#"supportmatch_http_request_duration_seconds_bucket{method="GET",route="/v1/taxonomies",le="#))
                #expect(text.contains("supportmatch_index_offers "))
                #expect(text.contains("supportmatch_last_import_timestamp_seconds "))
            }
        }
    }

    @Test("the OpenAPI document is served and names every API route", arguments: Transport.allCases)
    func openAPI(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
            }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(Set(paths.keys) == [
                "/v1/recommendations", "/v1/offers", "/v1/offers/{id}", "/v1/taxonomies", "/v1/imports",
                "/health", "/metrics", "/openapi.json",
                "/v1/profiles", "/v1/profiles/{id}", "/v1/profiles/{id}/changes", "/v1/profiles/{id}/feed.atom", "/v1/profiles/{id}/export",
            ])
            // Every documented GET without parameters answers with a documented status.
            for (path, operations) in paths where !path.contains("{") && path != "/v1/imports" {
                guard let get = operations["get"] as? [String: Any], let responses = get["responses"] as? [String: Any] else { continue }
                let status = try await client.execute(uri: path, method: .get) { $0.status.code }
                #expect(responses[String(status)] != nil, "\(path) answered \(status)")
            }
        }
    }

    @Test("unknown routes are 404 problems; known paths with other methods are 405", arguments: Transport.allCases)
    func unknownRoutes(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/v2/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                try #expect(response.problem().status == 404)
            }
            try await client.execute(uri: "/v1/offers/supportmatch:x", method: .patch) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/", method: .post) { #expect($0.status == .methodNotAllowed) }
        }
    }
}
