import HTTPTypes
import Hummingbird
import Synchronization

/// Registers routes and remembers which methods each path has, so that a request with the
/// wrong method gets 405 with an `Allow` header instead of Hummingbird's 404.
final class RouteTable<Context: RequestContext> {
    private let router: Router<Context>
    private var methods: [String: [HTTPRequest.Method]] = [:]
    private var order: [String] = []

    /// Methods answered with 405 on a known path when not registered there.
    static var checkedMethods: [HTTPRequest.Method] { [.get, .post, .put, .patch, .delete, .options, .trace] }

    /// Every registered path with its methods, for requests with methods no responder is
    /// registered for (`QUERY`, `CONNECT`, extension methods): see ``ProblemMiddleware``.
    let known: KnownPaths

    init(router: Router<Context>, known: KnownPaths) {
        self.router = router
        self.known = known
    }

    func on(
        _ path: String, _ method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        if methods[path] == nil { order.append(path) }
        methods[path, default: []].append(method)
    }

    func get(_ path: String, use handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        on(path, .get, use: handler)
    }

    func post(_ path: String, use handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        on(path, .post, use: handler)
    }

    /// Adds the 405 responders; call once, after every route is registered.
    func addMethodNotAllowedResponders() {
        for path in order {
            let allowed = methods[path] ?? []
            var allow = allowed
            if allowed.contains(.get) { allow.append(.head) }
            known.add(path, allow: allow)
            for method in Self.checkedMethods where !allowed.contains(method) {
                let problem = Problem.methodNotAllowed(allowed: allow)
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw problem }
            }
        }
    }
}

/// Route patterns and their methods, filled while routes are registered, read per request.
final class KnownPaths: Sendable {
    private let patterns = Mutex<[(segments: [Substring], allow: [HTTPRequest.Method])]>([])

    func add(_ path: String, allow: [HTTPRequest.Method]) {
        patterns.withLock { $0.append((path.split(separator: "/"), allow)) }
    }

    /// The methods a known path allows; `nil` when no route has this path.
    func allowedMethods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        return patterns.withLock { patterns in
            patterns.first { pattern in
                pattern.segments.count == segments.count
                    && zip(pattern.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }?.allow
        }
    }
}
