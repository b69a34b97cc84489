@testable import ChargeShareCLI
import Testing

/// `ingest --mqtt`'s arguments, in-process (the stream itself: Tests/IngestTests/StreamIngestTests.swift
/// and IngestCrashTests, against a real broker).
@Suite struct IngestStreamCLITests {
    @Test func argumentErrorsExitTwoWithTheReason() throws {
        let cases: [([String], String)] = [
            (["ingest", "--db", "/tmp/x.sqlite"], "give either --file or --mqtt"),
            (["ingest", "--db", "/tmp/x.sqlite", "--file", "a.jsonl", "--mqtt", "mqtt://h"], "give either --file or --mqtt"),
            (["ingest", "--db", "/tmp/x.sqlite", "--file", "a.jsonl", "--topic", "t"], "--topic and --client-id go with --mqtt"),
            (["ingest", "--db", "/tmp/x.sqlite", "--mqtt", "mqtt://h", "--rejects", "r"], "--rejects and --received go with --file"),
            (
                ["ingest", "--db", "/tmp/x.sqlite", "--mqtt", "tcp://h:1"],
                "error: --mqtt/--topic/--client-id: bad broker address tcp://h:1: the scheme tcp is not supported; use mqtt://HOST:PORT"
            ),
            (
                ["ingest", "--db", "/tmp/x.sqlite", "--mqtt", "mqtt://h", "--topic", "a/#/b"],
                "error: --mqtt/--topic/--client-id: a/#/b is not a valid MQTT topic filter"
            ),
        ]
        for (arguments, message) in cases {
            let r = try CLITests.run(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func defaultClientIdIsStableShortAndPerDatabase() {
        let a = IngestStream.defaultClientId(db: "/var/lib/chargeshare/engine.sqlite")
        #expect(a == IngestStream.defaultClientId(db: "/var/lib/chargeshare/./engine.sqlite"))
        #expect(a != IngestStream.defaultClientId(db: "/var/lib/chargeshare/other.sqlite"))
        #expect(a.hasPrefix("chargeshare-") && a.utf8.count == 20)
        #expect(a.dropFirst(12).allSatisfy { $0.isHexDigit })
    }
}
