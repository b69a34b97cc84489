import Foundation

/// A program started with posix_spawn, for tests that signal it by PID (SIGTERM, SIGKILL) and
/// reap it with waitpid from any thread. Its standard output and error go to files.
public final class ChildProcess: @unchecked Sendable {
    /// The process id while it runs, 0 once reaped.
    public private(set) var pid: Int32
    /// How it ended: the exit status, or 128 + the signal that killed it.
    public private(set) var status: Int32?
    public let stdoutPath: String
    public let stderrPath: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `executable` with `arguments` in this process's working directory, with no signal
    /// blocked and every signal's default action (the test runner's threads may block some).
    public init(_ executable: String, _ arguments: [String], output: String) throws {
        stdoutPath = output + ".stdout"
        stderrPath = output + ".stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    deinit { _ = kill(SIGKILL) }

    /// Sends `signal` and, for SIGKILL, waits for the end.
    @discardableResult
    public func kill(_ signal: Int32) -> Int32? {
        guard pid > 0 else { return status }
        Glibc.kill(pid, signal)
        return signal == SIGKILL ? wait(timeout: .seconds(10)) : nil
    }

    /// Whether it still runs (reaping it if it has ended).
    public var isRunning: Bool { pid > 0 && reap(options: WNOHANG) == nil }

    /// Waits up to `timeout` for the end; nil if it still runs.
    @discardableResult
    public func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = reap(options: WNOHANG) { return status }
            usleep(10_000)
        }
        return reap(options: WNOHANG)
    }

    private func reap(options: Int32) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, options)
        guard r == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (macros are not imported).
        let termination = raw & 0x7f
        status = termination == 0 ? (raw >> 8) & 0xff : 128 + termination
        pid = 0
        return status
    }

    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}
