import DispatchOptimizer
import Synchronization

/// The optimal bases of the windows this process solved last, in memory (docs/cloud-dispatch.md,
/// "Warm starts"). The store keeps plans, which survive a restart; the bases, which spare the
/// simplex method most of its pivots on the next window, live only as long as the process.
///
/// Bounded: at most `limit` row and column statuses in all; the least recently stored or used
/// window goes first. A basis larger than the limit is not kept.
final class BasisCache: Sendable {
    private struct State {
        var bases: [String: DispatchBasis] = [:]
        /// Window ids, least recently stored or used first.
        var order: [String] = []
        var statuses = 0
    }

    /// Most row and column statuses kept (about 100 bytes each).
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = BasisCache.defaultLimit) {
        self.limit = limit
    }

    /// 1,000,000 statuses, about 100 MB: a window of a 10,000-session depot, or about 700
    /// windows of 20-session feeders.
    static let defaultLimit = 1_000_000

    /// Keeps `basis`, the optimal bases of window `windowId`.
    func store(_ basis: DispatchBasis, windowId: String) {
        state.withLock { state in
            if let old = state.bases.removeValue(forKey: windowId) {
                state.statuses -= old.count
                state.order.removeAll { $0 == windowId }
            }
            guard basis.count <= limit else { return }
            while state.statuses + basis.count > limit, !state.order.isEmpty {
                let evicted = state.order.removeFirst()
                state.statuses -= state.bases.removeValue(forKey: evicted)?.count ?? 0
            }
            state.bases[windowId] = basis
            state.order.append(windowId)
            state.statuses += basis.count
        }
    }

    /// The bases of window `windowId`, when they are kept.
    func basis(windowId: String) -> DispatchBasis? {
        state.withLock { state in
            guard let basis = state.bases[windowId] else { return nil }
            state.order.removeAll { $0 == windowId }
            state.order.append(windowId)
            return basis
        }
    }

    /// Statuses kept, all windows together.
    var count: Int { state.withLock { $0.statuses } }
}
