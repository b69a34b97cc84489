public import ChargeShareDomain
public import CloudDispatch
public import Hummingbird
public import HummingbirdCore
import NIOCore
public import Logging
public import Store

/// The engine as an HTTP service (docs/service.md): builds the router and the application.
/// Everything it keeps lives in the store, so several instances can share one database.
public struct ServiceApp: Sendable {
    public let config: ServiceConfig
    public let store: SQLiteStore
    public let clock: any WallClock & Sendable
    /// Solves and keeps dispatch windows, and signs and publishes tariff tables.
    public let dispatcher: CloudDispatcher

    /// - Parameters:
    ///   - keys: the key store directory that signs tariff tables (`chargeshare keys generate`);
    ///     `nil`: windows are dispatched, no tables are published.
    ///   - tariffPublisher: where tables go to edge gateways (retained MQTT); `nil`: stored only.
    ///   - dispatchSettings: how windows are solved and assembled (e.g. sites' expected sessions).
    public init(
        config: ServiceConfig, store: SQLiteStore, clock: any WallClock & Sendable = SystemWallClock(), keys: String? = nil,
        tariffPublisher: (any TariffMessagePublisher)? = nil, dispatchSettings: CloudDispatcher.Settings = CloudDispatcher.Settings()
    ) {
        self.config = config
        self.store = store
        self.clock = clock
        dispatcher = CloudDispatcher(store: store, clock: clock, keys: keys, publisher: tariffPublisher, settings: dispatchSettings)
    }

    /// Sends every registered site's latest stored table to the broker again (retained), so a
    /// table stored while the broker was away reaches it; `serve --mqtt` calls this at start.
    /// - Returns: the sites whose table was sent.
    public func republishTariffs() throws -> [String] {
        guard let tariffs = dispatcher.tariffs else { return [] }
        let sites = try store.registry().sites.map(\.id)
        return tariffs.republishLatest(siteIds: sites).filter(\.published).map(\.siteId)
    }

    /// HTTP/1.1 with the config's idle timeout: a client that stops sending is disconnected.
    public var server: HTTPServerBuilder { .http1(configuration: .init(idleTimeout: .seconds(Int64(config.idleTimeoutSeconds)))) }

    /// The routes, behind the error, metrics and logging middleware.
    public func router() -> Router<BasicRequestContext> {
        _ = ServiceMetrics.registry  // the metrics backend, before the middleware makes its metrics
        let clients = ClientDirectory(config)
        let tokens = TokenIssuer(store: store, lifetimeSeconds: config.tokenLifetimeSeconds, secretTag: clients.secretTag)
        let auth = Authenticator(clients: clients, tokens: tokens, clock: clock)
        let router = Router()
        router.add(middleware: RequestLogMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        let routes = RouteTable()
        router.add(middleware: ProblemMiddleware(routes: routes))
        let token = TokenRoute(clients: clients, tokens: tokens, clock: clock, maxBodyBytes: config.maxBodyBytes)
        router.post("/openadr3/auth/token") { request, context in try await token.handle(request, context: context) }
        HealthRoutes(store: store, auth: auth, metricsRequireAuth: config.metricsRequireAuth).add(to: router)
        RegistryRoutes(store: store, auth: auth, clock: clock, maxBodyBytes: config.maxBodyBytes).add(to: router)
        TariffRoutes(store: store).add(to: router)
        DispatchRoutes(dispatcher: dispatcher, auth: auth, maxBodyBytes: config.maxBodyBytes).add(to: router)
        OpenADRRoutes(store: store, auth: auth, clock: clock, maxBodyBytes: config.maxBodyBytes).add(to: router)
        LimitRoutes(store: store, auth: auth).add(to: router)
        routes.load(router)
        return router
    }

    /// The application on `host`:`port` (port 0: any free port; `onServerRunning` tells which).
    public func application(
        host: String = "127.0.0.1", port: Int, logger: Logger = Logger(label: "chargeshare.service"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(), server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "chargeshare"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}

/// `/healthz` (the store answers) and `/metrics` (Prometheus text; an admin token when the
/// config says so).
struct HealthRoutes: Sendable {
    let store: SQLiteStore
    let auth: Authenticator
    let metricsRequireAuth: Bool

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            let store = self.store
            do {
                try await Blocking.run { try store.ping() }
            } catch {
                throw ProblemDetails(.serviceUnavailable, "the store does not answer")
            }
            return HTTPBody.response(.object([("status", .string("ok"))]))
        }
        router.get("/metrics") { request, _ in
            if metricsRequireAuth { _ = try await auth.caller(request, needs: .metrics) }
            let store = self.store
            if let totals = try? await Blocking.run({ try store.telemetryTotals() }) {
                ServiceMetrics.setTelemetryTotals(messages: totals.messages, meterSamples: totals.meterSamples, rejected: totals.rejected)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: ServiceMetrics.text())))
        }
    }
}
