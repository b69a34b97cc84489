import Foundation

/// A real mosquitto broker for tests, on 127.0.0.1 and a free port, with its own configuration and
/// persistence in a temporary folder. Started by `start()`, stopped by its PID (`stop`, `kill`).
///
/// The configuration is Datasets/examples/mosquitto.conf (the one docs/telemetry.md recommends for
/// the engine's broker) on its own port and folder: persistence on, QoS 1 messages for an absent
/// persistent session queued (practically) without a limit, up to 1,000 messages in flight per
/// subscriber, messages up to 16 MiB (the engine's own limit, 1 MiB, is what the tests meet).
public final class Broker: @unchecked Sendable {
    public let port: Int
    public let directory: String
    private var process: ChildProcess?
    private var anonymous = true

    /// The running broker's process id, or 0.
    public var pid: Int32 { process?.pid ?? 0 }

    /// `mqtt://127.0.0.1:PORT`.
    public var url: String { "mqtt://127.0.0.1:\(port)" }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case didNotStart(String)
        public var description: String {
            switch self {
            case .notInstalled: "mosquitto is not installed (scripts/install-deps.sh installs it)"
            case .didNotStart(let log): "mosquitto did not start: \(log)"
            }
        }
    }

    private init(port: Int, directory: String) {
        self.port = port
        self.directory = directory
    }

    deinit { stop() }

    /// Starts a broker on a free port.
    /// - Parameter anonymous: whether clients without credentials may connect (false: every
    ///   CONNECT is refused as not authorised).
    public static func start(anonymous: Bool = true) throws -> Broker {
        let broker = Broker(port: try freePort(), directory: Fixtures.temporaryDirectory())
        broker.anonymous = anonymous
        try broker.launch()
        return broker
    }

    /// Starts the broker again on the same port with the same persistence (after `stop` or `kill`).
    public func restart() throws { try launch() }

    /// SIGTERM by PID, then waits: the broker saves its persistence file on the way out.
    public func stop() { signal(SIGTERM) }

    /// SIGKILL by PID, then waits: what the broker had not saved is gone.
    public func kill() { signal(SIGKILL) }

    private func signal(_ number: Int32) {
        guard let process else { return }
        process.kill(number)
        process.wait(timeout: .seconds(30))
        self.process = nil
    }

    private func launch() throws {
        let binary = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let binary else { throw Failure.notInstalled }
        // Started as root, mosquitto drops to the user "mosquitto": it must be able to write here.
        chmod(directory, 0o777)
        let config = (directory as NSString).appendingPathComponent("mosquitto.conf")
        let text = """
            listener \(port) 127.0.0.1
            allow_anonymous \(anonymous)
            persistence true
            persistence_location \(directory)/
            autosave_interval 1
            max_inflight_messages 1000
            max_queued_messages 100000000
            message_size_limit 16777216
            log_dest file \(directory)/broker.log
            log_type error
            log_type warning
            log_type notice

            """
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let process = try ChildProcess(binary, ["-c", config], output: (directory as NSString).appendingPathComponent("broker"))
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline && process.isRunning {
            if Self.accepts(port) { return }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: (directory as NSString).appendingPathComponent("broker.log"), encoding: .utf8)) ?? ""
        stop()
        throw Failure.didNotStart(log)
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port the kernel has just handed out and taken back.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure.didNotStart("no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
