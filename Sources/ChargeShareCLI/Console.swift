import Foundation

/// Where a command reads standard input and writes standard output and error: the process's
/// streams when `chargeshare` runs, or memory when a test runs a command in-process
/// (`ChargeShareCommand.run(_:console:)`).
///
/// The console is a task-local value, so tests running side by side each see their own. Code
/// that leaves the task (worker threads of a sweep) captures it first, as `ProgressBar` does.
public final class Console: @unchecked Sendable {
    /// The console of the running command.
    @TaskLocal public static var current = Console(standardInput: nil, arguments: Array(CommandLine.arguments.dropFirst()))

    /// Input for `-`, or `nil` to read the process's standard input.
    private let input: [UInt8]?
    private var out: [UInt8] = []
    private var err: [UInt8] = []
    private let lock = NSLock()
    /// True for an in-memory console.
    let isCaptured: Bool
    /// The command's arguments, without the program name (recorded with backtest runs).
    public let arguments: [String]

    /// A console on the process's streams (`standardInput == nil`), or an in-memory one that
    /// reads `standardInput` and keeps what the command writes.
    public init(standardInput: [UInt8]?, arguments: [String]) {
        input = standardInput
        isCaptured = standardInput != nil
        self.arguments = arguments
    }

    /// An in-memory console for `arguments` with `stdin` as standard input.
    public static func captured(_ arguments: [String], stdin: String = "") -> Console {
        Console(standardInput: Array(stdin.utf8), arguments: arguments)
    }

    /// What the command wrote on standard output (in-memory consoles).
    public var standardOutput: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    /// What the command wrote on standard error (in-memory consoles).
    public var standardError: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// Standard input's bytes for an in-memory console; `nil` means read the process's.
    var standardInput: [UInt8]? { input }

    /// Appends to standard output; `false` when the process's stream must be written instead.
    func appendOutput(_ bytes: [UInt8]) -> Bool {
        guard isCaptured else { return false }
        lock.withLock { out += bytes }
        return true
    }

    /// Appends to standard error; `false` when the process's stream must be written instead.
    func appendError(_ bytes: [UInt8]) -> Bool {
        guard isCaptured else { return false }
        lock.withLock { err += bytes }
        return true
    }
}
