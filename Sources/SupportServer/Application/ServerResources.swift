import Foundation
import Mustache
import SupportModel

/// Files shipped in the module's bundle (templates, stylesheets, the OpenAPI document) and
/// responses computed once at start (the taxonomies never change while serving).
struct ServerResources: Sendable {
    let openAPI: Data
    let taxonomiesJSON: Data
    let templates: MustacheLibrary
    /// Static assets by file name: bytes and content type.
    let assets: [String: (data: Data, contentType: String)]

    /// The copied `Resources` folder. Foundation's `resourceURL` differs by platform (the
    /// bundle itself on Linux, `Contents/Resources` on macOS), so look where `openapi.json` is.
    static var root: URL {
        let bases = [Bundle.module.resourceURL, Bundle.module.bundleURL].compactMap { $0 }
        let candidates = bases.flatMap { [$0, $0.appendingPathComponent("Resources", isDirectory: true)] }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("openapi.json").path) }
            ?? bases[0].appendingPathComponent("Resources", isDirectory: true)
    }

    static func load(taxonomies: Taxonomies) async throws -> ServerResources {
        let root = Self.root
        let openAPI = try Self.stampingVersion(Data(contentsOf: root.appendingPathComponent("openapi.json")))
        let templates = try await MustacheLibrary(directory: root.appendingPathComponent("templates").path)
        var assets: [String: (Data, String)] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        let staticFolder = root.appendingPathComponent("static")
        for name in try FileManager.default.contentsOfDirectory(atPath: staticFolder.path) {
            guard let type = types[(name as NSString).pathExtension] else { continue }
            assets[name] = (try Data(contentsOf: staticFolder.appendingPathComponent(name)), type)
        }
        return ServerResources(
            openAPI: openAPI, taxonomiesJSON: try Self.encode(taxonomies), templates: templates, assets: assets)
    }

    /// The document as shipped, with `info.version` set to the running release, so the served
    /// document can never name another version than `/health` and `--version`.
    static func stampingVersion(_ document: Data) throws -> Data {
        guard var root = try JSONSerialization.jsonObject(with: document) as? [String: Any],
              var info = root["info"] as? [String: Any] else { return document }
        info["version"] = SupportMatchVersion.current
        root["info"] = info
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// `GET /v1/taxonomies`: every vocabulary with German and English labels.
    static func encode(_ taxonomies: Taxonomies) throws -> Data {
        struct Vocabularies: Encodable {
            var topics, applicantTypes, instruments, regions, sectors, sizeClasses, providerLevels, statuses: Taxonomy
            var smeThresholds: [SMEThreshold]
        }
        return try JSONBody.encoder.encode(Vocabularies(
            topics: taxonomies.topics, applicantTypes: taxonomies.applicantTypes, instruments: taxonomies.instruments,
            regions: taxonomies.regions, sectors: taxonomies.sectors, sizeClasses: taxonomies.sizeClasses,
            providerLevels: taxonomies.providerLevels, statuses: taxonomies.statuses,
            smeThresholds: taxonomies.smeThresholds))
    }
}
