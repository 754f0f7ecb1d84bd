import BundledCatalog
import CatalogStore
import Consultations
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SupportApp
import SupportModel
import StoreTestSupport
import SupportServer
import Testing

/// A real server over a real SQLite file in a temporary folder, with the bundled catalogue
/// imported through the same workflow `supportmatch serve` uses.
struct TestServer {
    static let token = "test-admin-token-0123456789-abcdef"
    /// Deadlines are judged against this day, so results do not drift with the calendar.
    static let today = "2026-11-28"

    let service: SupportService
    let folder: URL

    /// `withConsultations` turns on saved consultations (`/v1/profiles`), stored in the same SQLite file.
    static func make(adminToken: String? = token, maxJSONBodyBytes: Int = 256 * 1024, maxImportBytes: Int = 8 * 1024 * 1024,
                     withConsultations: Bool = false,
                     configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportserver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try CatalogStore(path: folder.appendingPathComponent("catalogue.sqlite").path)
        let taxonomies = BundledCatalog.taxonomies
        let report = CatalogImporter(store: store, taxonomies: taxonomies)
            .run(ImportRequest(paths: try BundledCatalog.offerFiles().map(\.path)))
        #expect(report.outcome == .succeeded, "the bundled catalogue imports: \(report.problemGroups)")
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, adminToken: try adminToken.map { try AdminToken($0) },
            maxJSONBodyBytes: maxJSONBodyBytes, maxImportBytes: maxImportBytes, today: { today })
        // The live test client connects when the test starts, and a test on a loaded two-core
        // machine can take over the default 60 s before its first request: the request deadline
        // (tested on its own in HostileHTTPBoundsTests) is not what other tests are about.
        configuration.requestTimeout = .seconds(600)
        // The same for the idle timeout: a test that spends over 30 s on raw sockets before its
        // last request through the live client found that client's connection closed ("I/O on
        // closed channel") in a loaded full run. Tests of the idle timeout set their own.
        configuration.idleTimeout = .seconds(600)
        // Each test server its own upload folder: at start a server removes folders carrying its
        // own pid, and every test server of the run shares this process's pid.
        configuration.uploadFolder = folder.appendingPathComponent("uploads", isDirectory: true)
        configure(&configuration)
        let service = SupportService(
            configuration: configuration,
            catalog: CatalogWorkflow(store: store, taxonomies: taxonomies,
                                         consultations: withConsultations ? try ConsultationStore(catalogue: store) : nil))
        try await service.reloadCatalog()
        return TestServer(service: service, folder: folder)
    }

    /// Runs `body` against the application through the given transport.
    ///
    /// Without a `logger`, the server logs warnings and errors only: a line per request on the
    /// test process's output is noise in a full run, and a write to an output that is not being
    /// read holds the request that writes it.
    func test<Value: Sendable>(_ transport: Transport, logger: Logger? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await buildApplication(service: service, logger: logger ?? Self.quietLogger(service))
        // Off the default executor's two threads (see ``ElasticTaskExecutor``).
        return try await withTaskExecutorPreference(ElasticTaskExecutor.shared) {
            switch transport {
            case .router: try await app.test(.router, body)
            case .live: try await LiveHarness(base: app).run(body)
            }
        }
    }

    private static func quietLogger(_ service: SupportService) -> Logger {
        var logger = Logger(label: service.configuration.serverName)
        logger.logLevel = .warning
        return logger
    }
}

/// Both ways of reaching the application: in-process through the router, and over a real socket
/// (``LiveHarness``).
enum Transport: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case router, live
    var testDescription: String { rawValue }
}

struct ProblemBody: Decodable {
    struct Param: Decodable { var `in`: String; var pointer: String; var detail: String }
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var invalidParams: [Param]?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, invalidParams = "invalid-params" }

    var pointers: [String] { (invalidParams ?? []).map(\.pointer) }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var data: Data { Data(body.readableBytesView) }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: data)
    }

    /// Asserts the response is an RFC 9457 problem and returns it.
    func problem(sourceLocation: SourceLocation = #_sourceLocation) throws -> ProblemBody {
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        return try json(ProblemBody.self)
    }
}

/// A Saxon software SME that wants to bring AI into its quality control.
let saxonSoftwareSME = """
    {"applicantType": "company", "location": {"state": "DE-SN", "district": "DED21"},
     "employees": 24, "annualTurnover": 3200000, "yearFounded": 2015, "sector": "62.01",
     "topics": ["digitalisierung", "forschung_innovation_themenoffen"],
     "projectDescription": "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
     "amountNeeded": 80000}
    """

func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
