import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("POST /v1/recommendations")
struct RecommendationRouteTests {
    @Test("a Saxon software SME gets ranked results as JSON", arguments: Transport.allCases)
    func success(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(
                uri: "/v1/recommendations?limit=5", method: .post, headers: [.contentType: "application/json"],
                body: bytes(saxonSoftwareSME)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                let results = try #require(object["results"] as? [[String: Any]])
                #expect(!results.isEmpty)
                #expect(results.count <= 5)
            }
        }
    }

    @Test("every invalid field is reported with its JSON pointer", arguments: Transport.allCases)
    func invalidFields(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let body = #"{"employees": "many", "location": {"state": "DE-XX"}, "topicz": []}"#
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"], body: bytes(body)) { response in
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(problem.status == 400)
                #expect(problem.pointers.contains("/topicz"))
                #expect(problem.pointers.contains("/employees") || problem.pointers.contains("/location/state"))
                #expect(problem.invalidParams?.allSatisfy { $0.in == "body" } == true)
            }
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"], body: bytes("{not json")) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().pointers == [""])
            }
        }
    }

    @Test("bad limit, wrong media type, oversized body, wrong method", arguments: Transport.allCases)
    func requestErrors(_ transport: Transport) async throws {
        let server = try await TestServer.make(maxJSONBodyBytes: 1024)
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/recommendations?limit=0", method: .post, headers: [.contentType: "application/json"], body: bytes("{}")) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().invalidParams?.first?.pointer == "/limit")
            }
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "text/plain"], body: bytes("{}")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let large = #"{"projectDescription": ""# + String(repeating: "x", count: 4096) + #""}"#
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"], body: bytes(large)) { response in
                #expect(response.status == .contentTooLarge)
                try #expect(response.problem().status == 413)
            }
            try await client.execute(uri: "/v1/recommendations", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                try #expect(response.problem().status == 405)
            }
        }
    }
}
