import DispatchOptimizer
import Synchronization

/// The optimal bases of each feeder group's latest solved window, in memory (docs/cloud-dispatch.md,
/// "Warm starts"). The store keeps plans, which survive a restart; the bases, which spare the
/// simplex method most of its pivots on the next window, live only as long as the process.
///
/// Bounded: at most `limit` row and column statuses in all; the least recently stored or used
/// group goes first. A basis larger than the limit is not kept.
final class BasisCache: Sendable {
    private struct Entry {
        let windowId: String
        let basis: DispatchBasis
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Groups, least recently stored or used first.
        var order: [String] = []
        var statuses = 0
    }

    /// Most row and column statuses kept (about 100 bytes each).
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = BasisCache.defaultLimit) {
        self.limit = limit
    }

    /// 2,000,000 statuses, about 200 MB: four windows of a 10,000-session depot, or more than a
    /// thousand 20-session feeders.
    static let defaultLimit = 2_000_000

    /// The group of `feederIds`: the ids in order.
    static func group(_ feederIds: [String]) -> String { feederIds.sorted().joined(separator: "\u{1F}") }

    /// Keeps `basis` as the latest of `group`'s windows, solved as `windowId`.
    func store(_ basis: DispatchBasis, windowId: String, group: String) {
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: group) {
                state.statuses -= old.basis.count
                state.order.removeAll { $0 == group }
            }
            guard basis.count <= limit else { return }
            while state.statuses + basis.count > limit, !state.order.isEmpty {
                let evicted = state.order.removeFirst()
                state.statuses -= state.entries.removeValue(forKey: evicted)?.basis.count ?? 0
            }
            state.entries[group] = Entry(windowId: windowId, basis: basis)
            state.order.append(group)
            state.statuses += basis.count
        }
    }

    /// The basis of `group`'s window `windowId`, when it is the one kept.
    func basis(windowId: String, group: String) -> DispatchBasis? {
        state.withLock { state in
            guard let entry = state.entries[group], entry.windowId == windowId else { return nil }
            state.order.removeAll { $0 == group }
            state.order.append(group)
            return entry.basis
        }
    }

    /// Statuses kept, all groups together.
    var count: Int { state.withLock { $0.statuses } }
}
