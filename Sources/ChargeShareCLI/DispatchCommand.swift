public import ArgumentParser
import ChargeShareDomain
import DispatchOptimizer
import Foundation
import LinearProgramming

/// `chargeshare dispatch`: solve one dispatch window and write the result JSON.
public struct DispatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Solve one dispatch window (docs/dispatch-contract.md) and write the result JSON.",
        discussion: """
            Exit codes: 0 solved; 2 invalid input (one line per error on stderr, each with its JSON path); \
            1 solver or I/O failure.
            """
    )

    @Option(name: .long, help: ArgumentHelp("DispatchProblem JSON file, or - for standard input.", valueName: "file"))
    var problem: String?

    @Flag(name: .long, help: "Solve the bundled example in Datasets/examples/evening-feeder.json.")
    var example = false

    @Option(name: .long, help: ArgumentHelp("Write the result here instead of standard output (parent directories are created).", valueName: "file"))
    var out: String?

    @Option(name: .customLong("export-mps"), help: ArgumentHelp("Write each subproblem's LP as free MPS into this directory.", valueName: "dir"))
    var exportMPS: String?

    @Option(name: .long, help: "LP method: primal-simplex, dual-simplex or interior-point.")
    var method: MethodArgument = .primalSimplex

    @Flag(name: .customLong("single-lp"), help: "Solve all feeders in one LP instead of one LP per feeder.")
    var singleLP = false

    @Option(name: .customLong("time-limit"), help: ArgumentHelp("Give up on a feeder's LP after this many seconds (exit 1).", valueName: "seconds"))
    var timeLimit: Double = DispatchOptions.defaultTimeLimitSeconds

    @Flag(name: .long, help: "Indent the result JSON.")
    var pretty = false

    @Flag(name: .long, help: "Do not print the summary on standard error.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if example == (problem != nil) { throw ValidationError("give exactly one of --problem FILE and --example") }
        guard timeLimit.isFinite, timeLimit > 0, timeLimit <= 86_400 else {
            throw ValidationError("--time-limit must be a number of seconds from 0 to 86400, got \(timeLimit)")
        }
    }

    public func run() throws {
        let path: String
        if example {
            guard let found = IO.exampleProblemPath() else {
                IO.printError("error: the bundled example Datasets/examples/evening-feeder.json was not found (set CHARGESHARE_DATASETS)")
                throw ExitCode(1)
            }
            path = found
        } else {
            path = problem ?? "-"
        }
        let bytes = try IO.readOrExit(path, what: "problem")
        if let exportMPS {
            do { try FileManager.default.createDirectory(atPath: exportMPS, withIntermediateDirectories: true) } catch {
                IO.printError("error: cannot create --export-mps directory \(Displayed.quoted(exportMPS, limit: 200))")
                throw ExitCode(1)
            }
        }
        let options = DispatchOptions(
            solver: SolverOptions(method: method.method), decompose: !singleLP, mpsDirectory: exportMPS,
            timeLimitSeconds: timeLimit
        )
        let result: DispatchResult
        do {
            result = try Dispatcher(options: options).dispatch(json: bytes)
        } catch {
            if case .invalidProblem(let invalid) = error {
                for issue in invalid.issues { IO.printError(issue.description) }
                throw ExitCode(2)
            }
            if case .problemTooLarge = error {
                IO.printError("$: \(error)")
                throw ExitCode(2)
            }
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        do {
            try IO.write(JSONWriter(indent: pretty ? 1 : nil).bytes(result.json) + (pretty ? [] : [0x0A]), to: out)
        } catch {
            IO.printError("error: cannot write result: \(error)")
            throw ExitCode(1)
        }
        if !quiet { IO.printLines(Summary.text(result)) }
    }
}

/// LP methods as command-line values.
enum MethodArgument: String, ExpressibleByArgument, CaseIterable {
    case dualSimplex = "dual-simplex"
    case primalSimplex = "primal-simplex"
    case interiorPoint = "interior-point"

    var method: SolverMethod {
        switch self {
        case .dualSimplex: return .dualSimplex
        case .primalSimplex: return .primalSimplex
        case .interiorPoint: return .interiorPoint
        }
    }
}
