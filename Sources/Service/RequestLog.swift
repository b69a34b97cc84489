import Hummingbird
import Logging

/// Logs each request's method and path, never its query string: a client that puts a credential
/// in the query (`?client_secret=…`, which OAuth 2 forbids but some clients do) must not get it
/// written to the log. Hummingbird's `LogRequestsMiddleware` logs the whole URI.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    init(_ level: Logger.Level) { self.level = level }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(
            level: level, "Request",
            metadata: ["hb.request.path": .string(request.uri.path), "hb.request.method": .string(request.method.rawValue)])
        return try await next(request, context)
    }
}
