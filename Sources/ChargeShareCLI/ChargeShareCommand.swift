public import ArgumentParser
import ChargeShareDomain
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// `chargeshare`: the engine's command-line front end.
public struct ChargeShareCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chargeshare",
        abstract: "Smart-charging and pricing optimisation engine for peer-to-peer EV charging.",
        subcommands: [
            DispatchCommand.self, BacktestCommand.self, TariffCommand.self, KeysCommand.self, RegistryCommand.self, TelemetryCommand.self,
            IngestCommand.self, ProblemCommand.self, ServeCommand.self, ForecastCommand.self, MaintenanceCommand.self,
            GenerateCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}

extension ChargeShareCommand {
    /// Exit code for arguments that do not parse or validate: 2, the code of invalid input in
    /// every command (ArgumentParser's own default is 64).
    public static let invalidArgumentsExitCode: Int32 = 2

    /// Runs the command from `CommandLine.arguments`, like `main()`, but a write error on
    /// standard output (a full disk, a closed pipe) ends it with exit code 1 and a message instead
    /// of a silent success, and bad arguments exit with 2. SIGPIPE is ignored so that a closed
    /// pipe is such an error.
    public static func mainCheckingOutput() -> Never {
        signal(SIGPIPE, SIG_IGN)
        let code = run(Array(CommandLine.arguments.dropFirst()), console: Console.current)
        flushStandardOutput()
        Glibc.exit(code)
    }

    /// Runs one command line in this process on `console` and returns its exit code: what tests
    /// drive (`Console.captured`), and what `main` runs on the process's streams.
    ///
    /// Exit codes: 0 done (and `--help`); 2 bad arguments (ArgumentParser's 64 is mapped) and
    /// invalid input; otherwise the command's own code.
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        Console.$current.withValue(console) {
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
                return 0
            } catch {
                // What the command printed comes before the error, as in a terminal it always did.
                if !console.isCaptured { flushStandardOutput() }
                let code = exitCode(for: error)
                if code == .validationFailure {
                    // Bad arguments are invalid input: exit 2 like every other invalid input.
                    // The message may hold the user's value (a newline, an escape sequence): escape
                    // it as a whole; the usage lines around it are ArgumentParser's own text.
                    let raw = message(for: error)
                    let full = fullMessage(for: error)
                    if !raw.isEmpty, full.contains(raw) {
                        let shown = full.replacingOccurrences(of: raw, with: Displayed.escapingControls(raw))
                        IO.printLines(shown.hasSuffix("\n") ? String(shown.dropLast()) : shown)
                    } else {
                        IO.printError("Error: \(raw)")
                    }
                    return invalidArgumentsExitCode
                }
                let text = fullMessage(for: error)
                if !text.isEmpty {
                    if code == .success { IO.print(text) } else { IO.printLines(text) }
                }
                return code.rawValue
            }
        }
    }

    private static func flushStandardOutput() {
        if fflush(stdout) != 0 || ferror(stdout) != 0 {
            IO.printError("error: cannot write standard output: \(String(cString: strerror(errno)))")
            Glibc.exit(1)
        }
    }
}
