internal import CGLPK

/// Solves `LinearProgram`s with GLPK (GNU Linear Programming Kit).
///
/// Simplex (primal or dual), interior point, and branch-and-bound for models with integer
/// columns (`glp_intopt`, after a simplex solve of the relaxation). Every call validates the
/// model in Swift first, so no input reaches a GLPK call that would abort the process, and maps
/// every return code and status to an `LPError`. Calls are synchronous; different threads may
/// solve different models at the same time.
public struct GLPKSolver: Sendable {
    public init() {}

    /// The linked GLPK version, e.g. `5.0`.
    public static var version: String { String(cString: glp_version()) }

    /// Solves `lp` to optimality or throws why it could not.
    public func solve(_ lp: LinearProgram, options: SolverOptions = SolverOptions()) throws(LPError) -> LPSolution {
        try lp.validate()
        let clock = ContinuousClock()
        let started = clock.now
        if lp.rows.isEmpty || lp.columns.isEmpty {
            var solution = try TrivialSolver.solve(lp)
            solution.method = options.method
            return solution
        }
        let problem = GLPKProblem()
        problem.load(lp, names: false)
        var solution: LPSolution
        if lp.hasIntegerColumns {
            solution = try solveMIP(problem, lp, options)
        } else if options.method == .interiorPoint {
            solution = try solveInterior(problem, lp, options)
        } else {
            solution = try solveSimplex(problem, lp, options)
        }
        solution.seconds = Self.seconds(clock.now - started)
        return solution
    }

    /// GLPK's `tm_lim` for a limit in seconds: at least 1 ms, at most `Int32.max` ms (also for
    /// an infinite or NaN limit, which must never reach an integer conversion).
    static func milliseconds(_ seconds: Double) -> Int32 {
        guard seconds.isFinite else { return .max }
        return Int32(max(1, min((seconds * 1000).rounded(.up), Double(Int32.max))))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private func simplexParameters(_ options: SolverOptions, presolve: Bool) -> glp_smcp {
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        parm.meth = options.method == .primalSimplex ? GLP_PRIMAL : GLP_DUALP
        parm.presolve = presolve ? GLP_ON : GLP_OFF
        if let limit = options.timeLimitSeconds { parm.tm_lim = Self.milliseconds(limit) }
        if let limit = options.iterationLimit { parm.it_lim = Int32(clamping: limit) }
        parm.tol_dj = 1e-10
        return parm
    }

    /// The starting bases to try in turn: without presolve, the model's complete basis when it
    /// fits, then its hints when it has any; always GLPK's all-slack basis last.
    static func starts(_ lp: LinearProgram, _ options: SolverOptions) -> [SimplexStart] {
        guard options.startingBasis, !options.presolve else { return [.slack] }
        var starts: [SimplexStart] = []
        if let basis = lp.startingBasis, basis.fits(lp) { starts.append(.basis) }
        if lp.hasStartingBasis { starts.append(.hints) }
        return starts + [.slack]
    }

    /// Runs the simplex method, leaving an optimal basis in `problem`, and returns the basis it
    /// started from: the first of `starts` that GLPK can factorise (one it finds invalid,
    /// singular or ill-conditioned passes to the next).
    @discardableResult
    private func runSimplex(_ problem: GLPKProblem, _ lp: LinearProgram, _ options: SolverOptions) throws(LPError) -> SimplexStart {
        let P = problem.handle
        glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
        if options.scaling { glp_scale_prob(P, GLP_SF_AUTO) }
        var parm = simplexParameters(options, presolve: options.presolve)
        var code: Int32 = 0
        var start = SimplexStart.slack
        for candidate in Self.starts(lp, options) {
            start = candidate
            problem.resetBasis()
            switch candidate {
            case .basis: if let basis = lp.startingBasis { problem.apply(basis) }
            case .hints: problem.applyStartingBasis(lp)
            case .slack: break
            }
            code = glp_simplex(P, &parm)
            guard candidate != .slack, code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND else { break }
        }
        if code == GLP_ENODFS {
            // The presolver only says "no dual feasible solution"; solve without it to tell
            // an unbounded problem from an infeasible one.
            parm.presolve = GLP_OFF
            let again = glp_simplex(P, &parm)
            if again != 0 { throw Self.error(forReturnCode: again) }
        } else if code != 0 {
            throw Self.error(forReturnCode: code)
        }
        let status = glp_get_status(P)
        if status != GLP_OPT && status != GLP_NOFEAS && status != GLP_UNBND && options.method != .primalSimplex {
            // Dual simplex stops with a primal-infeasible basis when the dual is infeasible: the LP
            // is unbounded or infeasible. Primal simplex from that basis tells which.
            var primal = parm
            primal.meth = GLP_PRIMAL
            primal.presolve = GLP_OFF
            let code = glp_simplex(P, &primal)
            if code != 0 { throw Self.error(forReturnCode: code) }
        }
        try Self.checkStatus(glp_get_status(P))
        return start
    }

    private func solveSimplex(_ problem: GLPKProblem, _ lp: LinearProgram, _ options: SolverOptions) throws(LPError) -> LPSolution {
        let start = try runSimplex(problem, lp, options)
        let P = problem.handle
        let m = lp.rows.count
        let n = lp.columns.count
        var solution = LPSolution(
            objectiveValue: glp_get_obj_val(P),
            columnValues: (0..<n).map { glp_get_col_prim(P, Int32($0 + 1)) },
            rowActivities: (0..<m).map { glp_get_row_prim(P, Int32($0 + 1)) },
            rowDuals: (0..<m).map { glp_get_row_dual(P, Int32($0 + 1)) },
            iterations: Int(glp_get_it_cnt(P)), method: options.method, isMIP: false, seconds: 0
        )
        solution.basis = problem.basis(rows: m, columns: n)
        solution.start = start
        return solution
    }

    private func solveInterior(_ problem: GLPKProblem, _ lp: LinearProgram, _ options: SolverOptions) throws(LPError) -> LPSolution {
        let P = problem.handle
        glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
        var parm = glp_iptcp()
        glp_init_iptcp(&parm)
        // GLPK's API has no iteration count for the interior-point method; its progress lines
        // ("  7: obj = ...") carry one, so they are read through the terminal hook.
        parm.msg_lev = GLP_MSG_ON
        let progress = TerminalCapture(echo: options.verbose)
        let code = progress.capturing { glp_interior(P, &parm) }
        let status = glp_ipt_status(P)
        if code == GLP_ENOFEAS || status == GLP_NOFEAS {
            // The interior-point method cannot tell infeasible from unbounded: ask the simplex method.
            var fallback = options
            fallback.method = .primalSimplex
            fallback.presolve = false
            return try solveSimplex(problem, lp, fallback)
        }
        if code != 0 { throw Self.error(forReturnCode: code) }
        guard status == GLP_OPT else { throw .notOptimal(status: Self.statusName(status)) }
        let m = lp.rows.count
        let n = lp.columns.count
        return LPSolution(
            objectiveValue: glp_ipt_obj_val(P),
            columnValues: (0..<n).map { glp_ipt_col_prim(P, Int32($0 + 1)) },
            rowActivities: (0..<m).map { glp_ipt_row_prim(P, Int32($0 + 1)) },
            rowDuals: (0..<m).map { glp_ipt_row_dual(P, Int32($0 + 1)) },
            iterations: progress.lastIteration, method: .interiorPoint, isMIP: false, seconds: 0
        )
    }

    private func solveMIP(_ problem: GLPKProblem, _ lp: LinearProgram, _ options: SolverOptions) throws(LPError) -> LPSolution {
        // Branch-and-bound starts from an optimal simplex basis of the relaxation.
        var relaxation = options
        if relaxation.method == .interiorPoint { relaxation.method = .dualSimplex }
        let start = try runSimplex(problem, lp, relaxation)
        let P = problem.handle
        let relaxationIterations = Int(glp_get_it_cnt(P))
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        parm.presolve = GLP_OFF
        parm.mip_gap = max(0, options.mipGap)
        if let limit = options.timeLimitSeconds { parm.tm_lim = Self.milliseconds(limit) }
        let code = glp_intopt(P, &parm)
        let status = glp_mip_status(P)
        let acceptedGap = code == GLP_EMIPGAP && options.mipGap > 0 && status == GLP_FEAS
        if code != 0 && !acceptedGap { throw Self.error(forReturnCode: code) }
        if status == GLP_NOFEAS { throw .infeasible }
        guard status == GLP_OPT || acceptedGap else { throw .notOptimal(status: Self.statusName(status)) }
        let m = lp.rows.count
        let n = lp.columns.count
        var solution = LPSolution(
            objectiveValue: glp_mip_obj_val(P),
            columnValues: (0..<n).map { glp_mip_col_val(P, Int32($0 + 1)) },
            rowActivities: (0..<m).map { glp_mip_row_val(P, Int32($0 + 1)) },
            rowDuals: nil,
            iterations: max(relaxationIterations, Int(glp_get_it_cnt(P))), method: relaxation.method,
            isMIP: true, seconds: 0
        )
        solution.start = start
        return solution
    }

    static func checkStatus(_ status: Int32) throws(LPError) {
        switch status {
        case GLP_OPT: return
        case GLP_NOFEAS: throw .infeasible
        case GLP_UNBND: throw .unbounded
        default: throw .notOptimal(status: statusName(status))
        }
    }

    static func statusName(_ status: Int32) -> String {
        switch status {
        case GLP_UNDEF: return "undefined"
        case GLP_FEAS: return "feasible"
        case GLP_INFEAS: return "infeasible"
        case GLP_NOFEAS: return "no feasible"
        case GLP_OPT: return "optimal"
        case GLP_UNBND: return "unbounded"
        default: return "unknown (\(status))"
        }
    }

    /// The `LPError` for a non-zero GLPK return code.
    static func error(forReturnCode code: Int32) -> LPError {
        switch code {
        case GLP_EBADB: return .invalidBasis
        case GLP_ESING: return .singularMatrix
        case GLP_ECOND: return .illConditioned
        case GLP_EBOUND: return .invalidBounds
        case GLP_EFAIL: return .solverFailed
        case GLP_EOBJLL: return .objectiveLowerLimitReached
        case GLP_EOBJUL: return .objectiveUpperLimitReached
        case GLP_EITLIM: return .iterationLimit
        case GLP_ETMLIM: return .timeLimit
        case GLP_ENOPFS: return .infeasible
        case GLP_ENODFS: return .noDualFeasibleSolution
        case GLP_EROOT: return .rootRelaxationNotOptimal
        case GLP_ESTOP: return .stopped
        case GLP_EMIPGAP: return .mipGapReached
        case GLP_ENOFEAS: return .infeasibleAndDualInfeasible
        case GLP_ENOCVG: return .noConvergence
        case GLP_EINSTAB: return .numericalInstability
        case GLP_EDATA: return .invalidData
        case GLP_ERANGE: return .resultOutOfRange
        default: return .unknownReturnCode(Int(code))
        }
    }
}
