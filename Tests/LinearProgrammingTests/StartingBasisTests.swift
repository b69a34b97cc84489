import Testing
@testable import LinearProgramming

/// Starting-basis hints (issue 10, item 4): a feasible start spares phase 1; a bad one falls back.
struct StartingBasisTests {
    /// A storage chain: e_t − e_{t−1} = 0, e_0 = 10, minimise Σ e_t with 0 ≤ e_t ≤ 20. The
    /// optimum (every e_t = 10) is the start where each e_t is basic in its own row; the
    /// all-slack start (every e_t = 0) breaks row 0, and each pivot moves the break one row on.
    static func chain(_ n: Int, hinted: Bool) -> LinearProgram {
        var lp = LinearProgram()
        let e = (0..<n).map { lp.addColumn("e\($0)", upperBound: 20, cost: 1) }
        for t in 0..<n {
            let terms = t == 0 ? [(e[0], 1.0)] : [(e[t], 1.0), (e[t - 1], -1.0)]
            let row = lp.addRow("r\(t)", terms: terms, lowerBound: t == 0 ? 10 : 0, upperBound: t == 0 ? 10 : 0)
            if hinted { lp.hintBasic(e[t], in: row) }
        }
        return lp
    }

    @Test(arguments: [SolverMethod.primalSimplex, .dualSimplex])
    func feasibleStartNeedsNoIterations(method: SolverMethod) throws {
        let plain = try GLPKSolver().solve(Self.chain(200, hinted: true), options: SolverOptions(method: method, startingBasis: false))
        let hinted = try GLPKSolver().solve(Self.chain(200, hinted: true), options: SolverOptions(method: method))
        #expect(isClose(plain.objectiveValue, 2000, absolute: 1e-6))
        #expect(isClose(hinted.objectiveValue, 2000, absolute: 1e-6))
        #expect(hinted.iterations == 0)
        #expect(plain.iterations >= 100, "the all-slack start needs phase 1 work on this chain")
    }

    /// x + y = 1 and x + y ≤ 2 with x basic in one row and y in the other: a singular basis.
    /// The solver starts again from the all-slack basis and still finds min x + 2y = 1.
    @Test func singularHintFallsBack() throws {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: 1)
        let y = lp.addColumn("y", cost: 2)
        let r0 = lp.addRow("r0", terms: [(x, 1), (y, 1)], lowerBound: 1, upperBound: 1)
        let r1 = lp.addRow("r1", terms: [(x, 1), (y, 1)], upperBound: 2)
        lp.hintBasic(x, in: r0)
        lp.hintBasic(y, in: r1)
        let solution = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
        #expect(isClose(solution.objectiveValue, 1, absolute: 1e-9))
        #expect(isClose(solution.columnValues[0], 1, absolute: 1e-9))
    }

    /// A row or a column named twice keeps its first hint only.
    @Test func duplicateHintsAreIgnored() {
        var lp = LinearProgram()
        let x = lp.addColumn("x")
        let y = lp.addColumn("y")
        let r0 = lp.addRow("r0", terms: [(x, 1), (y, 1)], upperBound: 1)
        let r1 = lp.addRow("r1", terms: [(x, 1)], upperBound: 1)
        lp.hintBasic(x, in: r0)
        lp.hintBasic(y, in: r0)
        lp.hintBasic(x, in: r1)
        #expect(lp.basisHints == [BasisHint(row: 0, column: 0)])
    }
}
