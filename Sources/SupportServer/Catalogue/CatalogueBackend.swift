import CatalogStore
import Foundation
import SupportModel

/// What the server needs from storage: the active catalogue, imports, and their history.
///
/// A struct of closures rather than a protocol so the store adapter (``CatalogueBackend/store(_:)``)
/// stays a few lines and tests build the real thing over a temporary SQLite file.
public struct CatalogueBackend: Sendable {
    /// Reads the active offers and the catalogue version.
    public var load: @Sendable () async throws -> LoadedCatalogue
    /// Runs one import through the store's pipeline and returns its report.
    public var runImport: @Sendable (ImportUpload) async throws -> ImportReport
    /// The most recent import runs, newest first, as JSON (the same as `supportmatch imports --json`).
    public var history: @Sendable (_ limit: Int) async throws -> Data
    /// The catalogue version in storage now, as ``LoadedCatalogue/version`` names it: polled so
    /// that an import made by another process (`supportmatch import` on the same database) is
    /// served without a restart. `nil` when storage changes only through this server.
    public var storedVersion: (@Sendable () async throws -> String)?

    public init(
        load: @escaping @Sendable () async throws -> LoadedCatalogue,
        runImport: @escaping @Sendable (ImportUpload) async throws -> ImportReport,
        history: @escaping @Sendable (_ limit: Int) async throws -> Data,
        storedVersion: (@Sendable () async throws -> String)? = nil
    ) {
        self.load = load
        self.runImport = runImport
        self.history = history
        self.storedVersion = storedVersion
    }
}

/// A catalogue file uploaded to `POST /v1/imports`, already written to a temporary file.
public struct ImportUpload: Sendable {
    public var file: URL
    /// The name the uploader gave (`X-Filename` or the `fileName` parameter); shown in the report.
    public var fileName: String
    public var format: String?
    public var dryRun: Bool
    public var skipInvalid: Bool

    public init(file: URL, fileName: String, format: String? = nil, dryRun: Bool = false, skipInvalid: Bool = false) {
        self.file = file
        self.fileName = fileName
        self.format = format
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
    }
}
