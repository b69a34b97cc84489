import Foundation
import Testing

@Suite("Ingest CLI: ACN sessions CSV, told by content; progress without a terminal")
struct ACNIngestCLITests {
    static let caltech = "Datasets/acn/caltech_2019-05-01_2019-08-31.csv"
    static let header = "arrival,departure,requested_energy (kWh),delivered_energy (kWh),station_id,session_id,estimated_departure,claimed"

    static func line(_ id: String, minute: Int = 0) -> String {
        let m = String(format: "%02d:%02d", 6 + minute / 60, minute % 60)
        return "2019-05-01 \(m):00-07:00,2019-05-01 18:00:00-07:00,12,10.5,CA-1,\(id),2019-05-01 17:00:00-07:00,True"
    }

    /// Lines of standard error, without the empty one after the last newline.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func caltechTwiceThenStats() throws {
        let db = RegistryCLITests.temporary() + "/engine.sqlite"
        let args = ["ingest", "--db", db, "--file", Self.caltech, "--received", "2026-06-01T12:00:00Z", "--json", "--no-progress"]
        let r = try CLITests.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        // 3,527 data rows by Python's csv module, every one valid.
        #expect(r.stdout == "3527 line(s): 3527 accepted, 0 duplicate(s), 0 rejected\n{\"accepted\":3527,\"duplicates\":0,\"rejected\":0}\n")
        #expect(try String(contentsOfFile: db + ".rejects.jsonl", encoding: .utf8) == "")
        let again = try CLITests.run(args)
        #expect(again.stdout == "3527 line(s): 0 accepted, 3527 duplicate(s), 0 rejected\n{\"accepted\":0,\"duplicates\":3527,\"rejected\":0}\n")
        let stats = try CLITests.run(["ingest", "stats", "--db", db, "--json"])
        #expect(
            stats.stdout == "{\"messages\":0,\"sessions\":0,\"meterSamples\":0,\"deviceReadings\":0,\"rejected\":0,\"historicalSessions\":3527}\n")
        let text = try CLITests.run(["ingest", "stats", "--db", db])
        #expect(text.stdout == "0 message(s), 0 session(s), 0 meter sample(s), 0 device reading(s), 0 rejected line(s), 3527 historical session(s)\n")
    }

    @Test func stdinWithABrokenLineShowsCountAndRateWithoutETA() throws {
        let db = RegistryCLITests.temporary() + "/engine.sqlite"
        let broken = Self.line("b").replacingOccurrences(of: "10.5", with: "-1")
        let input = [Self.header, Self.line("a"), broken, Self.line("c", minute: 5)].joined(separator: "\r\n") + "\r\n"
        let r = try CLITests.run(["ingest", "--db", db, "--file", "-", "--received", "2026-06-01T12:00:00Z", "--json"], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "3 line(s): 2 accepted, 0 duplicate(s), 1 rejected; rejects in \(db).rejects.jsonl\n{\"accepted\":2,\"duplicates\":0,\"rejected\":1}\n"
        )
        let rejects = try String(contentsOfFile: db + ".rejects.jsonl", encoding: .utf8)
        #expect(
            rejects
                == "{\"line\":3,\"reason\":\"column \\\"delivered_energy (kWh)\\\": expected a number of kWh in [0, 10000], got \\\"-1\\\"\",\"text\":\"\(broken)\"}\n"
        )
        // No terminal, and no total for standard input: count, rate and elapsed time, no percent or ETA.
        let progress = Self.lines(r.stderr)
        #expect(progress.count == 2, "\(r.stderr)")
        #expect(progress.first?.wholeMatch(of: /ingest: 3 lines, [0-9.]+ lines\/s, elapsed [0-9]+ s/) != nil, "\(r.stderr)")
        #expect(progress.last?.wholeMatch(of: /ingest done in [0-9.]+ s: 3 lines, [0-9.]+ lines\/s/) != nil, "\(r.stderr)")
    }

    @Test func aFileShowsPlainProgressLinesAtEachNewTenPercent() throws {
        let dir = RegistryCLITests.temporary()
        let file = dir + "/sessions.csv"
        let rows = (0..<12_000).map { Self.line("s\($0)", minute: $0 % 600) }
        try Data(([Self.header] + rows).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        let r = try CLITests.run(["ingest", "--db", dir + "/engine.sqlite", "--file", file, "--received", "2026-06-01T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "12000 line(s): 12000 accepted, 0 duplicate(s), 0 rejected\n")
        // Transactions of 5,000 lines: 41 %, 83 %, 100 %, then the total.
        let progress = Self.lines(r.stderr)
        #expect(progress.count == 4, "\(r.stderr)")
        for (line, head) in zip(progress, ["41% 5000", "83% 10000", "100% 12000"]) {
            let pattern = "ingest: \(head)/12000 lines, [0-9.]+ lines/s, elapsed [0-9]+ (s|min [0-9]{2} s), ETA [0-9]+ (s|min [0-9]{2} s)"
            #expect(line.wholeMatch(of: try Regex(pattern)) != nil, "\(line)")
        }
        #expect(progress[2].hasSuffix(", ETA 0 s"))
        #expect(progress[3].wholeMatch(of: /ingest done in [0-9.]+ s: 12000 lines, [0-9.]+ lines\/s/) != nil)
    }

    @Test func neitherFormatExitsTwoAndStoresNothing() throws {
        let dir = RegistryCLITests.temporary()
        let db = dir + "/engine.sqlite"
        let r = try CLITests.run(["ingest", "--db", db, "--file", "Datasets/prices/Netherlands_day-ahead-2015-2024.csv", "--no-progress"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "error: cannot ingest \"Datasets/prices/Netherlands_day-ahead-2015-2024.csv\": neither JSONL telemetry (no line starts with \"{\") nor the ACN sessions CSV (line 1 is not its header \(Self.header)): line 1 is \"Country,Datetime (UTC),Datetime (Local),Price (EUR/MWhe)\"; nothing was stored\n"
        )
        #expect(!FileManager.default.fileExists(atPath: db))
        let header = try CLITests.run(["ingest", "--db", db, "--file", "-"], stdin: "arrival,departure,session_id\n" + Self.line("a"))
        #expect(header.status == 2)
        #expect(
            header.stderr
                == "error: cannot ingest \"-\": line 1: missing column \"requested_energy (kWh)\" (found: arrival, departure, session_id); expected the ACN sessions header \(Self.header); nothing was stored\n"
        )
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func mixedContentIsReadAsTheFirstLineSays() throws {
        let dir = RegistryCLITests.temporary()
        let example = try String(contentsOfFile: "Datasets/examples/telemetry.jsonl", encoding: .utf8)
        // JSONL first: the CSV lines are rejected as JSON.
        let jsonFirst = try CLITests.run(
            ["ingest", "--db", dir + "/a.sqlite", "--file", "-", "--received", "2026-06-01T12:00:00Z", "--json", "--no-progress"],
            stdin: example + Self.header + "\n" + Self.line("a") + "\n")
        #expect(jsonFirst.stdout.hasSuffix("{\"accepted\":5,\"duplicates\":0,\"rejected\":2}\n"), "\(jsonFirst.stdout)")
        let rejected = try String(contentsOfFile: dir + "/a.sqlite.rejects.jsonl", encoding: .utf8)
        #expect(Self.lines(rejected).count == 2 && Self.lines(rejected).allSatisfy { $0.contains("invalid JSON") }, "\(rejected)")
        // The ACN header first: a JSON line is a CSV line with the wrong number of fields.
        let csvFirst = try CLITests.run(
            ["ingest", "--db", dir + "/b.sqlite", "--file", "-", "--received", "2026-06-01T12:00:00Z", "--json", "--no-progress"],
            stdin: Self.header + "\n" + Self.line("a") + "\n{\"messageId\": \"m1\", \"stationId\": \"CS\"}\n")
        #expect(csvFirst.stdout.hasSuffix("{\"accepted\":1,\"duplicates\":0,\"rejected\":1}\n"))
        #expect(
            try String(contentsOfFile: dir + "/b.sqlite.rejects.jsonl", encoding: .utf8)
                == "{\"line\":3,\"reason\":\"expected 8 fields, found 2\",\"text\":\"{\\\"messageId\\\": \\\"m1\\\", \\\"stationId\\\": \\\"CS\\\"}\"}\n"
        )
        let stats = try CLITests.run(["ingest", "stats", "--db", dir + "/b.sqlite", "--json"])
        #expect(stats.stdout == "{\"messages\":0,\"sessions\":0,\"meterSamples\":0,\"deviceReadings\":0,\"rejected\":1,\"historicalSessions\":1}\n")
    }
}
