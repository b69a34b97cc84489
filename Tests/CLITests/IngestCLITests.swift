import Foundation
import Testing

@Suite("Ingest CLI: batch file, rejects file, stats, exit codes")
struct IngestCLITests {
    @Test func exampleFileWithAGarbageLineThenStats() throws {
        let dir = RegistryCLITests.temporary()
        let db = dir + "/engine.sqlite"
        let example = try String(contentsOfFile: "Datasets/examples/telemetry.jsonl", encoding: .utf8)
        let input = example + "{\"messageId\": \"x\"}\n"
        let args = ["ingest", "--db", db, "--file", "-", "--received", "2026-06-01T12:00:00Z", "--json", "--no-progress"]
        let r = try CLITests.run(args, stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "6 line(s): 5 accepted, 0 duplicate(s), 1 rejected; rejects in \(db).rejects.jsonl\n{\"accepted\":5,\"duplicates\":0,\"rejected\":1}\n"
        )
        let rejects = try String(contentsOfFile: db + ".rejects.jsonl", encoding: .utf8)
        #expect(rejects == "{\"line\":6,\"reason\":\"stationId: is required\",\"text\":\"{\\\"messageId\\\": \\\"x\\\"}\"}\n")
        let again = try CLITests.run(args, stdin: input)
        #expect(again.stdout.hasSuffix("{\"accepted\":0,\"duplicates\":5,\"rejected\":1}\n"))
        let stats = try CLITests.run(["ingest", "stats", "--db", db, "--json"])
        #expect(stats.stdout == "{\"messages\":5,\"sessions\":1,\"meterSamples\":5,\"deviceReadings\":1,\"rejected\":1,\"historicalSessions\":0}\n")
    }

    @Test func unusableInputsAndDatabases() throws {
        let dir = RegistryCLITests.temporary()
        let missing = try CLITests.run(["ingest", "--db", dir + "/e.sqlite", "--file", dir + "/none.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: cannot read telemetry \"\(dir)/none.jsonl\": no such file\n")
        let noDatabase = try CLITests.run(["ingest", "stats", "--db", dir + "/nothing.sqlite"])
        #expect(noDatabase.status == 2)
        // A file that is not a database: exit 1, the file left as it was.
        let text = dir + "/notes.sqlite"
        try Data(String(repeating: "notes, not a database ", count: 10).utf8).write(to: URL(fileURLWithPath: text))
        let wrong = try CLITests.run(["ingest", "--db", text, "--file", "Datasets/examples/telemetry.jsonl", "--no-progress"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("error: cannot open the database \"\(text)\": file is not a database"), "\(wrong.stderr)")
        #expect(try String(contentsOfFile: text, encoding: .utf8).hasPrefix("notes, not a database"))
    }

    @Test func streamedStdinWithCRLFBlankLinesAnOverlongLineAndNoFinalNewline() throws {
        let dir = RegistryCLITests.temporary()
        let db = dir + "/engine.sqlite"
        let example = try String(contentsOfFile: "Datasets/examples/telemetry.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(example.count == 5)
        let long = "{\"messageId\": \"" + String(repeating: "é", count: 600_000) + "\"}"
        let input = example.joined(separator: "\r\n") + "\r\n \r\n" + long + "\r\n{\"messageId\": \"x\"}"
        let args = ["ingest", "--db", db, "--file", "-", "--received", "2026-06-01T12:00:00Z", "--json", "--no-progress"]
        let r = try CLITests.run(args, stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("7 line(s): 5 accepted, 0 duplicate(s), 2 rejected"), "\(r.stdout)")
        let rejects = try String(contentsOfFile: db + ".rejects.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == 2)
        #expect(rejects.first?.hasPrefix("{\"line\":7,\"reason\":\"$: message is \(long.utf8.count) bytes, more than 1048576\",\"text\":\"{") == true)
        #expect((rejects.first?.count ?? 0) < 1000)
        #expect(rejects.last == "{\"line\":8,\"reason\":\"stationId: is required\",\"text\":\"{\\\"messageId\\\": \\\"x\\\"}\"}")
    }
}
