import ArgumentParser
import ChargeShareDomain
import Foundation

/// Small file helpers shared by the commands.
enum IO {
    /// Exit code of every command for an input file it cannot read (missing, a directory, no
    /// permission, too large): the same as for invalid input.
    static let unreadableInputExitCode: Int32 = 2

    /// Largest input file read by default (a problem, a result, a sessions or prices file).
    static let defaultInputLimitBytes = 256 << 20

    /// Bytes of `path`, or of standard input for `-`, at most `limit` of them.
    static func read(_ path: String, limit: Int = defaultInputLimitBytes) throws(FileFailure) -> [UInt8] {
        try InputFile.read(path, limit: limit)
    }

    /// `read`, or the error printed as `error: cannot read WHAT PATH: reason` and exit code
    /// `unreadableInputExitCode`.
    static func readOrExit(_ path: String, what: String, limit: Int = defaultInputLimitBytes) throws -> [UInt8] {
        do { return try read(path, limit: limit) } catch {
            printError("error: cannot read \(what) \(error)")
            throw ExitCode(unreadableInputExitCode)
        }
    }

    /// Writes `bytes` to `path`, or to standard output for `-`/nil (see `OutputFile.write`).
    static func write(_ bytes: [UInt8], to path: String?) throws(FileFailure) {
        try OutputFile.write(bytes, to: path ?? "-")
    }

    /// Runs `body`; any error but an `ExitCode` is printed as `error: …` and becomes exit code 1.
    static func failingWithExitOne<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Prints one line on standard error, with control characters escaped so that text from the
    /// input can neither start a new line nor reach the terminal as an escape sequence.
    static func printError(_ line: String) {
        printLines(Displayed.escapingControls(line))
    }

    /// Prints trusted multi-line text (built by the engine, untrusted parts already quoted) on
    /// standard error. Write errors on standard error are ignored: there is nowhere to report them.
    static func printLines(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        if Console.current.appendError(bytes) { return }
        _ = try? OutputFile.writeAll(bytes, to: STDERR_FILENO, name: "standard error")
    }

    /// Prints one line on standard output (the console's, see `Console`).
    static func print(_ line: String) {
        if Console.current.appendOutput(Array((line + "\n").utf8)) { return }
        Swift.print(line)
    }

    /// The bundled example: `Datasets/examples/evening-feeder.json`, found from
    /// `CHARGESHARE_DATASETS`, the working directory, or the executable's location upwards.
    static func exampleProblemPath() -> String? {
        let relative = "examples/evening-feeder.json"
        let fm = FileManager.default
        if let root = ProcessInfo.processInfo.environment["CHARGESHARE_DATASETS"] {
            let path = (root as NSString).appendingPathComponent(relative)
            return fm.fileExists(atPath: path) ? path : nil
        }
        var candidates = [fm.currentDirectoryPath]
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent().path)
        for start in candidates {
            var directory = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let path = directory.appendingPathComponent("Datasets").appendingPathComponent(relative).path
                if fm.fileExists(atPath: path) { return path }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}
