import ChargeShareDomain
import CloudDispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Service
import Store
import StrictJSON
import TestSupport

/// A service on a real loopback socket (Hummingbird's `.live` test framework) over a fresh
/// engine database, with the clients every test uses.
struct ServiceHarness {
    static let adminSecret = "admin-secret-0123456789"
    static let cloudSecret = "cloud-secret-0123456789"
    static let coopSecret = "coop-secret-0123456789"
    static let otherSecret = "other-secret-0123456789"

    static let config = ServiceConfig(
        clients: [
            .init(clientId: "admin", clientSecret: adminSecret, role: .admin),
            .init(clientId: "cloud", clientSecret: cloudSecret, role: .cloud),
            .init(clientId: "coop", clientSecret: coopSecret, role: .utility, feeders: ["F0"]),
            .init(clientId: "other-coop", clientSecret: otherSecret, role: .utility, feeders: ["F9"]),
        ], maxBodyBytes: 64 * 1024)

    let store: SQLiteStore
    let path: String
    /// Signing keys, when the service should publish tariff tables.
    var keys: String?
    var tariffPublisher: (any TariffMessagePublisher)?

    init() throws {
        path = Fixtures.temporaryDirectory() + "/engine.sqlite"
        store = try SQLiteStore(path: path, schema: .engine)
    }

    /// Runs `body` against a live server built from `config` with `clock`.
    func run<T: Sendable>(
        config: ServiceConfig = Self.config, clock: any WallClock & Sendable = SystemWallClock(), logger: Logger? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let service = ServiceApp(config: config, store: store, clock: clock, keys: keys, tariffPublisher: tariffPublisher)
        var log = logger ?? Logger(label: "test")
        if logger == nil { log.logLevel = .critical }
        let app = Application(
            router: service.router(), server: service.server, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: log)
        return try await app.test(.live, body)
    }
}

extension TestClientProtocol {
    /// A bearer token for `client` (a test failure when refused).
    func token(_ client: String, _ secret: String, scope: String? = nil) async throws -> String {
        var form = "grant_type=client_credentials&client_id=\(client)&client_secret=\(secret)"
        if let scope { form += "&scope=\(scope.replacingOccurrences(of: " ", with: "+"))" }
        let response = try await execute(
            uri: "/openadr3/auth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form))
        guard response.status == .ok, let json = try? JSONReader.parse(Array(buffer: response.body)), let token = json["access_token"]?.stringValue
        else { throw HarnessError("token for \(client): \(response.status) \(String(buffer: response.body))") }
        return token
    }

    /// A request with a bearer token and an optional JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension TestResponse {
    var json: JSONValue? { try? JSONReader.parse(Array(buffer: body)) }
    var text: String { String(buffer: body) }
}

/// Log lines kept in memory, to check what the service logs (and that no secret is in it).
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: String { lock.withLock { lines.joined(separator: "\n") } }

    var logger: Logger {
        Logger(label: "captured") { _ in CapturedHandler(log: self) }
    }
}

struct CapturedHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        log.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
    }
}
