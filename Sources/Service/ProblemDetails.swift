import ChargeShareDomain
public import Hummingbird
import StrictJSON

/// An error answer in RFC 9457 form (`application/problem+json`): `type`, `title`, `status`,
/// `detail`, and for invalid input the list of `errors` with their JSON paths. Every error the
/// service returns goes through this type (`ProblemMiddleware`), so clients get one shape.
public struct ProblemDetails: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// What went wrong in this request, in plain words.
    public let detail: String
    /// For invalid input: (JSON path, message) of every problem found.
    public let errors: [(path: String, message: String)]
    /// Extra response headers (`WWW-Authenticate` on a 401).
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [(path: String, message: String)] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The document's JSON.
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", .string("about:blank")), ("title", .string(status.reasonPhrase)), ("status", .integer(status.code)),
            ("detail", .string(detail)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .array(errors.map { .object([("path", .string($0.path)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        // RFC 9457's type everywhere but under /openadr3, whose official document declares its
        // `problem` responses as application/json (the body is the same).
        fields[.contentType] = request.uri.path.hasPrefix("/openadr3/") ? "application/json" : "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter().bytes(json))))
    }

    static func unauthorized(_ detail: String) -> ProblemDetails {
        ProblemDetails(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer realm=\"chargeshare\""])
    }
    static func forbidden(_ detail: String) -> ProblemDetails { ProblemDetails(.forbidden, detail) }
    static func notFound(_ detail: String) -> ProblemDetails { ProblemDetails(.notFound, detail) }
    static func badRequest(_ detail: String) -> ProblemDetails { ProblemDetails(.badRequest, detail) }
}

/// Turns every error a route throws into `ProblemDetails`: Hummingbird's own (404 for an unknown
/// route, 413 for a body over the cap) keep their status, except that a known path asked with a
/// method none of its routes has is a 405 with `Allow` (`routes`); anything unexpected is a 500
/// whose detail does not leak internals (the log has it).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            throw problem
        } catch let invalid as InvalidProblem {
            throw ProblemDetails(
                .badRequest, "the request body is invalid: \(invalid.issues.count) error(s)", errors: invalid.issues.map { ($0.path, $0.message) })
        } catch let error as HTTPError {
            let detail: String
            switch error.status {
            case .notFound:
                let allowed = routes.allowedMethods(request.uri.path)
                // Only the router's own "no route": a handler's 404 on a path it serves stays a 404.
                if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                    throw ProblemDetails(
                        .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); allowed: \(allowed.joined(separator: ", "))",
                        headers: [.allow: allowed.joined(separator: ", ")])
                }
                detail = "no route for \(request.method) \(request.uri.path)"
            case .contentTooLarge: detail = "the request body is larger than this service accepts"
            default: detail = error.body ?? error.status.reasonPhrase
            }
            throw ProblemDetails(error.status, detail)
        } catch let error as any HTTPResponseError {
            throw ProblemDetails(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw ProblemDetails(.internalServerError, "the service failed to answer; the error is logged")
        }
    }
}
