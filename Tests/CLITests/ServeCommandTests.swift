import Foundation
import Testing
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `chargeshare serve` as a process: listens, answers, and stops gracefully on SIGTERM.
@Suite("chargeshare serve: a real process on loopback")
struct ServeCommandTests {
    static func config(_ dir: String) throws -> String {
        let path = dir + "/service.json"
        try #"{"clients": [{"clientId": "ops", "clientSecret": "ops-secret-0123456789", "role": "admin"}]}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func servesThenStopsOnSIGTERM() async throws {
        let dir = NSTemporaryDirectory() + "/serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let process = try ChildProcess(
            CLITests.builtExecutable().path, ["serve", "--db", dir + "/engine.sqlite", "--port", "0", "--config", try Self.config(dir)],
            output: dir + "/out")
        defer { _ = process.kill(SIGKILL) }
        var port: Int?
        for _ in 0..<300 where port == nil {
            if let line = process.stdout.split(separator: "\n").first(where: { $0.contains("listening on http://127.0.0.1:") }),
                let text = line.split(separator: ":").last?.split(separator: " ").first
            {
                port = Int(text)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let bound = try #require(port, "no listening line; stderr: \(process.stderr)")
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"status":"ok"}"#)
        process.kill(SIGTERM)
        #expect(process.wait(timeout: .seconds(20)) == 0, "stderr: \(process.stderr)")
        #expect(process.stdout.contains("chargeshare serve: stopped"))
    }

    @Test func anInvalidConfigExitsWith2NamingThePath() throws {
        let dir = NSTemporaryDirectory() + "/serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"clients": [{"clientId": "ops", "clientSecret": "short", "role": "admin"}]}"#.write(
            toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let run = try CLITests.runProcess(["serve", "--db", dir + "/e.sqlite", "--port", "0", "--config", dir + "/bad.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("clients[0].clientSecret: must be at least 16 characters"))
        #expect(!run.stderr.contains("\"short\""))
    }
}
