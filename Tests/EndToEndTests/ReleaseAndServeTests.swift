import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// What a user sees of the release and of `serve` starting: the version everywhere it is shown,
/// and a port that is taken.
@Suite("supportmatch --version and serve", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct ReleaseAndServeTests {
    @Test("--version prints the release, the same one /health and the served OpenAPI document name")
    func version() throws {
        let result = try SupportMatchBinary.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(result.stdout)")

        let scratch = try Scratch()
        defer { scratch.remove() }
        let server = try LiveServer(database: scratch.path("v.sqlite"))
        defer { server.stop() }
        let health = try #require(try JSONSerialization.jsonObject(with: server.get("/health")) as? [String: Any])
        #expect(health["version"] as? String == version)
        let document = try #require(try JSONSerialization.jsonObject(with: server.get("/openapi.json")) as? [String: Any])
        #expect((document["info"] as? [String: Any])?["version"] as? String == version)
    }

    @Test("A running server serves a catalogue imported with the CLI on the same database within 2 s")
    func serverFollowsCLIImport() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("f.sqlite")
        let server = try LiveServer(database: database)
        defer { server.stop() }
        let before = try #require(try JSONSerialization.jsonObject(with: server.get("/health")) as? [String: Any])
        let offersBefore = try #require(before["offers"] as? Int)

        let file = try scratch.write(catalogue(), to: "e2e.json")
        let imported = try SupportMatchBinary.run(["import", file, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        let importedAt = Date()

        var after: [String: Any] = [:]
        while Date().timeIntervalSince(importedAt) < 2 {
            after = try JSONSerialization.jsonObject(with: server.get("/health")) as? [String: Any] ?? [:]
            if after["catalogueVersion"] as? String != before["catalogueVersion"] as? String { break }
            usleep(50_000)
        }
        #expect(after["catalogueVersion"] as? String != before["catalogueVersion"] as? String,
                "still \(after) \(String(format: "%.2f", Date().timeIntervalSince(importedAt))) s after the import")
        #expect(after["offers"] as? Int == offersBefore + 2)
        let offer = try JSONSerialization.jsonObject(with: server.get("/v1/offers/e2e:one")) as? [String: Any]
        #expect(offer?["title"] as? String == "Beratungszuschuss Sachsen")
    }

    @Test("serve on the event loops (the default) answers as serve --no-event-loop-tasks does: recommendations, an offer, the search, /health")
    func eventLoopTasks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Each server imports the bundled catalogue into its own database on first use.
        let pool = try LiveServer(database: scratch.path("pool.sqlite"), arguments: ["--no-event-loop-tasks"])
        defer { pool.stop() }
        let loops = try LiveServer(database: scratch.path("loops.sqlite"))
        defer { loops.stop() }
        let profiles = [
            #"{"applicantType": "company", "location": {"state": "DE-SN"}, "employees": 24, "sector": "62.01", "topics": ["digitalisierung"], "projectDescription": "KI in der Qualitätsprüfung"}"#,
            #"{"applicantType": "municipality", "location": {"state": "DE-BY"}, "projectDescription": "energy efficient street lighting"}"#,
        ]
        for profile in profiles {
            let expected = try pool.post("/v1/recommendations?limit=5", json: Data(profile.utf8))
            #expect(try loops.post("/v1/recommendations?limit=5", json: Data(profile.utf8)) == expected, "\(profile)")
        }
        // The search is made once per snapshot by a task that waits for Dispatch (`offPool`).
        let search = try pool.get("/v1/offers?q=energie")
        #expect(try loops.get("/v1/offers?q=energie") == search)
        let first = try #require(try JSONSerialization.jsonObject(with: search) as? [String: Any])
        let id = try #require(((first["items"] as? [[String: Any]])?.first?["id"]) as? String)
        #expect(try loops.get("/v1/offers/\(id)") == pool.get("/v1/offers/\(id)"))
        let health = try #require(try JSONSerialization.jsonObject(with: loops.get("/health")) as? [String: Any])
        #expect(health["ready"] as? Bool == true)
    }

    @Test("serve on a taken port says which port and how to choose another, before it serves")
    func busyPort() throws {
        let holder = try ListeningSocket()
        defer { holder.close() }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try SupportMatchBinary.run(["serve", "--port", String(holder.port), "--database", scratch.path("p.sqlite")], timeout: 120)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("port \(holder.port) on 127.0.0.1 is already in use"), "\(result.stderr)")
        #expect(result.stderr.contains("--port"), "\(result.stderr)")
        #expect(!result.stderr.contains("serving"), "\(result.stderr)")
    }
}

/// A TCP socket listening on a free loopback port, as another server holding the port would.
final class ListeningSocket {
    let descriptor: Int32
    let port: Int

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, length) == 0 && listen(socketDescriptor, 4) == 0 && getsockname(socketDescriptor, $0, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(socketDescriptor)
            throw SocketFailure(errno: errno)
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }

    @Test("A server that notices a CLI import before the importer saved its index file waits for that file instead of building the index")
    func serverWaitsForImportersIndexFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("w.sqlite")
        let log = scratch.path("serve.log")
        let server = try LiveServer(database: database, log: log)
        defer { server.stop() }
        let before = try #require(try JSONSerialization.jsonObject(with: server.get("/health")) as? [String: Any])

        // Enough offers that the importer's index build (after its commit) lasts well beyond
        // the server's quarter-second look at the store.
        let count = 4000
        let words = ["Beratung", "Digitalisierung", "Innovation", "Energieeffizienz", "Gründung", "Forschung",
                     "Weiterbildung", "Export", "Investition", "Klimaschutz", "Personal", "Software"]
        let offers = (0..<count).map { number in
            let text = (0..<40).map { words[($0 * 7 + number) % words.count] + String(number % 97) }.joined(separator: " ")
            return """
                {"id": "w\(number)", "title": "Programm \(number) \(words[number % words.count])", "summary": "\(text).",
                 "description": "\(text). \(text).", "sourceURL": "https://example.org/w/\(number)", "asOf": "2026-11-01",
                 "language": "de", "provider": {"name": "Bank \(number % 13)", "level": "state"}, "instruments": ["grant"],
                 "topics": ["beratung"], "schedule": {"status": "rolling"}}
                """
        }
        let file = try scratch.write("""
            {"format": "supportmatch-catalogue", "version": 1, "source": "w", "offers": [\(offers.joined(separator: ","))]}
            """, to: "w.json")
        let imported = try SupportMatchBinary.run(["import", file, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        let importedAt = Date()
        var after: [String: Any] = [:]
        while Date().timeIntervalSince(importedAt) < 60 {
            after = try JSONSerialization.jsonObject(with: server.get("/health")) as? [String: Any] ?? [:]
            if after["catalogueVersion"] as? String != before["catalogueVersion"] as? String { break }
            usleep(100_000)
        }
        #expect(after["offers"] as? Int == (before["offers"] as? Int ?? 0) + count)
        let lines = try String(contentsOfFile: log, encoding: .utf8)
        #expect(lines.contains("another process is writing the index file"), "\(lines)")
        #expect(lines.contains("the other process finished its index file"), "\(lines)")
        // The start built the first index; after the import, the server only opened the file.
        let afterWait = lines.components(separatedBy: "another process is writing the index file").last ?? ""
        #expect(afterWait.contains("opened the index file"), "\(lines)")
        #expect(!afterWait.contains("built the index"), "\(lines)")
    }

    struct SocketFailure: Error { var errno: Int32 }
}

/// `supportmatch serve` on a free loopback port, started for one test and stopped after it.
final class LiveServer: @unchecked Sendable {
    // @unchecked: the process is only started in init and stopped in stop().
    let process = Process()
    let port: Int

    /// `log`: a file that receives the server's output (its log lines), else it is dropped.
    /// `arguments`: further `serve` flags.
    init(database: String, environment: [String: String] = [:], log: String? = nil, arguments: [String] = []) throws {
        let probe = try ListeningSocket()
        probe.close()
        guard let binary = SupportMatchBinary.url else { throw SupportMatchBinary.MissingBinary() }
        port = probe.port
        process.executableURL = binary
        process.arguments = ["serve", "--port", String(port), "--database", database] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SUPPORTMATCH_DATABASE")
        env.merge(environment) { _, new in new }
        process.environment = env
        if let log, FileManager.default.createFile(atPath: log, contents: nil), let handle = FileHandle(forWritingAtPath: log) {
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        // First use imports the bundled catalogue and builds the index: allow a slow debug build.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if (try? get("/health")) != nil { return }
            guard process.isRunning else { break }
            usleep(200_000)
        }
        stop()
        throw StartFailure()
    }

    struct StartFailure: Error {}

    /// The body of a 200 response, or an error.
    func get(_ path: String) throws -> Data {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let box = LockedData()
        let failed = LockedData()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: url) { data, response, _ in
            if let data, (response as? HTTPURLResponse)?.statusCode == 200 { box.set(data) } else { failed.set(Data([1])) }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 30) == .success, box.isSet else { throw RequestFailure(path: path) }
        return box.value
    }

    struct RequestFailure: Error { var path: String }

    /// The body of a 200 answer to a JSON `POST`, or an error.
    func post(_ path: String, json: Data) throws -> Data {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = json
        let box = LockedData()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let data, (response as? HTTPURLResponse)?.statusCode == 200 { box.set(data) }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 30) == .success, box.isSet else { throw RequestFailure(path: path) }
        return box.value
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
