import HTTPTypes
import Hummingbird

/// Registers routes and remembers which methods each path has, so that a request with the
/// wrong method gets 405 with an `Allow` header instead of Hummingbird's 404.
final class RouteTable<Context: RequestContext> {
    private let router: Router<Context>
    private var methods: [String: [HTTPRequest.Method]] = [:]
    private var order: [String] = []

    /// Methods answered with 405 on a known path when not registered there.
    static var checkedMethods: [HTTPRequest.Method] { [.get, .post, .put, .patch, .delete, .options] }

    init(router: Router<Context>) {
        self.router = router
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
            for method in Self.checkedMethods where !allowed.contains(method) {
                let problem = Problem.methodNotAllowed(allowed: allow)
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw problem }
            }
        }
    }
}
