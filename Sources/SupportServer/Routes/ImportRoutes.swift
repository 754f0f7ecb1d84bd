import CatalogImport
import CatalogStore
import Foundation
import Hummingbird
import Logging
import SupportApp

/// `POST /v1/imports` and `GET /v1/imports`: catalogue maintenance over HTTP, behind the
/// admin token. Without a configured token both answer 404, as if they did not exist.
enum ImportRoutes {
    static func register(on routes: RouteTable<ServerRequestContext>, service: SupportService) {
        routes.post("/v1/imports") { request, context in
            try authorize(request, service: service)
            return try await runImport(request, context: context, service: service)
        }
        routes.get("/v1/imports") { request, _ in
            try authorize(request, service: service)
            var limit = 20
            for (name, value) in request.queryParameters {
                guard name == "limit" else { throw Problem.invalid([.query(name, "unknown parameter; expected limit")]) }
                guard let number = Int(value), (1...1000).contains(number) else {
                    throw Problem.invalid([.query("limit", "expected an integer from 1 to 1000, found \"\(value)\"")])
                }
                limit = number
            }
            let (store, count) = (service.catalog.store, limit)
            return JSONBody.response(data: try await offPool { try ImportReport.jsonEncoder().encode(try store.importRuns(limit: count)) })
        }
    }

    /// For every admin endpoint (imports, the list of saved profiles): 404 when no admin token
    /// is configured, 401 without a bearer token, 403 with a wrong one.
    static func authorize(_ request: Request, service: SupportService) throws {
        guard let token = service.configuration.adminToken else {
            throw Problem.notFound("the admin endpoints (imports, the list of saved profiles) are off: start the server with SUPPORTMATCH_ADMIN_TOKEN or --admin-token-file")
        }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem(.unauthorized, type: "/problems/unauthorized", title: "Unauthorized",
                          detail: "send the admin token as Authorization: Bearer <token>",
                          headers: [.wwwAuthenticate: "Bearer realm=\"supportmatch-imports\""])
        }
        let presented = header.utf8.dropFirst("bearer ".utf8.count)
        guard token.matches(presented) else {
            throw Problem(.forbidden, type: "/problems/forbidden", title: "Forbidden", detail: "the admin token is not valid")
        }
    }

    static func runImport(_ request: Request, context: ServerRequestContext, service: SupportService) async throws -> Response {
        var dryRun = false
        var skipInvalid = false
        var format: String?
        var fileName = "upload"
        var problems: [Problem.InvalidParameter] = []
        func flag(_ name: String, _ value: String) -> Bool {
            switch value.lowercased() {
            case "", "true", "1", "yes": return true
            case "false", "0", "no": return false
            default:
                problems.append(.query(name, "expected true or false, found \"\(value)\""))
                return false
            }
        }
        for (name, value) in request.queryParameters {
            switch name {
            case "dryRun": dryRun = flag(name, value)
            case "skipInvalid": skipInvalid = flag(name, value)
            case "format": format = value
            case "fileName":
                // Only the last path component, restricted to safe characters: the name is
                // used for a temporary file and shown in the report.
                let base = (value as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
                if base.isEmpty || base.hasPrefix(".") {
                    problems.append(.query(name, "expected a plain file name such as catalogue.json"))
                } else {
                    fileName = String(base.prefix(100))
                }
            default: problems.append(.query(name, "unknown parameter; expected dryRun, skipInvalid, format or fileName"))
            }
        }
        if !problems.isEmpty { throw Problem.invalid(problems) }
        // `paths` is set once the body is in its upload folder.
        let options = ImportRequest(paths: [], format: format.map { CatalogFormat(named: $0) },
                                    policy: skipInvalid ? .skipInvalid : .rejectImport, dryRun: dryRun)
        let (uploadName, isDryRun) = (fileName, dryRun)
        let body = try await request.bodyData(limit: service.configuration.maxImportBytes)
        if body.isEmpty {
            throw Problem.invalid([.init(pointer: "", detail: "the body is empty; send the catalogue file as the request body")])
        }
        let report = try await service.imports.run {
            let folder = try UploadFolders(parent: service.configuration.uploadFolder).make()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent(uploadName)
            try body.write(to: file)
            var request = options
            request.paths = [file.path]
            let (catalog, today) = (service.catalog, service.today)
            // The same workflow as `supportmatch import`; publishing builds the new snapshot in
            // full before it is swapped in, and recommendations go on meanwhile.
            let importing = request
            let report = try await offPool {
                try catalog.importCatalog(importing, today: today, publish: { service.publish(try catalog.load()).index })
            }
            service.metrics.recordImport()
            return report
        }
        context.logger.info("import", metadata: [
            "import.outcome": .string(report.outcome.rawValue), "import.dryRun": .stringConvertible(isDryRun),
            "import.read": .stringConvertible(report.counts.read),
        ])
        let status: HTTPResponse.Status = switch report.outcome {
        case .succeeded: .ok
        case .rejected: .unprocessableContent
        case .failed: .internalServerError
        }
        return JSONBody.response(data: try ImportReport.jsonEncoder().encode(report), status: status)
    }
}
