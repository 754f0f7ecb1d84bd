public import Foundation
import Logging

/// How the HTTP service runs. A `Sendable` value with defaults, as in Hummingbird, so tests
/// and `supportmatch serve` state only what they change.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Unlocks `POST /v1/imports` and `GET /v1/imports`; `nil` turns them off.
    public var adminToken: AdminToken?
    /// Largest JSON body accepted (profiles); larger requests get 413.
    public var maxJSONBodyBytes: Int
    /// Largest catalogue upload accepted by `POST /v1/imports`.
    public var maxImportBytes: Int
    /// Most results a recommendation returns.
    public var maxResults: Int
    /// Name the server logs under.
    public var serverName: String
    /// A connection with no complete request part for this long is closed. Bounds slow clients
    /// (slowloris): headers trickled a byte at a time never complete a part, so the timer runs.
    public var idleTimeout: Duration
    /// Largest request header section (all fields together) and most header fields accepted;
    /// larger requests are refused by the HTTP decoder and the connection closed.
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    /// A request's headers and body must all arrive within this time from when the connection
    /// starts waiting for it, however slowly the bytes trickle (the idle timeout restarts on
    /// every byte). Uploads of `maxImportBytes` need it generous.
    public var requestTimeout: Duration = .seconds(60)
    /// Most open connections in total and from one client address; further ones are closed at
    /// once. Behind a reverse proxy every client has the proxy's address: raise the second.
    public var maxConnections: Int = 4_096
    public var maxConnectionsPerAddress: Int = 256
    /// Most saved consultations (`POST /v1/profiles`, anonymous); beyond it, 429. Each saved
    /// profile is re-ranked after every import, so their number bounds an import's extra work.
    public var maxSavedProfiles: Int = 10_000
    /// Parent of the folders uploads to `POST /v1/imports` are written to while imported; at
    /// start the server removes what killed servers left there (``UploadFolders``).
    public var uploadFolder: URL = FileManager.default.temporaryDirectory.appendingPathComponent("supportmatch-uploads", isDirectory: true)
    /// Fixes "today" for deadline checks (tests); `nil` uses the current day.
    public var today: (@Sendable () -> String)?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, adminToken: AdminToken? = nil,
        maxJSONBodyBytes: Int = 256 * 1024, maxImportBytes: Int = 64 * 1024 * 1024, maxResults: Int = 50,
        serverName: String = "supportmatch", today: (@Sendable () -> String)? = nil,
        idleTimeout: Duration = .seconds(30), maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100
    ) {
        self.host = host
        self.port = port
        self.adminToken = adminToken
        self.maxJSONBodyBytes = maxJSONBodyBytes
        self.maxImportBytes = maxImportBytes
        self.maxResults = maxResults
        self.serverName = serverName
        self.today = today
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }
}
