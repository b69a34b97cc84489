import Foundation

/// One caller at a time per window id, so a request and its retry never solve the same window
/// twice at once in this process (another process meets the store's own checks).
final class WindowLocks: Sendable {
    private let condition = NSCondition()
    private nonisolated(unsafe) var busy: Set<String> = []

    /// Runs `body` while no other caller runs one for `id`.
    func with<T, E: Error>(_ id: String, _ body: () throws(E) -> T) throws(E) -> T {
        condition.lock()
        while busy.contains(id) { condition.wait() }
        busy.insert(id)
        condition.unlock()
        defer {
            condition.lock()
            busy.remove(id)
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }
}
