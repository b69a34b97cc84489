import NIOPosix
import Foundation

/// Blocking work, off the tasks that serve requests, on two pools so that one cannot starve the
/// other: `run` for short store calls (token checks, `/healthz`, reads and writes), `solve` for
/// dispatch solves and the tariff publication that follows them (GLPK, a broker's PUBACK). Solves
/// waiting for a thread are capped: above `maximumQueuedSolves` the caller gets 503 at once.
enum Blocking {
    /// Short store calls: two threads, whatever the solves do.
    static let store: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Solves: one thread per core.
    static let solver: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount))
        pool.start()
        return pool
    }()

    /// Solves accepted but not finished, beyond which a new one is refused (503, `Retry-After`).
    static let maximumQueuedSolves = 256
    private static let queued = Counter()

    static func run<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        try await store.runIfActive(work)
    }

    static func solve<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        guard queued.increment(below: maximumQueuedSolves) else {
            throw ProblemDetails(
                .serviceUnavailable, "\(maximumQueuedSolves) dispatches are already waiting; retry shortly", headers: [.retryAfter: "1"])
        }
        defer { queued.decrement() }
        return try await solver.runIfActive(work)
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment(below limit: Int) -> Bool {
            lock.withLock {
                guard value < limit else { return false }
                value += 1
                return true
            }
        }
        func decrement() { lock.withLock { value -= 1 } }
    }
}
