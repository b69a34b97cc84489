public import ChargeShareDomain
public import LinearProgramming
import Dispatch
import Foundation
import Synchronization

/// How a dispatch is solved.
public struct DispatchOptions: Sendable {
    /// Settings of every LP solve.
    public var solver: SolverOptions
    /// Solve each feeder's LP on its own (feeders share no constraint). When false, one LP holds
    /// every feeder; the optimum is the same.
    public var decompose: Bool
    /// Solve subproblems on all cores.
    public var parallel: Bool
    /// Write each subproblem's LP as free MPS into this directory.
    public var mpsDirectory: String?
    /// Wall-clock budget of each subproblem (every LP, MIP and fallback re-solve of one feeder
    /// together), seconds; `nil` = none. Past it the dispatch fails with a time-limit error
    /// instead of holding up the window. GLPK's interior-point method cannot be stopped, so the
    /// budget is checked before and after it.
    public var timeLimitSeconds: Double?
    /// Feeder groups with at least this many sessions (values below 1 act as 1), when no warm
    /// start is given, start from the same window solved on longer intervals (`CoarseStart`;
    /// docs/dispatch-model.md, "Coarse start"); `nil` = never. The coarser solves may use a
    /// third of each subproblem's budget, and count inside it.
    public var coarseStartSessions: Int?
    /// Stop at the LP: no mixed-integer re-solve for simultaneous charge and discharge (only for
    /// the coarser solves of `CoarseStart`, whose plan is a start, not an answer).
    var lpRelaxationOnly = false

    /// The default `coarseStartSessions`: between `1x100`, where the coarser solves cost what
    /// they save, and `depot300`, where the window solves 1.75 times as fast (docs/PERFORMANCE.md,
    /// "Coarse start"; not tuned finer).
    public static let defaultCoarseStartSessions = 200

    /// The default budget per subproblem: a minute, well inside a 5- or 15-minute window.
    public static let defaultTimeLimitSeconds = 60.0

    public init(
        solver: SolverOptions = SolverOptions(method: .primalSimplex, presolve: false),
        decompose: Bool = true, parallel: Bool = true, mpsDirectory: String? = nil,
        timeLimitSeconds: Double? = DispatchOptions.defaultTimeLimitSeconds,
        coarseStartSessions: Int? = DispatchOptions.defaultCoarseStartSessions
    ) {
        self.coarseStartSessions = coarseStartSessions
        self.solver = solver
        self.decompose = decompose
        self.parallel = parallel
        self.mpsDirectory = mpsDirectory
        self.timeLimitSeconds = timeLimitSeconds
    }
}

/// The LPs of one dispatch window, built and ready to solve.
public struct PreparedDispatch: Sendable {
    let index: ProblemIndex
    let models: [FeederModel]
    /// When preparing began: each subproblem's time budget counts from here, so building the
    /// model is inside it.
    let started: ContinuousClock.Instant
    /// Iterations of the coarser solves the LPs start from (`CoarseStart`), or `nil` when they
    /// start otherwise.
    var coarseIterations: Int? = nil
    /// Wall time of preparing, seconds (with a coarse start, mostly its coarser solves).
    public var preparationSeconds = 0.0

    /// Rows, columns and nonzeros summed over the subproblems.
    public var rows: Int { models.reduce(0) { $0 + $1.lp.rows.count } }
    public var columns: Int { models.reduce(0) { $0 + $1.lp.columns.count } }
    public var nonzeros: Int { models.reduce(0) { $0 + $1.lp.nonzeros } }
    public var subproblems: Int { models.count }
}

/// Solves dispatch windows: `DispatchProblem` in, `DispatchResult` out.
///
/// Each feeder's LP is built and solved on its own, in parallel, and the results are merged.
/// When an LP relaxation charges and discharges one session at once (only worth it at negative
/// prices), that feeder is re-solved with binaries (GLPK branch-and-bound), and its congestion
/// prices come from the LP with the binaries fixed at their optimum.
public struct Dispatcher: Sendable {
    public var options: DispatchOptions
    /// The LP solver; GLPK unless a caller gives another (a test double, a structure-aware method).
    public var solver: any LPSolver

    public init(options: DispatchOptions = DispatchOptions(), solver: any LPSolver = GLPKSolver()) {
        self.options = options
        self.solver = solver
    }

    /// Parses, validates and solves request bytes.
    public func dispatch(json bytes: [UInt8]) throws(DispatchError) -> DispatchResult {
        let problem: DispatchProblem
        do { problem = try ProblemReader.read(bytes) } catch { throw .invalidProblem(error) }
        return try dispatch(problem)
    }

    /// Solves a validated problem.
    /// - Parameter warmStart: the previous window's plan of the same feeders, to start from
    ///   (`WarmStart`); the optimal value does not depend on it. Ignored by interior point, with
    ///   presolve, and without `startingBasis` (those never start from the model's hints).
    public func dispatch(_ problem: DispatchProblem, warmStart: WarmStart? = nil) throws(DispatchError) -> DispatchResult {
        try solve(prepare(problem, warmStart: warmStart))
    }

    /// Solves a validated problem and returns, with the result, the warm start for the next window
    /// of the same feeders: this window's plan and optimal bases (`WarmStart`, `DispatchBasis`).
    /// For callers that dispatch a feeder window after window (the backtests, benchmarks).
    public func dispatchRolling(_ problem: DispatchProblem, warmStart: WarmStart? = nil) throws(DispatchError) -> (
        result: DispatchResult, next: WarmStart
    ) {
        try solveRolling(prepare(problem, warmStart: warmStart))
    }

    /// Builds the LPs (in parallel when allowed) and writes them as MPS when asked to.
    public func prepare(_ problem: DispatchProblem, warmStart: WarmStart? = nil) throws(DispatchError) -> PreparedDispatch {
        let started = ContinuousClock().now
        let index = ProblemIndex(problem)
        let size = Self.estimatedColumns(index)
        guard size <= Self.maximumColumns else { throw .problemTooLarge(columns: size, limit: Self.maximumColumns) }
        let groups = subproblems(index)
        let names = options.mpsDirectory != nil
        // Only the simplex method without presolve starts from the model's hints.
        let solver = options.solver
        let hinted = solver.startingBasis && !solver.presolve && solver.method != .interiorPoint
        var coarse: CoarseStart? = nil
        if hinted, warmStart == nil, let minimum = options.coarseStartSessions {
            coarse = CoarseStart.solve(problem, index: index, groups: groups, minimum: minimum, options: options, solver: self.solver)
        }
        let usable = hinted ? warmStart ?? coarse?.warmStart : nil
        let models = map(groups) { FeederModelBuilder.build(index: index, feeders: $0, names: names, warmStart: usable) }
        if let directory = options.mpsDirectory {
            for model in models {
                let path = (directory as NSString).appendingPathComponent(Self.mpsFileName(problem, model))
                do { try model.lp.writeFreeMPS(to: path, name: Self.safe(problem.windowId)) } catch {
                    throw .exportFailed("\(error)")
                }
            }
        }
        var prepared = PreparedDispatch(index: index, models: models, started: started, coarseIterations: coarse?.iterations)
        prepared.preparationSeconds = (ContinuousClock().now - started).seconds
        return prepared
    }

    /// Most LP columns a window may need (about 1.7 GB of memory at the limit): beyond it the
    /// problem is refused before any model is built.
    public static let maximumColumns = 4_000_000

    /// An upper bound on the LP's columns, from the problem alone: per usable interval one column
    /// for a charge-only session and three for a V2G one (charge, discharge, energy), and per site
    /// and feeder interval up to four (import, export, curtailment, violation).
    /// - Complexity: O(sessions).
    static func estimatedColumns(_ index: ProblemIndex) -> Int {
        let T = index.problem.intervals
        let sessions = index.plans.reduce(0) { $0 + $1.run.count * ($1.isBidirectional ? 3 : 1) }
        return sessions + 4 * T * (index.problem.sites.count + index.problem.feeders.count)
    }

    /// Solves prepared LPs and assembles the result.
    public func solve(_ prepared: PreparedDispatch) throws(DispatchError) -> DispatchResult {
        try solve(prepared, keepingBasis: false).result
    }

    /// Solves prepared LPs and returns the result with the warm start for the next window (see
    /// `dispatchRolling`).
    public func solveRolling(_ prepared: PreparedDispatch) throws(DispatchError) -> (result: DispatchResult, next: WarmStart) {
        let (result, statuses) = try solve(prepared, keepingBasis: true)
        let basis = DispatchBasis(intervalMs: prepared.index.problem.intervalMilliseconds, statuses: statuses)
        return (result, WarmStart(previous: result, basis: basis))
    }

    private func solve(_ prepared: PreparedDispatch, keepingBasis: Bool) throws(DispatchError) -> (
        result: DispatchResult, basis: [DispatchBasis.Key: BasisStatus]
    ) {
        let clock = ContinuousClock()
        let started = clock.now
        let results = map(prepared.models) { model in
            Result { () throws(DispatchError) -> SubproblemOutcome in
                try solve(model, index: prepared.index, from: prepared.started, keepingBasis: keepingBasis)
            }
        }
        var outcomes: [SubproblemOutcome] = []
        for result in results {
            switch result {
            case .success(let outcome): outcomes.append(outcome)
            case .failure(let error): throw error
            }
        }
        var basis: [DispatchBasis.Key: BasisStatus] = [:]
        for outcome in outcomes { basis.merge(outcome.basis) { first, _ in first } }
        let result = ResultAssembler.assemble(
            index: prepared.index, outcomes: outcomes, method: options.solver.method, seconds: (clock.now - started).seconds, solver: solver.identity,
            coarseIterations: prepared.coarseIterations)
        return (result, basis)
    }

    /// Feeder groups to solve as separate LPs, largest first so parallel workers finish together.
    func subproblems(_ index: ProblemIndex) -> [[Int]] {
        let feeders = Array(index.problem.feeders.indices)
        guard options.decompose else { return [feeders] }
        let size = feeders.map { f in index.sitesOfFeeder[f].reduce(0) { $0 + 1 + index.sessionsOfSite[$1].count } }
        return feeders.sorted { size[$0] > size[$1] }.map { [$0] }
    }

    /// Largest excess over a hard limit accepted from the solver, kW (the spec's 1e-6 plus slack
    /// for rounding in the reported flows).
    static let hardLimitTolerance = 1e-5

    /// Solves one subproblem. The interior-point method, when chosen, falls back to the dual
    /// simplex method on numerical failure; a solution that breaks a hard limit beyond
    /// `hardLimitTolerance` (numerical trouble) is re-solved with the primal simplex method, with
    /// scaling and then without; a third such solution is reported as numerical instability.
    func solve(
        _ model: FeederModel, index: ProblemIndex, from started: ContinuousClock.Instant, keepingBasis: Bool = false
    ) throws(DispatchError) -> SubproblemOutcome {
        let feederId = index.problem.feeders[model.feeders[0]].id
        var solverOptions = options.solver
        var warnings: [String] = []
        let deadline = Deadline(seconds: options.timeLimitSeconds, from: started)
        for attempt in 0..<3 {
            do throws(LPError) {
                var outcome = try solve(model, index: index, solverOptions, deadline, keepingBasis: keepingBasis)
                if outcome.hardLimitExcessKw > Self.hardLimitTolerance {
                    guard attempt < 2 else { throw LPError.numericalInstability }
                    warnings.append(
                        "feeder \(Displayed.quoted(feederId)): \(solverOptions.method.rawValue) broke a hard limit by \(outcome.hardLimitExcessKw) kW; re-solved with primal simplex"
                    )
                    solverOptions.method = .primalSimplex
                    solverOptions.scaling = attempt == 0
                    continue
                }
                outcome.warnings = warnings
                return outcome
            } catch {
                let fallback: Set<LPError> = [.numericalInstability, .noConvergence, .solverFailed, .iterationLimit]
                guard error != .timeLimit, solverOptions.method == .interiorPoint, fallback.contains(error) || error.isNotOptimal else {
                    if error == .timeLimit { throw .timeLimit(feederId: feederId, seconds: options.timeLimitSeconds ?? 0) }
                    throw .solverFailed(feederId: feederId, error)
                }
                warnings.append("feeder \(Displayed.quoted(feederId)): interior point failed (\(error)); solved with dual simplex")
                solverOptions.method = .dualSimplex
            }
        }
        throw .solverFailed(feederId: feederId, .numericalInstability)
    }

    /// The LP (after the least-violation stage when V2G can lower a forced violation), then
    /// (when it charges and discharges at once) the MIP and the LP with the binaries fixed, each
    /// given what is left of `deadline`.
    private func solve(
        _ model: FeederModel, index: ProblemIndex, _ options: SolverOptions, _ deadline: Deadline, keepingBasis: Bool
    ) throws(LPError) -> SubproblemOutcome {
        var solverOptions = options
        func solve(_ lp: LinearProgram) throws(LPError) -> LPSolution {
            solverOptions.timeLimitSeconds = try deadline.remaining()
            let solution = try solver.solve(lp, options: solverOptions)
            _ = try deadline.remaining()
            return solution
        }
        var model = model
        var iterations = 0
        let violations = model.hasDischarge ? model.violationColumns : []
        if !violations.isEmpty {
            let hours = index.problem.intervalHours
            let least = try solve(model.leastViolationProgram(violations, hours: hours))
            iterations += least.iterations
            model.boundViolations(violations, toAtMost: max(0, least.objectiveValue), hours: hours)
        }
        var solution = try solve(model.lp)
        iterations += solution.iterations
        let startedFromBasis = solution.start == .basis
        var simultaneous = model.simultaneous(solution, index: index)
        guard !simultaneous.isEmpty, !self.options.lpRelaxationOnly else {
            solution.iterations = iterations
            var outcome = model.outcome(solution, index: index)
            outcome.startedFromBasis = startedFromBasis
            if keepingBasis, let basis = solution.basis { outcome.basis = DispatchBasis.statuses(of: model, basis, problem: index.problem) }
            return outcome
        }
        var mipModel = model
        var pairs = model.pricedForSimultaneity(index: index).union(simultaneous)
        for _ in 0..<2 {
            mipModel.addExclusivity(pairs, index: index)
            solution = try solve(mipModel.lp)
            iterations += solution.iterations
            simultaneous = mipModel.simultaneous(solution, index: index)
            if simultaneous.isEmpty { break }
            pairs = mipModel.allBidirectional(index: index)
        }
        let fixed = mipModel.fixingBinaries(at: solution)
        var priced = try solve(fixed.lp)
        priced.iterations += iterations
        priced.isMIP = true
        var outcome = fixed.outcome(priced, index: index)
        outcome.startedFromBasis = startedFromBasis
        return outcome
    }

    /// `transform` applied to every element, on all cores when `options.parallel`.
    private func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard options.parallel, items.count > 1 else { return items.map(transform) }
        let slots = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            let value = transform(items[i])
            slots.withLock { $0[i] = value }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }

    static func safe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        return String(String(text.map { allowed.contains($0) ? $0 : "_" }).prefix(64))
    }

    static func mpsFileName(_ problem: DispatchProblem, _ model: FeederModel) -> String {
        let window = safe(problem.windowId)
        if model.feeders.count == 1 {
            let f = model.feeders[0]
            return "\(window)-feeder\(f)-\(safe(problem.feeders[f].id)).mps"
        }
        return "\(window)-all.mps"
    }
}
