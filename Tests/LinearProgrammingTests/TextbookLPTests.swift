import Testing
@testable import LinearProgramming

/// Textbook LPs whose optima and duals are worked out by hand in each test's comment.
struct TextbookLPTests {
    /// max 3x + 5y  s.t.  x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (Hillier & Lieberman's Wyndor Glass).
    /// Optimum x = 2, y = 6, z = 36; duals (0, 1.5, 1).
    static func wyndor() -> LinearProgram {
        var lp = LinearProgram()
        lp.sense = .maximize
        let x = lp.addColumn("x", cost: 3)
        let y = lp.addColumn("y", cost: 5)
        lp.addRow("plant1", terms: [(x, 1)], upperBound: 4)
        lp.addRow("plant2", terms: [(y, 2)], upperBound: 12)
        lp.addRow("plant3", terms: [(x, 3), (y, 2)], upperBound: 18)
        return lp
    }

    @Test(arguments: SolverMethod.allCases, [false, true])
    func wyndorOptimumAndDuals(method: SolverMethod, presolve: Bool) throws {
        let solution = try GLPKSolver().solve(Self.wyndor(), options: SolverOptions(method: method, presolve: presolve))
        #expect(isClose(solution.objectiveValue, 36, absolute: 1e-6))
        #expect(isClose(solution.columnValues[0], 2, absolute: 1e-6))
        #expect(isClose(solution.columnValues[1], 6, absolute: 1e-6))
        let duals = try #require(solution.rowDuals)
        #expect(isClose(duals[0], 0, absolute: 1e-6))
        #expect(isClose(duals[1], 1.5, absolute: 1e-6))
        #expect(isClose(duals[2], 1, absolute: 1e-6))
        #expect(isClose(solution.rowActivities[2], 18, absolute: 1e-6))
        #expect(!solution.isMIP)
    }

    @Test func simplexReportsIterations() throws {
        let solution = try GLPKSolver().solve(Self.wyndor(), options: SolverOptions(method: .primalSimplex))
        #expect(solution.iterations >= 1)
        #expect(solution.method == .primalSimplex)
        let interior = try GLPKSolver().solve(Self.wyndor(), options: SolverOptions(method: .interiorPoint))
        #expect(interior.iterations >= 1)
        #expect(interior.method == .interiorPoint)
    }

    /// min 2x + 3y  s.t.  x + y ≥ 4, x + 3y ≥ 6. Vertices (0,4)→12, (3,1)→9, (6,0)→12.
    /// Optimum (3, 1), z = 9; duals solve y1 + y2 = 2, y1 + 3y2 = 3 → (1.5, 0.5).
    @Test(arguments: SolverMethod.allCases)
    func diet(method: SolverMethod) throws {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: 2)
        let y = lp.addColumn("y", cost: 3)
        lp.addRow("a", terms: [(x, 1), (y, 1)], lowerBound: 4)
        lp.addRow("b", terms: [(x, 1), (y, 3)], lowerBound: 6)
        let solution = try GLPKSolver().solve(lp, options: SolverOptions(method: method))
        #expect(isClose(solution.objectiveValue, 9, absolute: 1e-6))
        #expect(isClose(solution.columnValues[0], 3, absolute: 1e-6))
        #expect(isClose(solution.columnValues[1], 1, absolute: 1e-6))
        let duals = try #require(solution.rowDuals)
        #expect(isClose(duals[0], 1.5, absolute: 1e-6))
        #expect(isClose(duals[1], 0.5, absolute: 1e-6))
    }

    /// Equality, ranged rows, a free column and an objective constant:
    /// min x − y + 10 s.t. x + y = 5, 1 ≤ x − y ≤ 3, y free → x − y = 1 at x = 3, y = 2; z = 11.
    @Test func equalityRangedAndFreeColumns() throws {
        var lp = LinearProgram()
        lp.objectiveConstant = 10
        let x = lp.addColumn("x", cost: 1)
        let y = lp.addColumn("y", lowerBound: -.infinity, cost: -1)
        lp.addRow("sum", terms: [(x, 1), (y, 1)], lowerBound: 5, upperBound: 5)
        lp.addRow("gap", terms: [(x, 1), (y, -1)], lowerBound: 1, upperBound: 3)
        let solution = try GLPKSolver().solve(lp)
        #expect(isClose(solution.objectiveValue, 11, absolute: 1e-9))
        #expect(isClose(solution.columnValues[0], 3, absolute: 1e-9))
        #expect(isClose(solution.columnValues[1], 2, absolute: 1e-9))
    }

    /// Knapsack max 8a + 11b + 6c + 4d s.t. 5a + 7b + 4c + 3d ≤ 14, binaries.
    /// The LP relaxation gives 22 (a = b = 1, c = 0.5); the integer optimum is b = c = d = 1, z = 21.
    @Test func knapsackNeedsBranchAndBound() throws {
        var lp = LinearProgram()
        lp.sense = .maximize
        let items = [(8.0, 5.0), (11.0, 7.0), (6.0, 4.0), (4.0, 3.0)]
        let ids = items.enumerated().map { i, item in lp.addColumn("item\(i)", cost: item.0, kind: .binary) }
        lp.addRow("weight", terms: zip(ids, items).map { ($0, $1.1) }, upperBound: 14)
        let solution = try GLPKSolver().solve(lp)
        #expect(solution.isMIP)
        #expect(solution.rowDuals == nil)
        #expect(isClose(solution.objectiveValue, 21, absolute: 1e-9))
        #expect(solution.columnValues.map { $0.rounded() } == [0, 1, 1, 1])

        var relaxed = lp
        for id in ids { relaxed.setKind(of: id, .continuous) }
        #expect(isClose(try GLPKSolver().solve(relaxed).objectiveValue, 22, absolute: 1e-9))
    }

    @Test func duplicateTermsAreSummedAndZerosDropped() {
        var lp = LinearProgram()
        let x = lp.addColumn("x")
        let y = lp.addColumn("y")
        lp.addRow("r", terms: [(y, 2), (x, 1), (y, -2), (x, 0.5)], upperBound: 1)
        let terms = lp.terms(ofRow: LinearProgram.RowID(0))
        #expect(terms.count == 1)
        #expect(terms[0].0 == x && terms[0].1 == 1.5)
    }
}
