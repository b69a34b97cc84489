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
        subcommands: [DispatchCommand.self, BacktestCommand.self, TariffCommand.self, KeysCommand.self, GenerateCommand.self, BenchCommand.self]
    )

    public init() {}
}

extension ChargeShareCommand {
    /// Runs the command from `CommandLine.arguments`, like `main()`, but a write error on
    /// standard output (a full disk, a closed pipe) ends it with exit code 1 and a message instead
    /// of a silent success, and bad arguments exit with 2. SIGPIPE is ignored so that a closed
    /// pipe is such an error.
    /// Exit code for arguments that do not parse or validate: 2, the code of invalid input in
    /// every command (ArgumentParser's own default is 64).
    public static let invalidArgumentsExitCode: Int32 = 2

    public static func mainCheckingOutput() -> Never {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            flushStandardOutput()
            if exitCode(for: error) == .validationFailure {
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
                Glibc.exit(invalidArgumentsExitCode)
            }
            exit(withError: error)
        }
        flushStandardOutput()
        Glibc.exit(0)
    }

    private static func flushStandardOutput() {
        if fflush(stdout) != 0 || ferror(stdout) != 0 {
            IO.printError("error: cannot write standard output: \(String(cString: strerror(errno)))")
            Glibc.exit(1)
        }
    }
}
