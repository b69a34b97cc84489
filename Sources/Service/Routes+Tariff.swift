import ChargeShareDomain
import Crypto
import Foundation
import Hummingbird
import Store

/// `GET /v1/sites/{id}/tariff`: the site's latest signed tariff table, the compact JWS exactly as
/// published (docs/tariff-envelope.md). No token: the signature is the protection, and an edge
/// gateway verifies it offline (`chargeshare tariff verify`). The `ETag` is the quoted hex SHA-256
/// of the JWS, so `If-None-Match` with it answers 304 without a body: a gateway on a patchy link
/// polls cheaply.
struct TariffRoutes: Sendable {
    let store: SQLiteStore

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/sites/:id/tariff") { request, context in
            let id = try context.parameters.decoded("id")
            let store = self.store
            let found = try await Blocking.run { (try store.siteExists(id), try store.latestTariff(siteId: id)) }
            // One answer for an unknown site and a site without a table: this route needs no token,
            // so it does not tell which site ids exist.
            guard found.0, let tariff = found.1 else { throw ProblemDetails.notFound("no tariff table for site \(Displayed.quoted(id))") }
            let etag = Self.etag(tariff.envelope)
            let headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache", .contentType: "application/jose"]
            if let match = request.headers[.ifNoneMatch], Self.matches(match, etag) {
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: tariff.envelope)))
        }
    }

    /// `"<hex SHA-256 of the JWS>"`, a strong validator.
    static func etag(_ envelope: String) -> String {
        "\"" + SHA256.hash(data: Array(envelope.utf8)).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// RFC 9110 §13.1.2: `*`, or one of a comma-separated list (weak comparison: `W/` ignored).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let c = candidate.trimmingCharacters(in: .whitespaces)
            return c == "*" || c == etag || c == "W/" + etag
        }
    }
}
