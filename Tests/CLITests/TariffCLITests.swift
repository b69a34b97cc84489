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
        var arguments = ["tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
                         "--out", "\(work)/\(out)", "--pricing", "Datasets/examples/pricing.json", "--now", now]
        if history { arguments += ["--history", "\(work)/history"] }
        let r = try run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return "\(work)/\(out)"
    }

    func verify(_ table: String, site: String = "F0-H0", now: String? = nil, extra: [String] = [], keyset: String? = nil) throws -> CLITests.Run {
        try run(["tariff", "verify", "--table", table, "--keyset", keyset ?? "\(work)/keys/keyset.json", "--site", site,
                 "--state", "\(work)/edge", "--now", now ?? during] + extra)
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
        let r = try run(["tariff", "publish", "--problem", example, "--result", "\(work)/result.json", "--keys", "\(work)/keys",
                         "--out", "\(work)/t", "--pricing", "\(work)/pricing.json"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: sites.F0-H9.margin: expected a decimal number or string, got a string\n")
        #expect(!FileManager.default.fileExists(atPath: "\(work)/t"))
        let keyFile = try FileManager.default.contentsOfDirectory(atPath: "\(work)/keys/private")[0]
        let mode = try FileManager.default.attributesOfItem(atPath: "\(work)/keys/private/\(keyFile)")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
