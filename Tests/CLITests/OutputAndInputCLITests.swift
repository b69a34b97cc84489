import Foundation
import Testing

/// Issue 10: how the binary reads input and writes output, and what it says when it cannot.
struct OutputAndInputCLITests {
    static let small = """
        {"windowId": "w1", "start": "2026-06-01T00:00:00Z", "intervalMinutes": 60, "intervals": 3,
         "prices": {"importPerKwh": [0.3, 0.1, 0.2]}, "feeders": [{"id": "F"}], "sites": [{"id": "H", "feederId": "F"}],
         "chargers": [{"id": "C", "siteId": "H", "maxChargeKw": 7, "chargeEfficiency": 1}],
         "sessions": [{"id": "S", "chargerId": "C", "arrival": "2026-06-01T00:00:00Z", "departure": "2026-06-01T03:00:00Z",
                       "batteryKwh": 60, "initialKwh": 10, "targetKwh": 20}]}
        """

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cs-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func problemFile(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("p.json").path
        try Data(small.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Each command exits 2 and says `message` on standard error.
    static func expectExitTwo(_ cases: [([String], String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (args, message) in cases {
            let r = try CLITests.run(args)
            #expect(r.status == 2, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// `--out a/b/c/result.json` creates a/b/c (the README's quick start writes to out/).
    @Test func outCreatesMissingParents() throws {
        let dir = try Self.scratch()
        let out = dir.appendingPathComponent("a/b/c/result.json").path
        let r = try CLITests.run(["dispatch", "--problem", try Self.problemFile(in: dir), "--out", out, "--quiet"])
        #expect(r.status == 0)
        let result = try #require(FileManager.default.contents(atPath: out))
        #expect(String(decoding: result, as: UTF8.self).hasPrefix("{\"windowId\":\"w1\""))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("a/b/c").path)
        #expect(leftovers == ["result.json"], "no temporary file is left beside the result")
    }

    /// A symbolic link is followed: the target gets the bytes, the link stays a link.
    @Test func outFollowsSymlinks() throws {
        let dir = try Self.scratch()
        let target = dir.appendingPathComponent("real.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let link = dir.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        let r = try CLITests.run(["dispatch", "--problem", try Self.problemFile(in: dir), "--out", link, "--quiet"])
        #expect(r.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(String(decoding: try #require(FileManager.default.contents(atPath: target)), as: UTF8.self).hasPrefix("{\"windowId\""))
    }

    /// A device node is written, never replaced by a regular file (as root, `--out /dev/null`
    /// used to replace /dev/null). The test makes its own null device (c 1 3) in a scratch
    /// directory, so a regression cannot break the machine's.
    @Test(.enabled(if: getuid() == 0, "mknod needs root; CI runs as root")) func outWritesDeviceNodesDirectly() throws {
        let dir = try Self.scratch()
        let device = dir.appendingPathComponent("null").path
        try #require(mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0, "mknod needs root (CI runs as root)")
        let r = try CLITests.run(["dispatch", "--problem", "-", "--out", device, "--quiet"], stdin: Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        var info = stat()
        #expect(lstat(device, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["null"])
    }

    /// `--out /dev/stdout` writes this process's standard output as it is: into a pipe, and
    /// appended to a log opened with `>>`, never replacing the file behind it.
    @Test func outDevStdoutWritesTheDescriptor() throws {
        let piped = try CLITests.runProcess(["dispatch", "--problem", "-", "--out", "/dev/stdout", "--quiet"], stdin: Self.small)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("{\"windowId\":\"w1\""))
        let dir = try Self.scratch()
        let log = dir.appendingPathComponent("log.txt").path
        try Data("previous line\n".utf8).write(to: URL(fileURLWithPath: log))
        let binary = try CLITests.builtExecutable().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" generate problem --sessions 2 --out /dev/stdout >> \"$1\"", binary, log]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: try #require(FileManager.default.contents(atPath: log)), as: UTF8.self)
        #expect(text.hasPrefix("previous line\n{"))
    }

    /// A value given to an option cannot forge a line through ArgumentParser's error message.
    /// In-process runs keep to their console: `/dev/stdin` reads its input and `/dev/stdout` writes
    /// its output, never the test runner's own descriptors.
    @Test func inProcessDevStdinAndStdoutAreTheConsole() throws {
        let r = try CLITests.run(["dispatch", "--problem", "/dev/stdin", "--out", "/dev/stdout", "--quiet"], stdin: Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\"windowId\":\"w1\""))
    }

    @Test func argumentErrorsAreEscaped() throws {
        let r = try CLITests.run(["dispatch", "--example", "--method", "x\nerror: forged line\u{1b}[31m"])
        #expect(r.status == 2)
        #expect(!r.stderr.split(separator: "\n").contains { $0.hasPrefix("error: forged") }, "\(r.stderr)")
        #expect(r.stderr.contains("x\\nerror: forged line\\u001b[31m"), "\(r.stderr)")
    }

    /// Writing to a full standard output is an error (exit 1), not a crash or a success.
    @Test func fullStandardOutputIsAnError() throws {
        let binary = try CLITests.builtExecutable().path
        for args in [["dispatch", "--problem", "-", "--out", "-", "--quiet"], ["generate", "problem", "--sessions", "2"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = args
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            let err = Pipe(), input = Pipe()
            process.standardError = err
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(Self.small.utf8))
            try input.fileHandleForWriting.close()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 1, "\(args[0]): \(stderr)")
            #expect(stderr.contains("standard output: No space left on device"), "\(args[0]): \(stderr)")
        }
    }

    /// A directory or a missing file as input says so plainly, with exit code 2.
    @Test func unreadableProblemSaysWhy() throws {
        let dir = try Self.scratch()
        let asDirectory = try CLITests.run(["dispatch", "--problem", dir.path])
        #expect(asDirectory.status == 2)
        #expect(asDirectory.stderr == "error: cannot read problem \"\(dir.path)\": is a directory, not a file\n")
        let out = try CLITests.run(["dispatch", "--problem", "-", "--out", dir.path], stdin: Self.small)
        #expect(out.status == 1)
        #expect(out.stderr.contains("cannot write result: \"\(dir.path)\": is a directory"))
    }

    /// Every command gives the same exit code (2) and a plain reason for an input it cannot read.
    @Test func unreadableInputIsExitTwoEverywhere() throws {
        let dir = try Self.scratch().path
        let missing = dir + "/missing.json"
        let commands: [([String], String)] = [
            (["dispatch", "--problem", missing], "\"\(missing)\": no such file"),
            (["tariff", "publish", "--problem", dir, "--result", dir, "--keys", dir, "--out", dir + "/t"], "is a directory, not a file"),
            (["tariff", "verify", "--table", dir, "--keyset", dir, "--site", "S", "--state", dir + "/s"], "is a directory, not a file"),
            (["tariff", "verify", "--table", missing, "--keyset", missing, "--site", "S", "--state", dir + "/s"], "no such file"),
            (["keys", "accept", "--keyset", missing, "--update", missing, "--out", dir + "/k.json"], "no such file"),
            (["backtest", "--sessions", dir, "--feeder-limit-kw", "20", "--policy", "edf"], "it is a directory, not a file"),
            (["backtest", "--sessions", missing, "--feeder-limit-kw", "20", "--policy", "edf"], "no such file"),
        ]
        try Self.expectExitTwo(commands)
    }

    /// An id with a newline and an escape sequence stays on one line, escaped; a 20 MB unknown
    /// key is cut.
    @Test func untrustedTextIsEscapedAndCut() throws {
        let forged = Self.small.replacingOccurrences(of: "\"feederId\": \"F\"", with: "\"feederId\": \"X\\nsessions[9].id: forged\\u001b[2J\"")
        let r = try CLITests.run(["dispatch", "--problem", "-"], stdin: forged)
        #expect(r.status == 2)
        #expect(r.stderr == "sites[0].feederId: unknown feeder \"X\\nsessions[9].id: forged\\u001b[2J\"\n")
        let huge = Self.small.replacingOccurrences(
            of: "\"windowId\": \"w1\",", with: "\"windowId\": \"w1\", \"\(String(repeating: "k", count: 20_000_000))\": 1,")
        let cut = try CLITests.run(["dispatch", "--problem", "-"], stdin: huge)
        #expect(cut.status == 2)
        #expect(cut.stderr == "$[\"\(String(repeating: "k", count: 64))…\" (20000000 characters)]: unknown field\n")
    }

    /// Counts that would allocate without bound or never finish are refused up front.
    @Test func absurdCountsAreRefused() throws {
        let cases: [([String], String)] = [
            (["bench", "dispatch", "--cases=-1x10"], "case -1x10: feeders must be from 1 to 10000, got -1"),
            (["bench", "dispatch", "--cases", "1x"], "bad case \"1x\": use FEEDERSxSESSIONS"),
            (["bench", "dispatch", "--cases", "depotx"], "bad case \"depotx\": use depotSESSIONS, e.g. depot1000"),
            (["bench", "dispatch", "--cases", "fleet200000"], "case fleet200000: depot sessions must be from 2 to 100000, got 200000"),
            (["bench", "dispatch", "--time-limit", "0"], "--time-limit must be above 0 and at most 86400 seconds, got 0.0"),
            (["generate", "depot", "--sessions", "1"], "depot sessions must be from 2 to 100000, got 1"),
            (["generate", "depot", "--bidirectional-share", "1.5"], "bidirectional share must be from 0 to 1, got 1.5"),
            (["bench", "dispatch", "--repeat", "0"], "--repeat must be from 1 to 1000, got 0"),
            (["generate", "problem", "--feeders", "10000", "--sites-per-feeder", "10000"], "100000000 sites in all"),
            (["generate", "problem", "--sessions", "9223372036854775807"], "sessions per feeder must be from 0 to 100000"),
            (["generate", "problem", "--sessions", "5000", "--sites-per-feeder", "1"], "5000 sessions per charger"),
            (["dispatch", "--example", "--time-limit", "nan"], "--time-limit must be a number of seconds"),
        ]
        try Self.expectExitTwo(cases)
    }

    /// A negative import price without an export price says the export price defaulted to 0.
    @Test func negativePriceExplainsTheExportDefault() throws {
        let problem = Self.small.replacingOccurrences(of: "[0.3, 0.1, 0.2]", with: "[0.3, -0.1, 0.2]")
        let r = try CLITests.run(["dispatch", "--problem", "-"], stdin: problem)
        #expect(r.status == 2)
        #expect(
            r.stderr == """
                prices.exportPerKwh: export price 0.0 (the default when exportPerKwh is absent) is above the import price -0.1 in interval 1; \
                a negative import price needs an exportPerKwh at or below it

                """)
    }

    /// A window GLPK cannot finish within --time-limit fails with exit 1 and says so.
    @Test func timeLimitEndsASlowSolve() throws {
        let problem = try CLITests.run([
            "generate", "problem", "--sessions", "400", "--sites-per-feeder", "200", "--intervals", "288", "--interval-minutes", "5",
        ])
        #expect(problem.status == 0)
        let r = try CLITests.run(["dispatch", "--problem", "-", "--time-limit", "0.05", "--quiet"], stdin: problem.stdout)
        #expect(r.status == 1)
        #expect(r.stderr == "error: feeder \"F0\": not solved within the time limit of 0.05 s (raise it with --time-limit)\n")
    }
}
