import ChargeShareCLI
import Foundation
import Testing

/// The commands, run in-process through `ChargeShareCommand.run` on a captured console (exit
/// codes, stdout and stderr as a user sees them); `runProcess` runs the real executable where
/// the process itself matters (its file descriptors, signals, working directory).
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built executable next to the test bundle (`swift build` builds it before `swift test`).
    static var executable: URL? {
        let fm = FileManager.default
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("chargeshare")
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/chargeshare")
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `arguments` in this process, the way `main` does.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let console = Console.captured(arguments, stdin: stdin ?? "")
        let status = ChargeShareCommand.run(arguments, console: console)
        return Run(status: status, stdout: console.standardOutput, stderr: console.standardError)
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "build the chargeshare executable first (swift build)" }
    }

    /// The built executable, or an error saying to build it.
    static func builtExecutable() throws -> URL {
        guard let url = executable else { throw MissingExecutable() }
        return url
    }

    /// Runs the built executable from the repository root.
    static func runProcess(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try builtExecutable()
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    @Test func exampleSolvesAndPrintsResultJSON() throws {
        let r = try Self.run(["dispatch", "--example"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("{\"windowId\":\"synthetic-f1-s6-n9-t96-seed4\""))
        #expect(r.stderr.contains("window synthetic-f1-s6-n9-t96-seed4: optimal, total "))
    }

    @Test func invalidInputExitsTwoWithOneLinePerError() throws {
        let problem = """
            {"windowId": "w", "start": "2026-06-01T00:00:00Z", "intervals": 2, "prices": {"importPerKwh": 0.2},
             "feeders": [{"id": "F"}], "sites": [{"id": "H", "feederId": "F"}], "chargers": [{"id": "C", "siteId": "H", "maxChargeKw": 7}],
             "sessions": [{"id": "S", "chargerId": "C", "arrival": "2026-06-01T01:00:00Z", "departure": "2026-06-01T00:00:00Z",
                           "batteryKwh": 60, "initialKwh": 70, "targetKwh": 20}]}
            """
        let r = try Self.run(["dispatch", "--problem", "-"], stdin: problem)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr == """
                sessions[0].departure: departure must be after arrival
                sessions[0].initialKwh: initialKwh 70.0 is above batteryKwh 60.0

                """)
    }

    @Test func missingFileExitsTwo() throws {
        let r = try Self.run(["dispatch", "--problem", "/nonexistent/problem.json"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: cannot read problem \"/nonexistent/problem.json\": no such file\n")
    }

    @Test func generateIsDeterministicAndSolvable() throws {
        let args = ["generate", "problem", "--feeders", "2", "--sites-per-feeder", "3", "--sessions", "4", "--intervals", "24", "--seed", "9"]
        let a = try Self.run(args)
        let b = try Self.run(args)
        #expect(a.status == 0 && a.stdout == b.stdout)
        let solved = try Self.run(["dispatch", "--problem", "-", "--quiet"], stdin: a.stdout)
        #expect(solved.status == 0)
        #expect(solved.stderr.isEmpty)
        #expect(solved.stdout.contains("\"subproblems\":2"))
    }

    @Test("generate depot writes the bench's depot problem: deterministic, charge-only and negative variants, solvable")
    func generateDepot() throws {
        let a = try Self.run(["generate", "depot", "--sessions", "6", "--seed", "3"])
        let b = try Self.run(["generate", "depot", "--sessions", "6", "--seed", "3"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout.contains("\"demandChargePerKw\": 0.5"))
        let fleet = try Self.run(["generate", "depot", "--sessions", "6", "--charge-only"])
        #expect(fleet.status == 0 && !fleet.stdout.contains("\"v2g\": true") && !fleet.stdout.contains("\"demandChargePerKw\": 0.5"))
        let negative = try Self.run(["generate", "depot", "--sessions", "12", "--negative-prices"])
        let solved = try Self.run(["dispatch", "--problem", "-", "--quiet"], stdin: negative.stdout)
        #expect(solved.status == 0 && solved.stdout.contains("\"mip\":true"), "\(solved.stderr)")
    }

    @Test("bench dispatch --next-window times the window one interval later, warm-started: one row per case, named so")
    func benchNextWindow() throws {
        let r = try Self.run(["bench", "dispatch", "--cases", "depot40,1x10", "--repeat", "1", "--next-window"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| case") }
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("| depot × 40 sessions, next window | ") && rows[1].hasPrefix("| 1 feeder × 10 sessions, next window | "))
        // Rows, columns and nonzeros of a solved window are positive numbers.
        #expect(
            rows.allSatisfy { $0.split(separator: "|").dropFirst(1).prefix(3).allSatisfy { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 > 0 } })
    }
}
