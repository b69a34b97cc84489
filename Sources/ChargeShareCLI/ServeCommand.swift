import ArgumentParser
import ChargeShareDomain
import CloudDispatch
import Dispatch
import Foundation
import Service
import Store

/// `chargeshare serve --db FILE --port N --config FILE`: the engine as an HTTP service
/// (docs/service.md), until SIGTERM or SIGINT, which stop it gracefully (requests in flight
/// finish).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service: /v1 API, OpenADR 3 VTN subset, tariffs, /healthz, /metrics (docs/service.md).",
        discussion:
            "Exit codes: 0 stopped by SIGTERM or SIGINT; 2 bad arguments or an invalid config (one line per error with its JSON path); 1 the database could not be opened or the port bound."
    )

    @Option(name: .long, help: ArgumentHelp("Engine database (SQLite, created when missing).", valueName: "file")) var db: String
    @Option(name: .long, help: ArgumentHelp("TCP port (0: any free port, printed on start).", valueName: "n")) var port: Int
    @Option(name: .long, help: ArgumentHelp("Service config JSON: clients, roles, secrets (docs/service.md).", valueName: "file"))
    var config: String
    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "host")) var host = "127.0.0.1"
    @Option(
        name: .long,
        help: ArgumentHelp("Key store that signs tariff tables after each dispatch (chargeshare keys generate); none: no tables.", valueName: "dir"))
    var keys: String?
    @Option(
        name: .long,
        help: ArgumentHelp("Broker that gets each site's table, retained, QoS 1, on chargeshare/{siteId}/tariff (needs --keys).", valueName: "url"))
    var mqtt: String?
    @Option(
        name: .customLong("demand-model"),
        help: ArgumentHelp(
            "Add the sessions a site's demand model expects (from the stored historical sessions) to its assembled windows; repeat per site.",
            valueName: "site=file"))
    var demandModels: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if mqtt != nil && keys == nil { throw ValidationError("--mqtt publishes signed tariff tables: give --keys too") }
    }

    func run() throws {
        let bytes = try IO.readOrExit(config, what: "service config")
        let serviceConfig: ServiceConfig
        do { serviceConfig = try ServiceConfig.read(bytes) } catch {
            for issue in error.issues { IO.printError("\(config): \(issue.description)") }
            throw ExitCode(2)
        }
        let store = try IO.failingWithExitOne { try SQLiteStore(path: db, schema: .engine) }
        var publisher: MQTTTariffPublisher?
        if let mqtt {
            do { publisher = try MQTTTariffPublisher(url: mqtt, clientId: "chargeshare-tariffs-\(ProcessInfo.processInfo.processIdentifier)") } catch
            {
                IO.printError("error: --mqtt \(mqtt): \(error)")
                throw ExitCode(1)
            }
        }
        let models = try DemandModelOption.load(demandModels)
        var settings = CloudDispatcher.Settings()
        if !models.isEmpty {
            // Read per window: the history grows as sessions are ingested. A store that cannot be
            // read gives no expected sessions (the window is still dispatched on its real cars).
            settings.expectedSessions = { start in
                guard let history = try? store.historicalSessions(), let registry = try? store.registry() else { return [:] }
                return DemandModelOption.expected(models, start: start, history: history.map(DemandModelOption.record), registry: registry)
            }
        }
        let service = ServiceApp(config: serviceConfig, store: store, keys: keys, tariffPublisher: publisher, dispatchSettings: settings)
        let app = service.application(host: host, port: port) { bound in
            IO.print("chargeshare serve: listening on http://\(host):\(bound) (\(serviceConfig.clients.count) client(s))")
            fflush(nil)  // every stream: the line must reach a pipe now
        }
        if publisher != nil {
            // Tables stored while the broker was away reach it now (retained), retried for up to a
            // minute while the broker starts. On a thread of its own: it blocks on the broker.
            let broker = mqtt ?? ""
            Thread.detachNewThread {
                for attempt in 1...12 {
                    do {
                        let sent = try service.republishTariffs()
                        if !sent.isEmpty || attempt == 12 {
                            IO.printError("chargeshare serve: \(sent.count) stored tariff table(s) sent to \(broker)")
                            return
                        }
                    } catch {
                        IO.printError("chargeshare serve: stored tariff tables not sent: \(error)")
                        return
                    }
                    Thread.sleep(forTimeInterval: 5)
                }
            }
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint]) } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            IO.printError("error: \(message)")
            throw ExitCode(1)
        }
        IO.print("chargeshare serve: stopped")
    }
}

/// The error of the server task, handed to the waiting thread.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ m: String) { lock.withLock { message = m } }
    func get() -> String? { lock.withLock { message } }
}
