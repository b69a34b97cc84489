import NIOPosix

/// Runs blocking work (SQLite, GLPK) on NIO's thread pool instead of the task that serves the
/// request, so a slow solve does not hold up the cooperative threads other requests need.
enum Blocking {
    static func run<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
