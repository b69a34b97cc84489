import Foundation

/// A real mosquitto broker for tests, on 127.0.0.1 and a free port, with its own configuration and
/// persistence in a temporary folder. Started by `start()`, stopped by its PID (`stop`, `kill`).
///
/// The configuration is the one docs/telemetry.md recommends for the engine's broker: persistence
/// on, QoS 1 messages for an absent persistent session queued without a limit, and up to 1,000
/// messages in flight per subscriber.
public final class Broker: @unchecked Sendable {
    public let port: Int
    public let directory: String
    /// The running broker's process id, or 0.
    public private(set) var pid: Int32 = 0

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
    public static func start() throws -> Broker {
        let broker = Broker(port: try freePort(), directory: Fixtures.temporaryDirectory())
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
        guard pid > 0 else { return }
        Glibc.kill(pid, number)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
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
            allow_anonymous true
            persistence true
            persistence_location \(directory)/
            autosave_interval 1
            max_inflight_messages 1000
            max_queued_messages 0
            log_dest file \(directory)/broker.log
            log_type error
            log_type warning
            log_type notice

            """
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        // posix_spawn, not Foundation's Process: the test stops the broker by its PID and reaps it
        // with waitpid, whatever thread it runs on.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(binary), strdup("-c"), strdup(config), nil]
        defer { argv.forEach { free($0) } }
        // The test runner's threads may block or ignore signals; the broker must start with none
        // blocked and the default actions, or SIGTERM would not stop it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let rc = posix_spawn(&child, binary, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure.didNotStart(String(cString: strerror(rc))) }
        pid = child
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if Self.accepts(port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                break
            }
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
