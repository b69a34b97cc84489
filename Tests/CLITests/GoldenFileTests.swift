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
}
