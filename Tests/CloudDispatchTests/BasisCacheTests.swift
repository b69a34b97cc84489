@testable import CloudDispatch
import DispatchOptimizer
import Synthetic
import Testing

@Suite("The service's in-memory bases (BasisCache)")
struct BasisCacheTests {
    /// The bases of a small depot window.
    static func basis() throws -> DispatchBasis {
        let basis = try Dispatcher().dispatchRolling(DepotGenerator(sessions: 6).generate()).next.basis
        return try #require(basis)
    }

    @Test("Only the group's latest window is found; the least recently used group goes first past the limit")
    func latestAndEviction() throws {
        let basis = try Self.basis()
        let n = basis.count
        #expect(n > 0)
        let cache = BasisCache(limit: 2 * n + n / 2)
        cache.store(basis, windowId: "a-1", group: "A")
        cache.store(basis, windowId: "a-2", group: "A")
        #expect(cache.basis(windowId: "a-1", group: "A") == nil, "an older window of the group")
        #expect(cache.basis(windowId: "a-2", group: "B") == nil, "another group")
        #expect(cache.basis(windowId: "a-2", group: "A") != nil && cache.count == n)
        cache.store(basis, windowId: "b-1", group: "B")
        #expect(cache.basis(windowId: "a-2", group: "A") != nil, "A is now the most recently used")
        cache.store(basis, windowId: "c-1", group: "C")
        #expect(cache.count == 2 * n)
        #expect(cache.basis(windowId: "b-1", group: "B") == nil, "B, least recently used, went first")
        #expect(cache.basis(windowId: "a-2", group: "A") != nil && cache.basis(windowId: "c-1", group: "C") != nil)
        let tiny = BasisCache(limit: n - 1)
        tiny.store(basis, windowId: "a-1", group: "A")
        #expect(tiny.count == 0 && tiny.basis(windowId: "a-1", group: "A") == nil, "a basis over the limit is not kept")
        #expect(BasisCache.group(["G", "F"]) == BasisCache.group(["F", "G"]))
    }
}
