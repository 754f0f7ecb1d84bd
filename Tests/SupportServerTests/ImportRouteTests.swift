import BundledCatalog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SupportServer
import Testing

@Suite("POST /v1/imports and GET /v1/imports")
struct ImportRouteTests {
    static let bearer = "Bearer \(TestServer.token)"

    /// The Saxon bundled catalogue file, with one offer's title changed.
    static func editedCatalogue() throws -> (data: Data, id: String, title: String) {
        let file = try #require(try BundledCatalog.offerFiles().first { $0.lastPathComponent == "sachsen.json" })
        let text = try String(contentsOf: file, encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let offers = try #require(object["offers"] as? [[String: Any]])
        let source = try #require(object["source"] as? String)
        let oldTitle = try #require(offers[0]["title"] as? String)
        let title = "Geänderter Titel für den Test"
        // Edit the text itself rather than re-serialising: the file stays byte-for-byte what a
        // maintainer would upload, except for the one title.
        let edited = text.replacingOccurrences(of: "\"title\": \"\(oldTitle)\"", with: "\"title\": \"\(title)\"")
        try #require(edited != text)
        return (Data(edited.utf8), "\(source):\(offers[0]["id"]!)", title)
    }

    @Test("without a configured token the import endpoints do not exist", arguments: Transport.allCases)
    func off(_ transport: Transport) async throws {
        let server = try await TestServer.make(adminToken: nil)
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/imports", method: .post, headers: [.authorization: Self.bearer], body: bytes("{}")) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/imports", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("401 without a token, 403 with a wrong one", arguments: Transport.allCases)
    func unauthorised(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            for method in [HTTPRequest.Method.post, .get] {
                try await client.execute(uri: "/v1/imports", method: method, body: bytes("{}")) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    try #expect(response.problem().status == 401)
                }
                try await client.execute(uri: "/v1/imports", method: method, headers: [.authorization: "Bearer test-admin-token-0123456789-abcdeX"], body: bytes("{}")) { response in
                    #expect(response.status == .forbidden)
                    try #expect(response.problem().status == 403)
                }
                try await client.execute(uri: "/v1/imports", method: method, headers: [.authorization: "Basic dXNlcjpwYXNz"], body: bytes("{}")) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }

    @Test("a dry run reports without changing; a real import swaps the index", arguments: Transport.allCases)
    func importAndSwap(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        let (data, id, title) = try Self.editedCatalogue()
        let versionBefore = try #require(server.service.state.snapshot?.version)
        try await server.test(transport) { client in
            let path = "/v1/offers/" + id
            let oldTitle = try await client.execute(uri: path, method: .get) { response in
                try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])["title"] as? String
            }
            try await client.execute(uri: "/v1/imports?dryRun=true&fileName=sachsen.json", method: .post,
                                     headers: [.authorization: Self.bearer, .contentType: "application/json"], body: ByteBuffer(bytes: data)) { response in
                #expect(response.status == .ok)
                let report = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(report["dryRun"] as? Bool == true)
                #expect((report["changed"] as? [[String: Any]])?.first?["id"] as? String == id)
            }
            try await client.execute(uri: path, method: .get) { response in
                let offer = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(offer["title"] as? String == oldTitle)
            }
            try await client.execute(uri: "/v1/imports?fileName=sachsen.json", method: .post,
                                     headers: [.authorization: Self.bearer, .contentType: "application/json"], body: ByteBuffer(bytes: data)) { response in
                #expect(response.status == .ok)
                let report = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(report["outcome"] as? String == "succeeded")
                #expect((report["counts"] as? [String: Any])?["changed"] as? Int == 1)
            }
            try await client.execute(uri: path, method: .get) { response in
                let offer = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(offer["title"] as? String == title)
            }
            try await client.execute(uri: "/v1/imports?limit=5", method: .get, headers: [.authorization: Self.bearer]) { response in
                #expect(response.status == .ok)
                let runs = try #require(try JSONSerialization.jsonObject(with: response.data) as? [[String: Any]])
                #expect(runs.count == 3)  // the bundled import, the dry run, the real one
                #expect(runs.first?["dryRun"] as? Bool == false)
            }
        }
        #expect(server.service.state.snapshot?.version != versionBefore)
    }

    @Test("an invalid catalogue is rejected with its report; nothing changes", arguments: Transport.allCases)
    func rejected(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        let versionBefore = try #require(server.service.state.snapshot?.version)
        try await server.test(transport) { client in
            let broken = #"{"format": "supportmatch-catalogue", "source": "supportmatch", "offers": [{"id": "x"}]}"#
            try await client.execute(uri: "/v1/imports?fileName=broken.json", method: .post,
                                     headers: [.authorization: Self.bearer], body: bytes(broken)) { response in
                #expect(response.status == .unprocessableContent)
                let report = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(report["outcome"] as? String == "rejected")
            }
            try await client.execute(uri: "/v1/imports?dryRun=perhaps&color=1", method: .post,
                                     headers: [.authorization: Self.bearer], body: bytes("{}")) { response in
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(Set(problem.pointers) == ["/dryRun", "/color"])
            }
        }
        #expect(server.service.state.snapshot?.version == versionBefore)
    }

    @Test("uploads over the limit get 413", arguments: Transport.allCases)
    func tooLarge(_ transport: Transport) async throws {
        let server = try await TestServer.make(maxImportBytes: 10_000)
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/imports", method: .post, headers: [.authorization: Self.bearer],
                                     body: bytes(String(repeating: " ", count: 20_000))) { response in
                #expect(response.status == .contentTooLarge)
                try #expect(response.problem().status == 413)
            }
        }
    }
    @Test("uploads left by a server killed mid-import are removed when the next one starts (issue 13, item 2)")
    func abandonedUploads() async throws {
        let uploads = FileManager.default.temporaryDirectory.appendingPathComponent("uploads-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: uploads) }
        // A process that has ended: its pid names the folder a server killed mid-import leaves.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        func folder(_ pid: Int32) throws -> URL {
            let folder = uploads.appendingPathComponent("\(pid)-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(repeating: 0x20, count: 1 << 20).write(to: folder.appendingPathComponent("upload"))
            return folder
        }
        let abandoned = try folder(ended.processIdentifier)
        let earlierSelf = try folder(getpid())  // a restarted server in a container gets the killed one's pid
        let running = try folder(1)  // pid 1 runs as long as the machine: another server's upload in progress
        let unrelated = uploads.appendingPathComponent("notes.txt")
        try Data("kept".utf8).write(to: unrelated)
        let server = try await TestServer.make { $0.uploadFolder = uploads }
        let (data, _, _) = try Self.editedCatalogue()
        try await server.test(.router) { client in
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: uploads.path))
            #expect(left == [running.lastPathComponent, unrelated.lastPathComponent], "\(left); removed \(abandoned.lastPathComponent) and \(earlierSelf.lastPathComponent)")
            try await client.execute(uri: "/v1/imports?dryRun=true&fileName=sachsen.json", method: .post,
                                     headers: [.authorization: Self.bearer, .contentType: "application/json"], body: ByteBuffer(bytes: data)) { response in
                #expect(response.status == .ok)
            }
            // The import's own folder is gone once it has ended.
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: uploads.path)) == left)
        }
    }
}
