import Testing
@testable import LinearProgramming

/// Infeasible, unbounded and malformed models come back as typed errors, never as a crash.
struct SolverErrorTests {
    static func infeasible() -> LinearProgram {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: 1)
        lp.addRow("atLeast5", terms: [(x, 1)], lowerBound: 5)
        lp.addRow("atMost3", terms: [(x, 1)], upperBound: 3)
        return lp
    }

    static func unbounded() -> LinearProgram {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: -1)
        let y = lp.addColumn("y")
        lp.addRow("r", terms: [(x, 1), (y, -1)], upperBound: 1)
        return lp
    }

    @Test(arguments: SolverMethod.allCases, [false, true])
    func infeasibleIsTyped(method: SolverMethod, presolve: Bool) {
        #expect(throws: LPError.infeasible) {
            try GLPKSolver().solve(Self.infeasible(), options: SolverOptions(method: method, presolve: presolve))
        }
    }

    @Test(arguments: [SolverMethod.primalSimplex, .dualSimplex], [false, true])
    func unboundedIsTyped(method: SolverMethod, presolve: Bool) {
        #expect(throws: LPError.unbounded) {
            try GLPKSolver().solve(Self.unbounded(), options: SolverOptions(method: method, presolve: presolve))
        }
    }

    /// The interior-point method cannot tell unbounded from infeasible; the solver asks simplex.
    @Test func interiorPointUnboundedIsTyped() {
        #expect(throws: LPError.unbounded) {
            try GLPKSolver().solve(Self.unbounded(), options: SolverOptions(method: .interiorPoint))
        }
    }

    @Test func infeasibleMIPIsTyped() {
        var lp = Self.infeasible()
        lp.setKind(of: LinearProgram.ColumnID(0), .integer)
        #expect(throws: LPError.infeasible) { try GLPKSolver().solve(lp) }
    }

    /// 3 ≤ 2x ≤ 3.5 with x integer: the relaxation is feasible (x = 1.5 … 1.75), no integer fits.
    @Test func integerInfeasibleMIPIsTyped() {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: 1, kind: .integer)
        lp.addRow("r", terms: [(x, 2)], lowerBound: 3, upperBound: 3.5)
        #expect(throws: LPError.infeasible) { try GLPKSolver().solve(lp) }
    }

    @Test func iterationLimitIsTyped() throws {
        var lp = LinearProgram()
        let columns = (0..<30).map { lp.addColumn("x\($0)", upperBound: 1, cost: -Double($0 % 7 + 1)) }
        for r in 0..<20 {
            lp.addRow("r\(r)", terms: columns.enumerated().map { ($1, Double(($0 * 7 + r * 3) % 5 + 1)) }, upperBound: 10)
        }
        #expect(throws: LPError.iterationLimit) {
            try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex, scaling: false, iterationLimit: 1))
        }
    }

    @Test func everyReturnCodeMapsToItsOwnError() {
        let codes: [Int32] = Array(1...0x13)
        let errors = codes.map { GLPKSolver.error(forReturnCode: $0) }
        #expect(Set(errors.map(\.description)).count == codes.count)
        #expect(GLPKSolver.error(forReturnCode: 99) == .unknownReturnCode(99))
        #expect(!errors.contains { if case .unknownReturnCode = $0 { true } else { false } })
    }

    static let malformed: [(String, @Sendable (inout LinearProgram) -> Void)] = [
        ("NaN bound", { lp in lp.addColumn("x", lowerBound: .nan) }),
        ("lower above upper", { lp in lp.addColumn("x", lowerBound: 2, upperBound: 1) }),
        ("lower +infinity", { lp in lp.addColumn("x", lowerBound: .infinity) }),
        ("infinite cost", { lp in lp.addColumn("x", cost: .infinity) }),
        (
            "infinite coefficient",
            { lp in
                let x = lp.addColumn("x")
                lp.addRow("r", terms: [(x, .infinity)], upperBound: 1)
            }
        ),
        (
            "row bound NaN",
            { lp in
                let x = lp.addColumn("x")
                lp.addRow("r", terms: [(x, 1)], upperBound: .nan)
            }
        ),
        ("name with a space", { lp in lp.addColumn("has space") }),
        ("name with a control character", { lp in lp.addColumn("tab\there") }),
        ("name too long", { lp in lp.addColumn(String(repeating: "n", count: 256)) }),
        (
            "missing column",
            { lp in
                lp.addColumn("x")
                lp.addRow("r", terms: [(LinearProgram.ColumnID(5), 1)], upperBound: 1)
            }
        ),
        (
            "infinite constant",
            { lp in
                lp.addColumn("x")
                lp.objectiveConstant = .infinity
            }
        ),
    ]

    @Test(arguments: malformed.indices)
    func malformedModelIsRejectedBeforeGLPK(index: Int) {
        var lp = LinearProgram()
        Self.malformed[index].1(&lp)
        lp.addRow("keep", terms: [], upperBound: 1)
        #expect {
            try GLPKSolver().solve(lp)
        } throws: { error in
            guard case LPError.invalidModel = error else { return false }
            return true
        }
    }

    @Test func modelWithoutRowsIsSolvedOnBounds() throws {
        var lp = LinearProgram()
        lp.addColumn("a", lowerBound: 1, upperBound: 4, cost: 2)
        lp.addColumn("b", lowerBound: -3, upperBound: 5, cost: -1)
        let solution = try GLPKSolver().solve(lp)
        #expect(solution.columnValues == [1, 5])
        #expect(isClose(solution.objectiveValue, -3))
        var open = LinearProgram()
        open.addColumn("c", cost: -1)
        #expect(throws: LPError.unbounded) { try GLPKSolver().solve(open) }
    }

    @Test func modelWithoutColumnsChecksRows() throws {
        var lp = LinearProgram()
        lp.addRow("fine", terms: [], lowerBound: -1, upperBound: 1)
        #expect(try GLPKSolver().solve(lp).rowActivities == [0])
        lp.addRow("needsOne", terms: [], lowerBound: 1)
        #expect(throws: LPError.infeasible) { try GLPKSolver().solve(lp) }
    }
}
