import ChargeShareDomain
import CloudDispatch
import Foundation
import Glibc
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Store
import TariffPublishing
import TestSupport
import Testing

/// What a slow or hostile client cannot do: hold a connection with half a request, or starve
/// the quick routes with slow dispatches; and ids that need percent-encoding still work.
@Suite("Service robustness: idle timeout, solves apart from quick routes, encoded ids, the monitor role")
struct RobustnessTests {
    /// A tariff publisher whose broker takes `delay` to acknowledge each table (a seam double).
    struct SlowPublisher: TariffMessagePublisher {
        let delay: TimeInterval
        func publishRetained(topic: String, payload: [UInt8]) throws { Thread.sleep(forTimeInterval: delay) }
    }

    @Test func aHalfSentRequestIsDisconnectedAfterTheIdleTimeout() async throws {
        let h = try ServiceHarness()
        var config = ServiceHarness.config
        config.idleTimeoutSeconds = 1
        let service = ServiceApp(config: config, store: h.store)
        let app = Application(router: service.router(), server: service.server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client async throws in
            let port = try #require(client.port)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let partial = Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8)
            _ = partial.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            // Our own limit is 20 s: without the server's timeout the socket would stay open that long.
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            // The blocking recv runs on a Dispatch thread, not on one of Swift concurrency's few
            // cooperative threads: with the whole suite in parallel on two cores, blocking one there
            // (while another test's solve held the other) starved the server's own tasks for over 15 s.
            let (n, waited) = await withCheckedContinuation { (done: CheckedContinuation<(Int, Duration), Never>) in
                DispatchQueue.global().async {
                    let started = ContinuousClock.now
                    var buffer = [UInt8](repeating: 0, count: 256)
                    let n = recv(fd, &buffer, buffer.count, 0)
                    done.resume(returning: (n, ContinuousClock.now - started))
                }
            }
            // Closed by the server (0 bytes, end of stream) after about the 1 s timeout: well before our
            // 20 s even on a loaded machine (the whole suite in parallel on two cores).
            #expect(n == 0, "recv gave \(n)")
            #expect(waited < .seconds(15) && waited > .milliseconds(500), "\(waited)")
        }
    }

    @Test func slowDispatchesDoNotStarveTokenChecksOrHealth() async throws {
        var h = try OpenADRRouteTests.seeded()
        let keys = Fixtures.temporaryDirectory() + "/keys"
        try KeyStore(directory: keys).generate(
            issuer: "chargeshare", sites: ["*"], validFrom: Timestamp(rfc3339: "2026-01-01T00:00:00Z")!, validUntil: nil)
        h.keys = keys
        h.tariffPublisher = SlowPublisher(delay: 0.5)  // six sites: 3 s per dispatch
        try await h.run { client async throws in
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let admin = try await client.token("admin", ServiceHarness.adminSecret)
            let port = try #require(client.port)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Each on a connection of its own (the test client's one connection would send them one by one).
                for i in 0..<4 {
                    group.addTask { () async throws in
                        let body =
                            #"{"windowId": "slow-\#(i)", "start": "2026-06-01T10:00:00Z", "intervals": 4, "intervalMinutes": 15, "feeders": ["F0"], "prices": {"importPerKwh": 0.25, "exportPerKwh": 0.05}}"#
                        let status = try await Self.status("http://127.0.0.1:\(port)/v1/dispatch", token: cloud, post: body)
                        #expect(status == 201)
                    }
                }
                try await Task.sleep(for: .milliseconds(700))  // the solves hold the solver threads now
                for _ in 0..<3 {
                    let started = ContinuousClock.now
                    #expect(try await Self.status("http://127.0.0.1:\(port)/healthz", token: nil) == 200)
                    #expect(try await Self.status("http://127.0.0.1:\(port)/v1/registry", token: admin) == 200)
                    #expect(ContinuousClock.now - started < .milliseconds(1000), "quick routes waited behind the solves")
                }
                try await group.waitForAll()
            }
        }
    }

    /// A GET (or a POST of `body`) on a connection of its own (URLSession), for its status.
    static func status(_ url: String, token: String?, post body: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.timeoutInterval = 60
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 1
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test func idsThatNeedEncodingAreReachable() async throws {
        let h = try OpenADRRouteTests.seeded()
        try await h.run { client async throws in
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            let created = try await client.call(.post, "/v1/dispatch", token: cloud, json: DispatchRouteTests.problem("w 1/a"))
            #expect(created.status == .created, "\(created.text)")
            let location = try #require(created.headers[.location])
            #expect(location == "/v1/dispatch/w%201%2Fa")
            let read = try await client.call(.get, location, token: cloud)
            #expect(read.status == .ok && read.json?["windowId"]?.stringValue == "w 1/a", "\(read.text)")
            #expect(try await client.call(.get, "/v1/dispatch/w%zz", token: cloud).status == .badRequest)
        }
    }

    @Test func aMonitorReadsMetricsAndNothingElse() async throws {
        let h = try ServiceHarness()
        var config = ServiceHarness.config
        config.metricsRequireAuth = true
        config.clients.append(.init(clientId: "prometheus", clientSecret: "scraper-secret-0123456", role: .monitor))
        try await h.run(config: config) { client async throws in
            let monitor = try await client.token("prometheus", "scraper-secret-0123456")
            #expect(try await client.call(.get, "/metrics", token: monitor).status == .ok)
            #expect(try await client.call(.get, "/v1/registry", token: monitor).status == .forbidden)
            #expect(try await client.call(.put, "/v1/feeders/F0", token: monitor, json: #"{"importLimitKw": 1}"#).status == .forbidden)
            #expect(try await client.call(.post, "/v1/dispatch", token: monitor, json: "{}").status == .forbidden)
            let cloud = try await client.token("cloud", ServiceHarness.cloudSecret)
            #expect(try await client.call(.get, "/metrics", token: cloud).status == .forbidden)
        }
    }
}
