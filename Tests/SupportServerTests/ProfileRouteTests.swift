import BundledCatalog
import CatalogStore
import Consultations
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SupportModel
import SupportServer
import Testing

/// A server like ``TestServer`` with saved consultations on, over the same real SQLite file.
enum ConsultationServer {
    static func make() async throws -> TestServer {
        try await TestServer.make(withConsultations: true)
    }

    static let json: HTTPFields = [.contentType: "application/json"]
    static let bearer: HTTPFields = [.authorization: "Bearer \(TestServer.token)"]

    /// A consultation body for the Saxon software SME with two shortlisted Saxon offers.
    static func body(label: String = "Software SME Dresden", shortlist: [String] = ["supportmatch:sab-innopraemie", "supportmatch:sab-digitalisierung-zuschuss-transformation"]) -> ByteBuffer {
        let items = shortlist.map { #"{"offerId": "\#($0)", "note": "ask the client"}"# }.joined(separator: ", ")
        return bytes(#"{"label": "\#(label)", "notes": "first meeting", "profile": \#(saxonSoftwareSME), "shortlist": [\#(items)]}"#)
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
    }
}

@Suite("/v1/profiles: saved consultations")
struct ProfileRouteTests {
    @Test("save, read, change the shortlist, read changes and feed, delete", arguments: Transport.allCases)
    func lifecycle(_ transport: Transport) async throws {
        let server = try await ConsultationServer.make()
        try await server.test(transport) { client in
            let id = try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) { response in
                #expect(response.status == .created)
                let saved = try ConsultationServer.object(response)
                let id = try #require(saved["id"] as? String)
                #expect(ProfileToken.isWellFormed(id))
                #expect(response.headers[.location] == "/v1/profiles/\(id)")
                #expect(saved["label"] as? String == "Software SME Dresden")
                #expect((saved["shortlist"] as? [[String: Any]])?.map { $0["offerId"] as? String } == [
                    "supportmatch:sab-innopraemie", "supportmatch:sab-digitalisierung-zuschuss-transformation",
                ])
                #expect((saved["profile"] as? [String: Any])?["employees"] as? Int == 24, "the answers as given")
                #expect((saved["links"] as? [String: Any])?["feed"] as? String == "/v1/profiles/\(id)/feed.atom")
                return id
            }
            try await client.execute(uri: "/v1/profiles/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                try #expect(ConsultationServer.object(response)["notes"] as? String == "first meeting")
            }
            try await client.execute(uri: "/v1/profiles/\(id)", method: .put, headers: ConsultationServer.json,
                                     body: ConsultationServer.body(label: "Renamed", shortlist: ["supportmatch:sab-innopraemie"])) { response in
                #expect(response.status == .ok)
                let saved = try ConsultationServer.object(response)
                #expect(saved["label"] as? String == "Renamed")
                #expect((saved["shortlist"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/v1/profiles/\(id)/changes", method: .get) { response in
                #expect(response.status == .ok)
                let page = try ConsultationServer.object(response)
                #expect(page["total"] as? Int == 0)
                #expect((page["events"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/profiles/\(id)/feed.atom", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == AtomFeed.contentType)
                #expect(response.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
                #expect(response.text.contains("/v1/profiles/\(id)/feed.atom\"/>"))
            }
            try await client.execute(uri: "/v1/profiles/\(id)/export", method: .get) { response in
                #expect(response.status == .ok)
                let export = try ConsultationServer.object(response)
                #expect((export["profile"] as? [String: Any])?["id"] as? String == id)
                #expect(export["events"] is [Any])
            }
            try await client.execute(uri: "/v1/profiles/\(id)", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/v1/profiles/\(id)", method: .get) { response in
                #expect(response.status == .notFound)
                try #expect(response.problem().status == 404)
            }
        }
    }

    @Test("unknown and malformed ids are 404 on every profile resource")
    func unknownIDs() async throws {
        let server = try await ConsultationServer.make()
        try await server.test(.router) { client in
            for id in ["AAAAAAAAAAAAAAAAAAAAAA", "not-a-token", "%2e%2e"] {
                for path in ["/v1/profiles/\(id)", "/v1/profiles/\(id)/changes", "/v1/profiles/\(id)/feed.atom", "/v1/profiles/\(id)/export", "/consultations/\(id)"] {
                    try await client.execute(uri: path, method: .get) { response in
                        #expect(response.status == .notFound, "\(path)")
                    }
                }
                try await client.execute(uri: "/v1/profiles/\(id)", method: .delete) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/profiles/\(id)", method: .put, headers: ConsultationServer.json, body: ConsultationServer.body()) {
                    #expect($0.status == .notFound)
                }
            }
        }
    }

    @Test("invalid bodies name every problem by JSON pointer")
    func validation() async throws {
        let server = try await ConsultationServer.make()
        try await server.test(.router) { client in
            let badAnswers = #"{"profile": {"employes": 3, "location": {"state": "DE-XX"}}, "colour": 1, "shortlist": "x"}"#
            try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: bytes(badAnswers)) { response in
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(Set(problem.pointers).isSuperset(of: ["/label", "/colour", "/profile/employes", "/shortlist"]))
                #expect(problem.pointers.contains { $0.hasPrefix("/profile/location") })
            }
            let badShortlist = #"{"label": " ", "profile": {"applicantType": "company"}, "shortlist": [{"offerId": "supportmatch:nope"}, {"offerId": "nocolon"}]}"#
            try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: bytes(badShortlist)) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().pointers == ["/shortlist/1/offerId"], "syntax first")
            }
            let unknownOffer = #"{"label": " ", "profile": {"applicantType": "company"}, "shortlist": [{"offerId": "supportmatch:nope"}]}"#
            try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: bytes(unknownOffer)) { response in
                #expect(response.status == .badRequest)
                try #expect(Set(response.problem().pointers) == ["/label", "/shortlist/0/offerId"])
            }
            try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: bytes("[1]")) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().pointers == [""])
            }
        }
    }

    @Test("listing all profiles needs the admin token; the changes page is paged")
    func listingAndPaging() async throws {
        let server = try await ConsultationServer.make()
        try await server.test(.router) { client in
            let id = try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) {
                try #require(try ConsultationServer.object($0)["id"] as? String)
            }
            try await client.execute(uri: "/v1/profiles", method: .get) { response in
                #expect(response.status == .unauthorized)
                try #expect(response.problem().status == 401)
            }
            try await client.execute(uri: "/v1/profiles", method: .get, headers: [.authorization: "Bearer wrong-token-but-long-enough"]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/profiles", method: .get, headers: ConsultationServer.bearer) { response in
                #expect(response.status == .ok)
                let rows = try #require(try ConsultationServer.object(response)["profiles"] as? [[String: Any]])
                #expect(rows.map { $0["id"] as? String } == [id])
                #expect(rows.first?["profile"] == nil, "the listing carries no answers")
            }
            try await client.execute(uri: "/v1/profiles/\(id)/changes?limit=0&page=2", method: .get) { response in
                #expect(response.status == .badRequest)
                try #expect(Set(response.problem().pointers) == ["/limit", "/page"])
            }
        }
    }

    @Test("an import through the API re-matches saved profiles and reports it; events show in changes and feed")
    func importProducesEvents() async throws {
        let server = try await ConsultationServer.make()
        // The Saxon file without one shortlisted offer: it is withdrawn.
        let file = try #require(try BundledCatalog.offerFiles().first { $0.lastPathComponent == "sachsen.json" })
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let offers = try #require(document["offers"] as? [[String: Any]])
        document["offers"] = offers.filter { $0["id"] as? String != "sab-innopraemie" }
        // Sorted keys: "format" first, where format detection looks for it.
        let upload = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        try await server.test(.router) { client in
            let id = try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) {
                try #require(try ConsultationServer.object($0)["id"] as? String)
            }
            try await client.execute(uri: "/v1/imports?fileName=sachsen.json", method: .post, headers: ConsultationServer.bearer,
                                     body: ByteBuffer(bytes: upload)) { response in
                #expect(response.status == .ok, "\(response.text.prefix(1500))")
                let report = try ConsultationServer.object(response)
                let impact = try #require(report["savedProfiles"] as? [String: Any])
                #expect(impact["profilesChecked"] as? Int == 1)
                #expect(impact["profilesAffected"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/profiles/\(id)/changes?limit=1", method: .get) { response in
                let page = try ConsultationServer.object(response)
                let events = try #require(page["events"] as? [[String: Any]])
                let total = try #require(page["total"] as? Int)
                #expect(events.count == 1)
                #expect((page["next"] as? String != nil) == (total > 1))
            }
            try await client.execute(uri: "/v1/profiles/\(id)/changes?limit=200", method: .get) { response in
                let events = try #require(try ConsultationServer.object(response)["events"] as? [[String: Any]])
                #expect(events.contains { $0["kind"] as? String == "withdrawn" && $0["offerId"] as? String == "supportmatch:sab-innopraemie" })
            }
            let first = try await client.execute(uri: "/v1/profiles/\(id)/feed.atom", method: .get) { $0.text }
            let second = try await client.execute(uri: "/v1/profiles/\(id)/feed.atom", method: .get) { $0.text }
            #expect(first == second, "the feed is byte-stable")
            #expect(first.contains("<category term=\"withdrawn\"/>"))
        }
    }
}

@Suite("Saving a consultation from the advisor page")
struct ConsultationPageTests {
    @Test("the page has a save form; saving redirects to the consultation, which shows what is new since the last visit")
    func saveAndReopen() async throws {
        let server = try await ConsultationServer.make()
        try await server.test(.router) { client in
            try await client.execute(uri: "/?applicantType=company&state=DE-SN&topics=digitalisierung", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<form method=\"post\" action=\"/consultations\""))
            }
            let form = "applicantType=company&state=DE-SN&topics=digitalisierung&employees=12&label=%3Cb%3EM%C3%BCller%3C%2Fb%3E&notes=erste+Beratung"
            let location = try await client.execute(uri: "/consultations", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded"], body: bytes(form)) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/consultations/"))
            try await client.execute(uri: location, method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("&lt;b&gt;Müller&lt;/b&gt;"), "the label is escaped")
                #expect(!html.contains("<b>Müller</b>"))
                #expect(html.contains("Änderungen seit dem Speichern"))
                #expect(html.contains("value=\"12\""), "the questionnaire is reopened with the answers")
                #expect(html.contains("class=\"results\""), "with results")
            }
            try await client.execute(uri: location, method: .get) { response in
                #expect(response.text.contains("Seit Ihrem letzten Besuch"))
                #expect(response.text.contains("Nichts Neues."))
            }
        }
    }
}

@Suite("the OpenAPI document describes the profile routes")
struct ProfileOpenAPITests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: OpenAPIDocumentTests.file)) as? [String: Any])
    }

    @Test("every profile route and method is documented, and real responses carry the schema's required fields")
    func documented() async throws {
        let document = try Self.document()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let expected: [String: [String]] = [
            "/v1/profiles": ["get", "post"], "/v1/profiles/{id}": ["delete", "get", "put"],
            "/v1/profiles/{id}/changes": ["get"], "/v1/profiles/{id}/feed.atom": ["get"], "/v1/profiles/{id}/export": ["get"],
        ]
        for (path, methods) in expected {
            #expect(Set(paths[path].map { Array($0.keys) } ?? []).isSuperset(of: methods), "\(path)")
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let requiredKeys = schemas.mapValues { Set($0["required"] as? [String] ?? []) }
        @Sendable func required(_ name: String) -> Set<String> { requiredKeys[name] ?? [] }

        let server = try await ConsultationServer.make()
        try await server.test(.router) { client in
            let saved = try await client.execute(uri: "/v1/profiles", method: .post, headers: ConsultationServer.json, body: ConsultationServer.body()) {
                try ConsultationServer.object($0)
            }
            #expect(required("SavedProfile").isSubset(of: Set(saved.keys)))
            let entry = try #require((saved["shortlist"] as? [[String: Any]])?.first)
            #expect(required("ShortlistEntry").isSubset(of: Set(entry.keys)))
            let id = try #require(saved["id"] as? String)
            let page = try await client.execute(uri: "/v1/profiles/\(id)/changes", method: .get) { try ConsultationServer.object($0) }
            #expect(required("ChangePage").isSubset(of: Set(page.keys)))
            let export = try await client.execute(uri: "/v1/profiles/\(id)/export", method: .get) { try ConsultationServer.object($0) }
            #expect(required("ProfileExport").isSubset(of: Set(export.keys)))
            let list = try await client.execute(uri: "/v1/profiles", method: .get, headers: ConsultationServer.bearer) { try ConsultationServer.object($0) }
            #expect(required("SavedProfileList").isSubset(of: Set(list.keys)))
        }
    }
}
