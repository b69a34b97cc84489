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

    @Test("A window's bases are found by its id; the least recently used window goes first past the limit")
    func lookupAndEviction() throws {
        let basis = try Self.basis()
        let n = basis.count
        #expect(n > 0)
        let cache = BasisCache(limit: 2 * n + n / 2)
        cache.store(basis, windowId: "a")
        cache.store(basis, windowId: "a")
        #expect(cache.count == n, "stored again, counted once")
        #expect(cache.basis(windowId: "b") == nil)
        cache.store(basis, windowId: "b")
        #expect(cache.basis(windowId: "a") != nil, "a is now the most recently used")
        cache.store(basis, windowId: "c")
        #expect(cache.count == 2 * n)
        #expect(cache.basis(windowId: "b") == nil, "b, least recently used, went first")
        #expect(cache.basis(windowId: "a") != nil && cache.basis(windowId: "c") != nil)
        let tiny = BasisCache(limit: n - 1)
        tiny.store(basis, windowId: "a")
        #expect(tiny.count == 0 && tiny.basis(windowId: "a") == nil, "a basis over the limit is not kept")
    }
}
