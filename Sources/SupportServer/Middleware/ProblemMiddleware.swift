import Foundation
import Hummingbird
import Logging
import Matching
import SupportModel

/// Turns every error a route throws into an RFC 9457 problem response, so no client ever sees
/// Hummingbird's plain-text errors or an unexplained 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let known: KnownPaths

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            // No responder for this method: 405 when the path itself exists.
            if let allow = known.allowedMethods(for: request.uri.path) {
                return try Problem.methodNotAllowed(allowed: allow).response(from: request, context: context)
            }
            return try Problem.notFound("no resource at this path").response(from: request, context: context)
        } catch {
            return try Self.problem(for: error, logger: context.logger).response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as ProfileError:
            return .invalid(error.issues.map { .init(pointer: $0.pointer, detail: $0.message) })
        case let error as DecodingError:
            return .from(decodingError: error)
        case let error as RecordUnavailable:
            // The served index and its store disagree (the store failed, or lost the version
            // the index was built from): a server-side state, retryable once the catalogue is
            // reloaded, not the client's fault. The offer id is public; the store's error may
            // name files or SQL, so it goes to the log only.
            logger.error("offer record unavailable", metadata: ["error": "\(error)"])
            return Problem(.serviceUnavailable, type: "/problems/catalogue-unavailable", title: "Catalogue unavailable",
                           detail: "the record of offer \(error.id), which this answer shows, could not be read from the catalogue store; try again once the catalogue is reloaded")
        case let error as HTTPError:
            if error.status == .notFound {
                return .notFound("no resource at this path")
            }
            return Problem(error.status, detail: error.body)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return Problem(.contentTooLarge, type: "/problems/content-too-large", title: "Content too large",
                           detail: "the request body exceeds this route's size limit")
        case let error as any HTTPResponseError:
            return Problem(error.status)
        default:
            // The cause goes to the log, not to the client: it may name files or SQL.
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, type: "/problems/internal", title: "Internal server error",
                           detail: "the server could not complete the request; the cause is logged")
        }
    }
}
