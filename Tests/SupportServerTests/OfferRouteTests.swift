import Foundation
import HTTPTypes
import HummingbirdTesting
import SupportModel
import Testing

struct SearchBody: Decodable {
    struct Item: Decodable { var id: String; var title: String; var topics: [String]; var instruments: [String]; var status: String; var href: String }
    struct Facet: Decodable { var value: String; var count: Int }
    var total: Int
    var page: Int
    var pageSize: Int
    var items: [Item]
    var facets: [String: [Facet]]
}

@Suite("GET /v1/offers and /v1/offers/{id}")
struct OfferRouteTests {
    @Test("filters, facets and pages", arguments: Transport.allCases)
    func search(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let all = try await client.execute(uri: "/v1/offers?pageSize=100", method: .get) { try $0.json(SearchBody.self) }
            #expect(all.total >= 80)
            #expect(all.items.count == min(all.total, 100))
            let digital = try #require(all.facets["topic"]?.first { $0.value == "digitalisierung" })

            let filtered = try await client.execute(uri: "/v1/offers?topic=digitalisierung&region=DE-SN&pageSize=100", method: .get) { response in
                #expect(response.status == .ok)
                return try response.json(SearchBody.self)
            }
            #expect(filtered.total > 0)
            #expect(filtered.total <= digital.count)
            #expect(filtered.items.allSatisfy { $0.topics.contains("digitalisierung") })
            #expect(filtered.facets["topic"]?.first { $0.value == "digitalisierung" }?.count == filtered.total)

            let page2 = try await client.execute(uri: "/v1/offers?pageSize=10&page=2", method: .get) { try $0.json(SearchBody.self) }
            #expect(page2.items.map(\.id) == Array(all.items[10..<20]).map(\.id))

            let grants = try await client.execute(uri: "/v1/offers?instrument=grant&status=open,rolling&pageSize=100", method: .get) { try $0.json(SearchBody.self) }
            #expect(grants.items.allSatisfy { $0.instruments.contains("grant") && ["open", "rolling"].contains($0.status) })

            let text = try await client.execute(uri: "/v1/offers?q=innovation+sachsen", method: .get) { try $0.json(SearchBody.self) }
            #expect(text.total < all.total)
        }
    }

    @Test("invalid query parameters are each reported with a pointer", arguments: Transport.allCases)
    func invalidQuery(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/offers?topic=nonsense&pageSize=0&colour=red", method: .get) { response in
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(Set(problem.pointers) == ["/topic", "/pageSize", "/colour"])
                #expect(problem.invalidParams?.allSatisfy { $0.in == "query" } == true)
            }
            try await client.execute(uri: "/v1/offers", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test("one offer in full; unknown ids are 404, malformed ones 400", arguments: Transport.allCases)
    func single(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let first = try await client.execute(uri: "/v1/offers?pageSize=1", method: .get) { try $0.json(SearchBody.self) }.items[0]
            try await client.execute(uri: first.href, method: .get) { response in
                #expect(response.status == .ok)
                let offer = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect("\(offer["source"] ?? ""):\(offer["id"] ?? "")" == first.id)
                #expect(offer["description"] is String)
            }
            try await client.execute(uri: "/v1/offers/supportmatch:no-such-offer", method: .get) { response in
                #expect(response.status == .notFound)
                try #expect(response.problem().status == 404)
            }
            try await client.execute(uri: "/v1/offers/no-colon", method: .get) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().invalidParams?.first?.in == "path")
            }
        }
    }
}
