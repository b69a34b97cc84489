import LinearProgramming

/// The LP of one subproblem (one feeder, or several solved together) and where each quantity
/// of the dispatch model lives in it.
///
/// Column and row indices refer to `lp`; `-1` marks a quantity that has no column because the
/// formulation substituted it or proved it zero (see docs/dispatch-model.md).
struct FeederModel: Sendable {
    /// Columns of one session: `pc` and (for V2G) `pd` and `e` are contiguous over its run.
    struct SessionColumns: Sendable {
        /// Column of pc[s, a_s]; pc[s, t] is at `charge + t − a_s`.
        var charge: Int
        /// Column of pd[s, a_s], or -1 when the session cannot discharge.
        var discharge: Int = -1
        /// Column of e[s, a_s + 1], or -1 when energy is not tracked per interval (charge-only).
        var energy: Int = -1
        /// Column of unmet[s], or -1 when the target cannot be missed.
        var unmet: Int = -1
    }

    /// Columns of one site, per interval.
    struct SiteColumns: Sendable {
        /// gi[site, t], or -1 where gi is substituted by base + Σ pc (the site cannot export then).
        var importColumn: [Int]
        var exportColumn: [Int]
        var curtailColumn: [Int]
        /// vs[site, t], only where uncontrollable load forces a violation.
        var violationColumn: [Int]
        /// peak[site], when the site has a demand charge.
        var peakColumn: Int = -1
    }

    /// Rows and columns of one feeder, per interval.
    struct FeederRows: Sendable {
        /// The import-limit row, or -1 where the limit cannot bind.
        var importRow: [Int]
        /// vf[feeder, t], only where uncontrollable load forces a violation.
        var violationColumn: [Int]
    }

    var lp: LinearProgram
    /// Indices (into the problem) of the feeders this model covers.
    let feeders: [Int]
    var sessions: [Int: SessionColumns] = [:]
    var sites: [Int: SiteColumns] = [:]
    var feederRows: [Int: FeederRows] = [:]
    /// Binary columns added for the MIP re-solve, keyed by (session, interval).
    var binaries: [SessionInterval: Int] = [:]
    /// Sessions whose columns start from a previous window's plan (`WarmStart`).
    var warmStartedSessions = 0
    /// What each row and column of `lp` stands for, as the builder added them (the MIP's
    /// binaries and rows, added later, have none).
    var rowKeys: [ModelKey] = []
    var columnKeys: [ModelKey] = []
}

/// A (session, interval) pair.
struct SessionInterval: Hashable, Sendable {
    let session: Int
    let interval: Int
}
