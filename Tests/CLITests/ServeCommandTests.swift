import Foundation
import MQTT
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

    /// Starts `chargeshare ARGS` and waits for its "listening on" line: the process and its port.
    static func startServe(_ arguments: [String], output: String) async throws -> (ChildProcess, Int) {
        let process = try ChildProcess(CLITests.builtExecutable().path, arguments, output: output)
        for _ in 0..<300 {
            if let line = process.stdout.split(separator: "\n").first(where: { $0.contains("listening on http://127.0.0.1:") }),
                let text = line.split(separator: ":").last?.split(separator: " ").first, let port = Int(text)
            {
                return (process, port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = process.kill(SIGKILL)
        throw ChildProcess.Failure(description: "no listening line; stderr: \(process.stderr)")
    }

    /// One HTTP request to the served port: status and body.
    static func request(_ port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws
        -> (Int, String)
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func servesThenStopsOnSIGTERM() async throws {
        let dir = NSTemporaryDirectory() + "/serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let (process, bound) = try await Self.startServe(
            ["serve", "--db", dir + "/engine.sqlite", "--port", "0", "--config", try Self.config(dir)], output: dir + "/out")
        defer { _ = process.kill(SIGKILL) }
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"status":"ok"}"#)
        process.kill(SIGTERM)
        #expect(process.wait(timeout: .seconds(20)) == 0, "stderr: \(process.stderr)")
        #expect(process.stdout.contains("chargeshare serve: stopped"))
    }

    /// `serve --mqtt` at start sends every site's latest stored table to the broker, retained: a
    /// table stored while no broker was configured reaches a gateway that subscribes afterwards,
    /// byte for byte what `GET /v1/sites/{id}/tariff` serves.
    @Test func serveWithMQTTSendsTheStoredTablesAtStart() async throws {
        let dir = NSTemporaryDirectory() + "/serve-mqtt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = dir + "/engine.sqlite", keys = dir + "/keys", config = dir + "/service.json"
        let keygen = try CLITests.runProcess(["keys", "generate", "--out", keys, "--valid-from", "2026-01-01T00:00:00Z"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let registry = try CLITests.runProcess(["registry", "import", "--db", db, "--file", "Datasets/examples/registry.json"])
        #expect(registry.status == 0, "\(registry.stderr)")
        try #"{"clients": [{"clientId": "cloud", "clientSecret": "cloud-secret-0123456789", "role": "cloud"}]}"#.write(
            toFile: config, atomically: true, encoding: .utf8)

        // No broker: a dispatch stores the tables only.
        let (first, port1) = try await Self.startServe(
            ["serve", "--db", db, "--port", "0", "--config", config, "--keys", keys], output: dir + "/out1")
        defer { _ = first.kill(SIGKILL) }
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let (tokenStatus, tokenBody) = try await Self.request(
            port1, "POST", "/openadr3/auth/token", body: "grant_type=client_credentials&client_id=cloud&client_secret=cloud-secret-0123456789",
            headers: form)
        #expect(tokenStatus == 200, "\(tokenBody)")
        let token = try #require(try JSONSerialization.jsonObject(with: Data(tokenBody.utf8)) as? [String: Any])["access_token"] as? String
        let window =
            #"{"windowId": "w1", "start": "2026-06-01T10:00:00Z", "intervals": 8, "intervalMinutes": 15, "feeders": ["F0"], "prices": {"importPerKwh": 0.25, "exportPerKwh": 0.05}}"#
        let (dispatched, dispatchBody) = try await Self.request(
            port1, "POST", "/v1/dispatch", body: window,
            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(try #require(token))"])
        #expect(dispatched == 201, "\(dispatchBody)")
        let (fetched, jws) = try await Self.request(port1, "GET", "/v1/sites/F0-H0/tariff")
        #expect(fetched == 200 && jws.split(separator: ".").count == 3, "\(fetched) \(jws)")
        first.kill(SIGTERM)
        #expect(first.wait(timeout: .seconds(20)) == 0, "stderr: \(first.stderr)")

        // With a broker: the stored tables are sent at start, retained.
        let broker = try Broker.start()
        let (second, _) = try await Self.startServe(
            ["serve", "--db", db, "--port", "0", "--config", config, "--keys", keys, "--mqtt", broker.url], output: dir + "/out2")
        defer { _ = second.kill(SIGKILL) }
        for _ in 0..<200 where !second.stderr.contains("stored tariff table(s) sent") { try await Task.sleep(for: .milliseconds(50)) }
        #expect(second.stderr.contains("stored tariff table(s) sent to \(broker.url)"), "\(second.stderr)")
        #expect(!second.stderr.contains(": 0 stored tariff table(s)"), "\(second.stderr)")
        let got = try broker.messages(on: "chargeshare/F0-H0/tariff", clientId: "gateway-F0-H0")
        #expect(got.count == 1)
        #expect(got.first.map { String(decoding: $0.payload, as: UTF8.self) } == jws)
        second.kill(SIGTERM)
        #expect(second.wait(timeout: .seconds(20)) == 0, "stderr: \(second.stderr)")
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
