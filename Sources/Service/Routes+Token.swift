import ChargeShareDomain
import Foundation
import Hummingbird
import StrictJSON
import Store

/// `POST /openadr3/auth/token`: OAuth 2 client credentials (RFC 6749 §4.4), form-encoded, the
/// credentials in the body (as OpenADR 3's `clientCredentialRequest`) or in HTTP Basic
/// (RFC 6749 §2.3.1). Errors are RFC 6749 §5.2's `{"error", "error_description"}`, the shape
/// OpenADR 3's `authError` gives: 400, or 401 when Basic credentials failed.
struct TokenRoute: Sendable {
    let clients: ClientDirectory
    let tokens: TokenIssuer
    let clock: any WallClock & Sendable
    let maxBodyBytes: Int

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        var request = request
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/x-www-form-urlencoded" else {
            return Self.error(.badRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
        }
        let body = try await request.collectBody(upTo: min(maxBodyBytes, 16 << 10))
        let form: FormBody
        do { form = try FormBody(Array(buffer: body)) } catch {
            switch error {
            case .malformed(let name):
                return Self.error(.badRequest, "invalid_request", "the form field \(Displayed.quoted(name)) is not well encoded")
            case .repeated(let name): return Self.error(.badRequest, "invalid_request", "the form field \(Displayed.quoted(name)) is repeated")
            }
        }
        guard let grant = form["grant_type"] else { return Self.error(.badRequest, "invalid_request", "grant_type is required") }
        guard grant == "client_credentials" else {
            return Self.error(.badRequest, "unsupported_grant_type", "only client_credentials is supported")
        }
        var id = form["client_id"], secret = form["client_secret"]
        let basic = Self.basicCredentials(request.headers[.authorization])
        if let basic {
            guard id == nil || id == basic.id, secret == nil else {
                return Self.error(.badRequest, "invalid_request", "credentials are given both in the Authorization header and in the body")
            }
            (id, secret) = (basic.id, basic.secret)
        }
        guard let id, let secret, !id.isEmpty, !secret.isEmpty else {
            return Self.error(.badRequest, "invalid_request", "client_id and client_secret are required")
        }
        // RFC 6749 §2.3.1 form-encodes Basic credentials, but common clients (requests-oauthlib,
        // which openadr3-client uses) send them as they are: a secret with `+` or `%` is tried
        // both ways.
        let raw = basic.flatMap { _ in Self.basicCredentials(request.headers[.authorization], decoded: false) }
        guard
            let client = clients.authenticate(clientId: id, secret: secret)
                ?? raw.flatMap({ $0.id == id && $0.secret == secret ? nil : clients.authenticate(clientId: $0.id, secret: $0.secret) })
        else {
            return Self.error(basic == nil ? .badRequest : .unauthorized, "invalid_client", "unknown client or wrong secret")
        }
        var scopes = client.role.scopes
        if let asked = form["scope"], !asked.trimmingCharacters(in: .whitespaces).isEmpty {
            var wanted: [Scope] = []
            for name in asked.split(separator: " ") {
                guard let scope = Scope(rawValue: String(name)), client.role.scopes.contains(scope) else {
                    return Self.error(
                        .badRequest, "invalid_scope", "a \(client.role.rawValue) client cannot hold the scope \(Displayed.quoted(String(name)))")
                }
                if !wanted.contains(scope) { wanted.append(scope) }
            }
            scopes = wanted
        }
        let tokens = self.tokens, now = clock.now, granted = scopes
        let issued = try await Blocking.run { try tokens.issue(clientId: client.clientId, scopes: granted, now: now) }
        context.logger.info("token issued", metadata: ["client": "\(client.clientId)", "scope": "\(granted.map(\.rawValue).joined(separator: " "))"])
        let json: JSONValue = .object([
            ("access_token", .string(issued.token)), ("token_type", .string("Bearer")), ("expires_in", .integer(issued.expiresIn)),
            ("scope", .string(granted.map(\.rawValue).joined(separator: " "))),
        ])
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter().bytes(json))))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Basic realm=\"chargeshare\"" }
        let json: JSONValue = .object([("error", .string(code)), ("error_description", .string(description))])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter().bytes(json))))
    }

    /// `Authorization: Basic base64(id:secret)`, each part form-encoded (RFC 6749 §2.3.1), or
    /// taken as it is when `decoded` is false; a part that is not form-encoding (a `%` that starts
    /// no escape) can only have been sent as it is and is taken as it is.
    static func basicCredentials(_ header: String?, decoded: Bool = true) -> (id: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let rawId = String(text[..<colon]), rawSecret = String(text[text.index(after: colon)...])
        guard decoded else { return (rawId, rawSecret) }
        return (FormBody.decode(ArraySlice(rawId.utf8)) ?? rawId, FormBody.decode(ArraySlice(rawSecret.utf8)) ?? rawSecret)
    }
}
