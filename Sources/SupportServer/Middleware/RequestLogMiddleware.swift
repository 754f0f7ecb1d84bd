import Foundation
import Hummingbird
import Logging

/// One structured log line and one metrics sample per request.
///
/// Logs the method, the route pattern (`/v1/profiles/{id}/changes`), status and duration. The
/// path itself is never logged: a consultation's id in it is the capability to read and change
/// that consultation, and the advisor page carries a client's answers in the query. Headers are
/// never logged either, so the admin token cannot end up in a log file.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: Int
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status.code
        } catch {
            // Errors are converted by ProblemMiddleware further in; this path sees only what
            // escaped it, which Hummingbird answers with its own status.
            status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context: context, status: status, since: start)
            throw error
        }
        record(request, context: context, status: status, since: start)
        return response
    }

    private func record(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: duration)
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        context.logger.log(
            level: status >= 500 ? .error : .info, "request",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.route": .string(route),
                "http.status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ])
    }
}
