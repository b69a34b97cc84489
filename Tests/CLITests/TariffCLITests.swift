import Foundation
import Testing

/// `chargeshare keys` and `chargeshare tariff` through the real binary: an edge's view of exit codes.
@Suite("Tariff CLI: publish, verify with one exit code per rejection, keys on disk")
struct TariffCLITests {
    let work = NSTemporaryDirectory() + "chargeshare-tariff-cli-\(UUID().uuidString)"
    let example = "Datasets/examples/evening-feeder.json"
    let during = "2026-03-02T18:00:00Z"

    func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.run(arguments) }

    /// Dispatches the example, generates keys and publishes with history; returns the table directory.
    func publish(history: Bool = true, now: String = "2026-03-02T15:50:00Z", out: String = "tables") throws -> String {
        if !FileManager.default.fileExists(atPath: "\(work)/result.json") {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            #expect(try run(["dispatch", "--problem", example, "--out", "\(work)/result.json", "--quiet"]).status == 0)
            #expect(try run(["keys", "generate", "--out", "\(work)/keys", "--valid-from", "2026-01-01T00:00:00Z"]).status == 0)
        }
        var arguments = [
            "tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
            "--out", "\(work)/\(out)", "--pricing", "Datasets/examples/pricing.json", "--now", now,
        ]
        if history { arguments += ["--history", "\(work)/history"] }
        let r = try run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return "\(work)/\(out)"
    }

    func verify(_ table: String, site: String = "F0-H0", now: String? = nil, extra: [String] = [], keyset: String? = nil) throws -> CLITests.Run {
        try run(
            [
                "tariff", "verify", "--table", table, "--keyset", keyset ?? "\(work)/keys/keyset.json", "--site", site,
                "--state", "\(work)/edge", "--now", now ?? during,
            ] + extra)
    }

    @Test func publishThenVerifyAsAnEdge() throws {
        let tables = try publish()
        let list = try FileManager.default.contentsOfDirectory(atPath: tables).sorted()
        #expect(list == ["F0-H0.jws", "F0-H1.jws", "F0-H2.jws", "F0-H3.jws", "F0-H4.jws", "F0-H5.jws"])
        let first = try verify("\(tables)/F0-H0.jws")
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("accepted: site F0-H0 seq 1772466600000, valid 2026-03-02T16:00:00Z to 2026-03-03T16:00:00Z\nprice now: "))
        let again = try verify("\(tables)/F0-H0.jws")
        #expect(again.status == 0 && again.stdout.contains("(identical re-delivery)"))

        let next = try publish(now: "2026-03-02T15:55:00Z", out: "tables2")
        let chained = try verify("\(next)/F0-H0.jws")
        #expect(chained.status == 0 && chained.stdout.contains("seq 1772466600001") && chained.stdout.contains("chain continuous"))
        let replay = try verify("\(tables)/F0-H0.jws")
        #expect(replay.status == 18)
        #expect(replay.stderr == "rejected (stale-seq): seq 1772466600000 is not above the high-water mark 1772466600001 (a replay or rollback)\n")
        let mark = try String(contentsOfFile: "\(work)/edge/F0-H0.hwm", encoding: .utf8)
        #expect(mark.hasPrefix("{\"hash\":\"") && mark.contains("\"seq\":1772466600001"))
    }

    @Test func everyRejectionHasItsExitCode() throws {
        let tables = try publish(history: false)
        let good = try String(contentsOfFile: "\(tables)/F0-H1.jws", encoding: .utf8)
        var parts = good.split(separator: ".").map(String.init)
        var payload = Array(parts[1])
        payload[40] = payload[40] == "A" ? "B" : "A"
        parts[1] = String(payload)
        try parts.joined(separator: ".").write(toFile: "\(work)/tampered.jws", atomically: true, encoding: .utf8)
        try "eyJhbGciOiJFZDI1NTE5In0.e30".write(toFile: "\(work)/malformed.jws", atomically: true, encoding: .utf8)
        #expect(try run(["keys", "generate", "--out", "\(work)/other-keys"]).status == 0)

        let cases: [(String, [String], String?, String?, Int32, String)] = [
            ("\(work)/tampered.jws", [], nil, nil, 10, "rejected (bad-signature)"),
            ("\(tables)/F0-H1.jws", [], nil, "\(work)/other-keys/keyset.json", 11, "rejected (unknown-key)"),
            ("\(tables)/F0-H1.jws", [], nil, nil, 15, "rejected (wrong-site): table is for site F0-H1, this edge is site F0-H0"),
            ("\(tables)/F0-H0.jws", [], "2026-03-03T16:00:00Z", nil, 16, "rejected (expired)"),
            ("\(tables)/F0-H0.jws", [], "2026-03-02T15:59:59Z", nil, 17, "rejected (not-yet-valid)"),
            ("\(tables)/F0-H0.jws", ["--max-bytes", "1000"], nil, nil, 19, "rejected (oversized)"),
            ("\(work)/malformed.jws", [], nil, nil, 20, "rejected (malformed): a compact JWS has 3 dot-separated parts, found 2"),
        ]
        for (table, extra, now, keyset, status, message) in cases {
            let r = try verify(table, now: now, extra: extra, keyset: keyset)
            #expect(r.status == status, "\(table) \(extra): \(r.stderr)")
            #expect(r.stderr.hasPrefix(message), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        // Nothing was accepted, so no high-water mark was written.
        #expect(!FileManager.default.fileExists(atPath: "\(work)/edge/F0-H0.hwm"))
    }

    @Test func publishRejectsBadPricingWithPaths() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        #expect(try run(["dispatch", "--problem", example, "--out", "\(work)/result.json", "--quiet"]).status == 0)
        #expect(try run(["keys", "generate", "--out", "\(work)/keys"]).status == 0)
        try #"{"sites": {"F0-H9": {"margin": "x"}}}"#.write(toFile: "\(work)/pricing.json", atomically: true, encoding: .utf8)
        let r = try run([
            "tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
            "--out", "\(work)/t", "--pricing", "\(work)/pricing.json",
        ])
        #expect(r.status == 2)
        #expect(r.stderr == "error: sites.F0-H9.margin: expected a decimal number or string, got a string\n")
        #expect(!FileManager.default.fileExists(atPath: "\(work)/t"))
        let keyFile = try FileManager.default.contentsOfDirectory(atPath: "\(work)/keys/private")[0]
        let mode = try FileManager.default.attributesOfItem(atPath: "\(work)/keys/private/\(keyFile)")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    // MARK: issue 10

    /// 2b: `--max-bytes Int.max` used to trap on `limit + 1`.
    @Test func aHugeMaxBytesDoesNotTrap() throws {
        let tables = try publish(history: false)
        let r = try verify("\(tables)/F0-H0.jws", extra: ["--max-bytes", "9223372036854775807"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("accepted: site F0-H0"))
    }

    /// 2a: a high-water mark whose seq is 1e19 used to trap in both commands.
    @Test func aMarkOf1e19IsAStateErrorAtTheEdgeAndAClearErrorAtThePublisher() throws {
        let tables = try publish(history: false)
        let mark = "{\"hash\":\"\(String(repeating: "A", count: 43))\",\"seq\":1e19,\"site_id\":\"F0-H0\"}\n"
        try FileManager.default.createDirectory(atPath: "\(work)/edge", withIntermediateDirectories: true)
        try mark.write(toFile: "\(work)/edge/F0-H0.hwm", atomically: true, encoding: .utf8)
        let r = try verify("\(tables)/F0-H0.jws")
        #expect(r.status == 21)
        #expect(
            r.stderr
                == "rejected (state-error): \(work)/edge/F0-H0.hwm is corrupt (expected {hash, seq: an integer from 0 to 2^53-1, site_id}); refusing to guess the high-water mark\n"
        )

        try FileManager.default.createDirectory(atPath: "\(work)/history", withIntermediateDirectories: true)
        try mark.write(toFile: "\(work)/history/F0-H0.hwm", atomically: true, encoding: .utf8)
        let p = try run([
            "tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
            "--out", "\(work)/refused", "--history", "\(work)/history", "--now", "2026-03-02T15:50:00Z",
        ])
        #expect(p.status == 1)
        #expect(
            p.stderr
                == "error: history: \(work)/history/F0-H0.hwm is corrupt (expected {hash, seq: an integer from 0 to 2^53-1, site_id}); refusing to guess the high-water mark\n"
        )
        #expect(!FileManager.default.fileExists(atPath: "\(work)/refused"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(work)/history") == ["F0-H0.hwm"])
    }

    /// 6: a valid 100-character site id of dots used to fail with errno 36 after writing other tables.
    @Test func aSiteIdOfDotsPublishesWithAFileNameThatFits() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let dots = String(repeating: ".", count: 100)
        let text = try String(contentsOfFile: "\(CLITests.root.path)/\(example)", encoding: .utf8)
        try text.replacingOccurrences(of: "\"F0-H5\"", with: "\"\(dots)\"").write(toFile: "\(work)/dots.json", atomically: true, encoding: .utf8)
        #expect(try run(["dispatch", "--problem", "\(work)/dots.json", "--out", "\(work)/dots-result.json", "--quiet"]).status == 0)
        #expect(try run(["keys", "generate", "--out", "\(work)/keys", "--valid-from", "2026-01-01T00:00:00Z"]).status == 0)
        let r = try run([
            "tariff", "publish", "--problem", "\(work)/dots.json", "--result", "\(work)/dots-result.json", "--keys", "\(work)/keys",
            "--out", "\(work)/tables", "--history", "\(work)/history", "--ocpi", "--now", "2026-03-02T15:50:00Z",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(work)/tables").sorted()
        #expect(names.count == 12)
        #expect(names.allSatisfy { $0.utf8.count <= 255 && !$0.hasPrefix(".") })
        let table = try #require(names.first { $0.hasPrefix("%2E%2E") && $0.hasSuffix(".jws") })
        #expect(r.stdout.contains("-> \(table)"))
        let v = try verify("\(work)/tables/\(table)", site: dots)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.hasPrefix("accepted: site \(String(repeating: ".", count: 80))…(100 bytes) seq "))
    }

    /// 7: an id with a newline cannot forge a second line.
    @Test func aSiteIdWithANewlineStaysOnOneLine() throws {
        let tables = try publish(history: false)
        let r = try verify("\(tables)/F0-H0.jws", site: "F0-H1\nrejected (ok): forged")
        #expect(r.status == 15)
        #expect(r.stderr == "rejected (wrong-site): table is for site F0-H0, this edge is site F0-H1\\nrejected (ok): forged\n")
    }

    /// 5a: a rotation in the same second as generation used to write valid_until = valid_from.
    @Test func rotationInTheSameSecondIsRefused() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        #expect(try run(["keys", "generate", "--out", "\(work)/keys", "--valid-from", "2026-01-01T00:00:00Z"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(work)/keys/keyset.json"))
        let r = try run(["keys", "rotate", "--keys", "\(work)/keys", "--now", "2026-01-01T00:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot rotate at 2026-01-01T00:00:00Z: key "))
        #expect(
            r.stderr.hasSuffix(
                " is only valid from 2026-01-01T00:00:00Z, so retiring it then would leave it no validity; rotate after that instant (nothing was changed)\n"
            ))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(work)/keys/keyset.json")) == before)
        let later = try run(["keys", "rotate", "--keys", "\(work)/keys", "--now", "2026-01-01T00:00:01Z"])
        #expect(later.status == 0, "\(later.stderr)")
        let accept = try run([
            "keys", "accept", "--keyset", "\(work)/keys/keyset.json.v1", "--update", "\(work)/keys/keyset.jws",
            "--out", "\(work)/adopted.json", "--now", "2026-01-01T00:00:02Z",
        ])
        #expect(accept.status == 2)  // no such trusted file: unreadable input (exit 2 for every command), not a rejection
        #expect(accept.stderr.hasSuffix("keyset.json.v1\": no such file\n"), "\(accept.stderr)")
        try before.write(to: URL(fileURLWithPath: "\(work)/trusted.json"))
        let adopted = try run([
            "keys", "accept", "--keyset", "\(work)/trusted.json", "--update", "\(work)/keys/keyset.jws",
            "--out", "\(work)/adopted.json", "--now", "2026-01-01T00:00:02Z",
        ])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.hasPrefix("adopted keyset version 2 ("))
    }

    /// 6: a write failure is an I/O error (not `state-error`), writes no table and consumes no seq.
    @Test func aFailedPublishWritesNothingAndConsumesNoSeq() throws {
        _ = try publish(history: false)
        try "not a directory".write(toFile: "\(work)/occupied", atomically: true, encoding: .utf8)
        let r = try run([
            "tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
            "--out", "\(work)/occupied/tables", "--history", "\(work)/history", "--now", "2026-03-02T15:50:00Z",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot create \(work)/occupied/tables: "), "\(r.stderr)")
        #expect(!r.stderr.contains("state-error") && r.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(work)/history").filter { $0.hasSuffix(".hwm") }.isEmpty)
    }

    /// `bench tariff --sites 99999999999` used to abort allocating 48 GB.
    @Test func benchTariffBoundsItsSiteCount() throws {
        let r = try run(["bench", "tariff", "--sites", "99999999999"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: --sites must be at most 100000 and --repeat at most 100"), "\(r.stderr)")
    }
}
