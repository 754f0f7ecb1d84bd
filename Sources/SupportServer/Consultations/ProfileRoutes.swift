import Consultations
import Foundation
import HTTPTypes
import Hummingbird
import SupportModel

/// `/v1/profiles`: saved consultations over HTTP.
///
/// Access model: a profile's id is 128 random bits and works as a capability, like a
/// shared-document link: whoever holds it may read, change, export and delete that one
/// consultation and follow its feed, without an account (advisors mail the link to the
/// client; feed readers cannot log in). Nothing lists or finds ids except `GET /v1/profiles`,
/// which needs the admin token. Unknown and malformed ids are the same 404, so the API does
/// not help anyone guess.
enum ProfileRoutes {
    static func register(on routes: RouteTable<ServerRequestContext>, service: SupportService) {
        routes.post("/v1/profiles") { request, _ in
            let store = try consultations(service)
            let draft = try await draft(request, service: service)
            let baseline = try service.baseline()
            let limit = service.configuration.maxSavedProfiles
            guard try await offPool({ try store.count() }) < limit else {
                throw Problem(.tooManyRequests, type: "/problems/too-many-profiles", title: "Too many saved consultations",
                              detail: "this server keeps at most \(limit) saved consultations; delete some or ask its operator")
            }
            let saved = try await offPool { try withValidation { try store.create(draft, baseline: baseline) } }
            var response = try JSONBody.response(ProfileResource(saved), status: .created)
            response.headers[.location] = "/v1/profiles/\(saved.id)"
            return response
        }
        routes.get("/v1/profiles") { request, _ in
            try ImportRoutes.authorize(request, service: service)
            let store = try consultations(service)
            if let (name, _) = request.queryParameters.first {
                throw Problem.invalid([.query(name, "unknown parameter; this listing takes none")])
            }
            return try JSONBody.response(ProfileList(profiles: try await offPool { try store.list() }))
        }
        routes.get("/v1/profiles/{id}") { _, context in
            let (store, id) = try target(context, service: service)
            return try JSONBody.response(ProfileResource(try found(try await offPool { try store.profile(id) })))
        }
        routes.on("/v1/profiles/{id}", .put) { request, context in
            let (store, id) = try target(context, service: service)
            let draft = try await draft(request, service: service)
            let baseline = try service.baseline()
            let saved = try await offPool { try withValidation { try store.update(id, with: draft, baseline: baseline) } }
            return try JSONBody.response(ProfileResource(try found(saved)))
        }
        routes.on("/v1/profiles/{id}", .delete) { _, context in
            let (store, id) = try target(context, service: service)
            guard try await offPool({ try store.delete(id) }) else { throw notFound }
            return Response(status: .noContent)
        }
        routes.get("/v1/profiles/{id}/export") { _, context in
            let (store, id) = try target(context, service: service)
            let export = try found(try await offPool { try store.export(id) })
            var response = try JSONBody.response(export)
            response.headers[.contentDisposition] = "attachment; filename=\"supportmatch-profile-\(id).json\""
            return response
        }
        routes.get("/v1/profiles/{id}/changes") { request, context in
            let (store, id) = try target(context, service: service)
            let (after, limit) = try page(request)
            let loaded = try await offPool { () throws -> ([ChangeEvent], Int)? in
                guard try store.profile(id) != nil else { return nil }
                return (try store.events(of: id, after: after, limit: limit + 1), try store.eventCount(of: id))
            }
            let (events, total) = try found(loaded)
            let shown = Array(events.prefix(limit))
            let next = events.count > limit ? shown.last.map { "/v1/profiles/\(id)/changes?after=\($0.id)&limit=\(limit)" } : nil
            return try JSONBody.response(ChangePage(profileId: id, total: total, events: shown, next: next))
        }
        routes.get("/v1/profiles/{id}/feed.atom") { request, context in
            let (store, id) = try target(context, service: service)
            let loaded = try await offPool { () throws -> (SavedProfile, [ChangeEvent])? in
                guard let saved = try store.profile(id) else { return nil }
                return (saved, try store.events(of: id))
            }
            let (saved, events) = try found(loaded)
            let base = baseURL(request, service: service)
            let feed = AtomFeed(
                profile: saved, events: events, selfURL: "\(base)/v1/profiles/\(id)/feed.atom",
                pageURL: "\(base)/consultations/\(id)", offerBaseURL: "\(base)/v1/offers/")
            return Response(
                status: .ok, headers: [.contentType: AtomFeed.contentType],
                body: .init(byteBuffer: ByteBuffer(string: feed.render())))
        }
    }

    static let notFound = Problem.notFound("no saved profile with this id")

    static func consultations(_ service: SupportService) throws -> ConsultationStore {
        guard let store = service.consultations else { throw Problem.notFound("saved consultations are off on this server") }
        return store
    }

    static func target(_ context: ServerRequestContext, service: SupportService) throws -> (ConsultationStore, String) {
        let store = try consultations(service)
        let id = context.parameters.get("id") ?? ""
        guard ProfileToken.isWellFormed(id) else { throw notFound }
        return (store, id)
    }

    static func found<T>(_ value: T?) throws -> T {
        guard let value else { throw notFound }
        return value
    }

    static func withValidation<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ConsultationError { throw Problem.from(error) }
    }

    static func draft(_ request: Request, service: SupportService) async throws -> ProfileDraft {
        // No Content-Type is not JSON either: 415, as for any other type.
        if !(request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false) {
            throw Problem(.unsupportedMediaType, type: "/problems/unsupported-media-type", title: "Unsupported media type",
                          detail: "send the consultation as application/json")
        }
        let body = try await request.bodyData(limit: service.configuration.maxJSONBodyBytes)
        return try ProfileDraftBody.decode(body, taxonomies: service.taxonomies, today: service.today)
    }

    /// `after` (an event id, 0 = from the start) and `limit` (1…200, default 50).
    static func page(_ request: Request) throws -> (after: Int64, limit: Int) {
        var after: Int64 = 0
        var limit = 50
        var problems: [Problem.InvalidParameter] = []
        for (name, value) in request.queryParameters {
            switch name {
            case "after":
                if let number = Int64(value), number >= 0 { after = number } else {
                    problems.append(.query(name, "expected an event id (an integer ≥ 0), found \"\(value)\""))
                }
            case "limit":
                if let number = Int(value), (1...200).contains(number) { limit = number } else {
                    problems.append(.query(name, "expected an integer from 1 to 200, found \"\(value)\""))
                }
            default: problems.append(.query(name, "unknown parameter; expected after or limit"))
            }
        }
        if !problems.isEmpty { throw Problem.invalid(problems) }
        return (after, limit)
    }

    /// `http://host[:port]` as the client addressed the server, for absolute feed links.
    static func baseURL(_ request: Request, service: SupportService) -> String {
        let authority = request.head.authority ?? ""
        let safe = !authority.isEmpty && authority.allSatisfy { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
        return "http://" + (safe ? authority : "\(service.configuration.host):\(service.configuration.port)")
    }
}

/// A saved profile as the API returns it, with links to its other resources.
struct ProfileResource: Encodable {
    var saved: SavedProfile

    init(_ saved: SavedProfile) { self.saved = saved }

    struct Links: Encodable {
        var `self`: String
        var changes: String
        var feed: String
        var export: String
        var page: String
    }

    enum CodingKeys: String, CodingKey { case links }

    func encode(to encoder: any Encoder) throws {
        try saved.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        let base = "/v1/profiles/\(saved.id)"
        try container.encode(
            Links(self: base, changes: base + "/changes", feed: base + "/feed.atom", export: base + "/export",
                  page: "/consultations/\(saved.id)"),
            forKey: .links)
    }
}

struct ProfileList: Encodable {
    var profiles: [SavedProfileSummary]
}

struct ChangePage: Encodable {
    var profileId: String
    /// All events of the profile.
    var total: Int
    var events: [ChangeEvent]
    /// The next page, absent on the last.
    var next: String?
}
