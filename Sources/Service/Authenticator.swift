import ChargeShareDomain
import Hummingbird
import Store

/// Who is calling, as a bearer token proves it.
struct Caller: Sendable {
    let client: ClientDirectory.Entry
    let scopes: Set<Scope>

    /// The feeders this caller may act on: every feeder for admin and cloud (`nil`), its own for a utility.
    var feeders: Set<String>? { client.role == .utility ? client.feeders : nil }
    /// The owner a utility's reads and writes are confined to (`nil`: sees everything).
    var owner: String? { client.role == .utility ? client.clientId : nil }
}

/// The trust rules of docs/service.md, one place: a route names the scope it needs, and gets the
/// caller or a 401 (no token, unknown or expired token, client no longer configured) or a 403
/// (a valid token without that scope).
struct Authenticator: Sendable {
    let clients: ClientDirectory
    let tokens: TokenIssuer
    let clock: any WallClock & Sendable

    func caller(_ request: Request, needs scope: Scope) async throws -> Caller {
        try await caller(request, needsAnyOf: [scope])
    }

    func caller(_ request: Request, needsAnyOf wanted: [Scope]) async throws -> Caller {
        guard let header = request.headers[.authorization] else { throw ProblemDetails.unauthorized("a bearer token is required") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ProblemDetails.unauthorized("the Authorization header must be \"Bearer <token>\"")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let tokens = self.tokens, now = clock.now
        let record = try await Blocking.run { try tokens.check(token, now: now) }
        guard let record, let client = clients.client(record.clientId) else {
            throw ProblemDetails.unauthorized("the bearer token is unknown or expired")
        }
        let scopes = Set(record.scopes.split(separator: " ").compactMap { Scope(rawValue: String($0)) }).intersection(client.role.scopes)
        guard wanted.contains(where: scopes.contains) else {
            throw ProblemDetails.forbidden("this token lacks the scope \(wanted.map(\.rawValue).joined(separator: " or "))")
        }
        return Caller(client: client, scopes: scopes)
    }
}
