import ChargeShareDomain
import LinearProgramming

/// The optimal simplex bases of a dispatch window, by what each row and column stands for, so
/// the next window of the same feeders can start from them (docs/dispatch-model.md, "Warm
/// starts"). Keys name sessions, sites and feeders by id and intervals by their start time, so
/// they hold across windows that begin at different times or hold other sessions.
public struct DispatchBasis: Sendable {
    /// A row or column by the id of its owner and the start of its interval.
    struct Key: Hashable, Sendable {
        let kind: ModelKey.Kind
        let owner: String
        /// Start of the interval, ms since the epoch; `Int64.min` for the whole window.
        let ms: Int64
    }

    /// Length of the window's intervals, ms: a basis only carries to windows on the same grid.
    let intervalMs: Int64
    let statuses: [Key: BasisStatus]

    init(intervalMs: Int64, statuses: [Key: BasisStatus]) {
        self.intervalMs = intervalMs
        self.statuses = statuses
    }

    /// Rows and columns with a status.
    public var count: Int { statuses.count }

    /// The key of `key` in the window of `problem`.
    static func key(_ key: ModelKey, _ problem: DispatchProblem) -> Key {
        let owner =
            switch key.kind.owner {
            case .session: problem.sessions[Int(key.owner)].id
            case .site: problem.sites[Int(key.owner)].id
            case .feeder: problem.feeders[Int(key.owner)].id
            }
        let ms = key.interval < 0 ? Int64.min : problem.start.millisecondsSinceEpoch + Int64(key.interval) * problem.intervalMilliseconds
        return Key(kind: key.kind, owner: owner, ms: ms)
    }

    /// The statuses of `model`'s rows and columns in `basis` (an optimal basis of `model.lp`).
    static func statuses(of model: FeederModel, _ basis: LPBasis, problem: DispatchProblem) -> [Key: BasisStatus] {
        var statuses: [Key: BasisStatus] = [:]
        statuses.reserveCapacity(model.rowKeys.count + model.columnKeys.count)
        for (r, key) in model.rowKeys.enumerated() where r < basis.rows.count { statuses[Self.key(key, problem)] = basis.rows[r] }
        for (c, key) in model.columnKeys.enumerated() where c < basis.columns.count {
            statuses[Self.key(key, problem)] = basis.columns[c]
        }
        return statuses
    }
}

extension FeederModel {
    /// Sets `lp.startingBasis` from a previous window's `basis`: every row and column the previous
    /// window had keeps its status there, and the new ones start as the hints say (a hinted basic
    /// column counts only when it and its row are both new, so the new part stays triangular).
    ///
    /// Rows and columns of the dropped intervals are gone, and a few kept rows had their basic
    /// variable among them (a car's energy row whose basic charge column was in a dropped
    /// interval, the next storage row of a chain, a peak set in a dropped interval), so the
    /// statuses are repaired to a structurally nonsingular basis (`LPBasis.repaired`). Returns
    /// false, and sets nothing, when the previous basis is on other intervals or shares no row
    /// or column with this model.
    @discardableResult
    mutating func carry(_ basis: DispatchBasis, problem: DispatchProblem) -> Bool {
        guard basis.intervalMs == problem.intervalMilliseconds, rowKeys.count == lp.rows.count, columnKeys.count == lp.columns.count
        else { return false }
        let rowPrevious = rowKeys.map { basis.statuses[DispatchBasis.key($0, problem)] }
        let columnPrevious = columnKeys.map { basis.statuses[DispatchBasis.key($0, problem)] }
        guard rowPrevious.contains(where: { $0 != nil }) || columnPrevious.contains(where: { $0 != nil }) else { return false }
        var rows = rowPrevious.map { $0 ?? .basic }
        var columns = columnPrevious.map { $0 ?? .atLower }
        for column in lp.upperBoundHints where columnPrevious[column] == nil { columns[column] = .atUpper }
        for hint in lp.basisHints where rowPrevious[hint.row] == nil && columnPrevious[hint.column] == nil {
            rows[hint.row] = .atLower
            columns[hint.column] = .basic
        }
        lp.startingBasis = LPBasis(rows: rows, columns: columns).repaired(for: lp)
        return true
    }
}
