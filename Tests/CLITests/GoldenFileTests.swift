import Foundation
import Testing

/// Golden files: the binary's output for a fixed input, byte for byte (issue 11, item 3).
/// Re-record with `CHARGESHARE_RECORD_GOLDEN=1 swift test --filter GoldenFileTests` and review the
/// diff before committing it.
struct GoldenFileTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The only field that changes between runs is the solve time: it is written as 0.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: #""seconds":[0-9.eE+-]+"#, with: "\"seconds\":0", options: .regularExpression)
    }

    static func check(_ output: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CHARGESHARE_RECORD_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: file)
        }
        let expected = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(
            output == expected, "\(name) differs from its golden copy (re-record with CHARGESHARE_RECORD_GOLDEN=1)", sourceLocation: sourceLocation)
    }

    /// The bundled example's result JSON (README quick start).
    @Test func bundledExampleResult() throws {
        let r = try CLITests.run(["dispatch", "--example", "--quiet"])
        #expect(r.status == 0)
        try Self.check(Self.normalised(r.stdout), against: "example-result.json")
    }

    /// The bundled example's signed tariff tables, published with a fixed test-only key
    /// (`Golden/tariff-keys`, never used outside this test) at a fixed time: Ed25519 signatures
    /// are deterministic, so every table is byte-identical across builds.
    @Test func bundledExampleTariffTables() throws {
        let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("chargeshare-golden-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: work) }
        try fm.copyItem(atPath: Self.golden.appendingPathComponent("tariff-keys").path, toPath: "\(work)/keys")
        try Data(contentsOf: Self.golden.appendingPathComponent("example-result.json")).write(to: URL(fileURLWithPath: "\(work)/result.json"))
        let r = try CLITests.run([
            "tariff", "publish", "--problem", "Datasets/examples/evening-feeder.json", "--result", "\(work)/result.json",
            "--keys", "\(work)/keys", "--out", "\(work)/tables", "--pricing", "Datasets/examples/pricing.json",
            "--now", "2026-03-02T15:00:00Z",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let tables = try fm.contentsOfDirectory(atPath: "\(work)/tables").sorted()
        #expect(tables.count == 6)
        let directory = Self.golden.appendingPathComponent("tariff-tables")
        if ProcessInfo.processInfo.environment["CHARGESHARE_RECORD_GOLDEN"] == "1" {
            try? fm.removeItem(at: directory)
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for name in tables {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(work)/tables/\(name)")), as: UTF8.self)
            try Self.check(text, against: "tariff-tables/\(name)")
        }
        #expect(try fm.contentsOfDirectory(atPath: directory.path).sorted() == tables)
    }
}
