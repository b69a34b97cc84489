internal import CGLPK

/// Owns one GLPK problem object (`glp_prob`) and frees it in `deinit`.
///
/// Not `Sendable`: GLPK keeps its environment in thread-local storage, so a problem must be
/// created, solved, read and deleted on one thread, inside one synchronous call.
final class GLPKProblem {
    let handle: OpaquePointer

    init() {
        glp_term_out(GLP_OFF)  // silence this thread's GLPK environment (writers print otherwise)
        handle = glp_create_prob()
    }

    deinit { glp_delete_prob(handle) }

    /// Copies a validated model into GLPK. Callers must run `LinearProgram.validate()` first:
    /// GLPK aborts the process on the inputs it rejects.
    func load(_ lp: LinearProgram, names: Bool) {
        glp_set_obj_dir(handle, lp.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(handle, 0, lp.objectiveConstant)
        if names { glp_set_obj_name(handle, "obj") }
        let m = lp.rows.count
        let n = lp.columns.count
        if m > 0 {
            glp_add_rows(handle, Int32(m))
            for (i, row) in lp.rows.enumerated() {
                let r = Int32(i + 1)
                if names && !row.name.isEmpty { glp_set_row_name(handle, r, row.name) }
                let (type, lower, upper) = Self.boundType(row.lowerBound, row.upperBound)
                glp_set_row_bnds(handle, r, type, lower, upper)
            }
        }
        if n > 0 {
            glp_add_cols(handle, Int32(n))
            for (j, column) in lp.columns.enumerated() {
                let c = Int32(j + 1)
                if names && !column.name.isEmpty { glp_set_col_name(handle, c, column.name) }
                switch column.kind {
                case .continuous: break
                case .integer: glp_set_col_kind(handle, c, GLP_IV)
                case .binary: glp_set_col_kind(handle, c, GLP_BV)
                }
                let (type, lower, upper) = Self.boundType(column.lowerBound, column.upperBound)
                glp_set_col_bnds(handle, c, type, lower, upper)
                if column.cost != 0 { glp_set_obj_coef(handle, c, column.cost) }
            }
        }
        let nonzeros = lp.nonzeros
        guard nonzeros > 0 else { return }
        // GLPK arrays are 1-based: element 0 is ignored.
        var ia = [Int32](repeating: 0, count: nonzeros + 1)
        var ja = [Int32](repeating: 0, count: nonzeros + 1)
        var ar = [Double](repeating: 0, count: nonzeros + 1)
        for r in 0..<m {
            for k in lp.rowStarts[r]..<lp.rowStarts[r + 1] {
                ia[k + 1] = Int32(r + 1)
                ja[k + 1] = lp.entryColumns[k] + 1
                ar[k + 1] = lp.entryValues[k]
            }
        }
        glp_load_matrix(handle, Int32(nonzeros), ia, ja, ar)
    }

    /// Sets the model's starting-basis hints (see `LinearProgram.hintBasic`); the solver
    /// factorises the basis when the simplex method starts.
    func applyStartingBasis(_ lp: LinearProgram) {
        for hint in lp.basisHints {
            glp_set_row_stat(handle, Int32(hint.row + 1), GLP_NL)
            glp_set_col_stat(handle, Int32(hint.column + 1), GLP_BS)
        }
        for column in lp.upperBoundHints where glp_get_col_stat(handle, Int32(column + 1)) != GLP_BS {
            glp_set_col_stat(handle, Int32(column + 1), GLP_NU)
        }
    }

    /// Back to GLPK's all-slack basis.
    func resetBasis() { glp_std_basis(handle) }

    /// Sets every row's and column's status from `basis`, which must fit the loaded model
    /// (`LPBasis.fits`). GLPK turns a nonbasic status that does not suit a variable's bounds
    /// into the one that does (fixed, free, or the bound it has).
    func apply(_ basis: LPBasis) {
        for (i, status) in basis.rows.enumerated() { glp_set_row_stat(handle, Int32(i + 1), Self.code(status)) }
        for (j, status) in basis.columns.enumerated() { glp_set_col_stat(handle, Int32(j + 1), Self.code(status)) }
    }

    /// The current basis of `rows` rows and `columns` columns.
    func basis(rows: Int, columns: Int) -> LPBasis {
        LPBasis(
            rows: (0..<rows).map { Self.status(glp_get_row_stat(handle, Int32($0 + 1))) },
            columns: (0..<columns).map { Self.status(glp_get_col_stat(handle, Int32($0 + 1))) })
    }

    private static func code(_ status: BasisStatus) -> Int32 {
        switch status {
        case .basic: return GLP_BS
        case .atLower: return GLP_NL
        case .atUpper: return GLP_NU
        case .free: return GLP_NF
        case .fixed: return GLP_NS
        }
    }

    private static func status(_ code: Int32) -> BasisStatus {
        switch code {
        case GLP_BS: return .basic
        case GLP_NU: return .atUpper
        case GLP_NF: return .free
        case GLP_NS: return .fixed
        default: return .atLower
        }
    }

    private static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return (lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }
}

@available(*, unavailable)
extension GLPKProblem: Sendable {}
