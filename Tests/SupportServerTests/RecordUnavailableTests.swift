import BundledCatalog
import CatalogStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Matching
import NIOCore
import SupportApp
import SupportModel
import Testing

/// A served index reads the records of the offers it shows from the store (``OfferRecords``).
/// When the store no longer holds them (here: the rows removed from the real SQLite file after
/// the index opened), a query fails with a problem, never a crash.
@Suite("an offer record the store no longer holds")
struct RecordUnavailableTests {
    static func store(_ server: TestServer) throws -> CatalogStore {
        try CatalogStore(path: server.folder.appendingPathComponent("catalogue.sqlite").path)
    }

    /// Removes every offer and its history from the server's store behind the opened indexes.
    static func removeOffers(_ server: TestServer) throws {
        try store(server).engine.write { db in
            try db.execute("DELETE FROM offer_history")
            try db.execute("DELETE FROM offer")
        }
    }

    @Test("recommendations and an offer answer 503 problems", arguments: Transport.allCases)
    func answersProblem(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        // The index as the CLI opens it (from the index file the server wrote), beside the server's.
        let index = try CatalogWorkflow(store: Self.store(server), taxonomies: BundledCatalog.taxonomies, consultations: nil).catalogIndex()
        try Self.removeOffers(server)
        // The library's own answer, as the CLI gets it: an error naming the offer, not a stop.
        let profile = try ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Day(iso: TestServer.today)!)
            .decode(Data(saxonSoftwareSME.utf8))
        let request = RecommendationRequest(profile: profile, today: Day(iso: TestServer.today)!)
        let error = try #require(#expect(throws: RecordUnavailable.self) { try index.recommend(request) })
        #expect(index.contains(error.id) && error.cause == nil)
        #expect(error.description.contains(error.id.description) && error.description.contains("no longer holds"))

        try await server.test(transport) { client in
            try await client.execute(
                uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"], body: bytes(saxonSoftwareSME)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                let problem = try response.problem()
                #expect(problem.status == 503)
                #expect(problem.type == "/problems/catalogue-unavailable")
                #expect(problem.detail?.contains("could not be read from the catalogue store") == true)
            }
            let id = index.offers.id(0).description
            try await client.execute(uri: "/v1/offers/\(id)", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let problem = try response.problem()
                #expect(problem.type == "/problems/catalogue-unavailable" && problem.detail?.contains(id) == true)
            }
            // The server goes on answering what needs no record.
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
