import Testing
@testable import LinearProgramming

/// A complete starting basis (`LinearProgram.startingBasis`, issue 15): a previous optimum is
/// taken as it is; one that does not fit or is singular falls back to the hints, then to the
/// all-slack basis, and the optimum never depends on it.
struct FullBasisTests {
    /// min x + 2y + 3z subject to x + y ≥ 2, y + z ≥ 3, 0 ≤ x, y, z ≤ 5: y = 3 and x = z = 0
    /// (cost 6; y = 2, z = 1 costs 7; x = 2, z = 3 costs 11).
    static func cover() -> LinearProgram {
        var lp = LinearProgram()
        let x = lp.addColumn("x", upperBound: 5, cost: 1)
        let y = lp.addColumn("y", upperBound: 5, cost: 2)
        let z = lp.addColumn("z", upperBound: 5, cost: 3)
        lp.addRow("r0", terms: [(x, 1), (y, 1)], lowerBound: 2)
        lp.addRow("r1", terms: [(y, 1), (z, 1)], lowerBound: 3)
        return lp
    }

    @Test(arguments: [SolverMethod.primalSimplex, .dualSimplex])
    func previousOptimumNeedsNoIterations(method: SolverMethod) throws {
        let first = try GLPKSolver().solve(Self.cover(), options: SolverOptions(method: method))
        #expect(isClose(first.objectiveValue, 6, absolute: 1e-9))
        #expect(first.start == .slack && first.iterations > 0)
        let basis = try #require(first.basis)
        #expect(basis.rows.count == 2 && basis.columns.count == 3 && basis.basicCount == 2)
        #expect(basis.columns[1] == .basic, "y is basic at the optimum")
        var lp = Self.cover()
        lp.startingBasis = basis
        let again = try GLPKSolver().solve(lp, options: SolverOptions(method: method))
        #expect(again.start == .basis && again.iterations == 0)
        #expect(isClose(again.objectiveValue, 6, absolute: 1e-9) && again.basis == basis)
    }

    @Test("A basis with one basic variable too many or too few is not tried: hints, then the all-slack basis")
    func wrongCountFallsBack() throws {
        for statuses in [[BasisStatus.basic, .basic, .basic], [.atLower, .atLower, .atLower]] {
            var lp = Self.cover()
            lp.startingBasis = LPBasis(rows: [.basic, .atLower], columns: statuses)
            #expect(lp.startingBasis?.fits(lp) == false)
            let plain = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
            #expect(plain.start == .slack && isClose(plain.objectiveValue, 6, absolute: 1e-9))
            lp.hintBasic(LinearProgram.ColumnID(1), in: LinearProgram.RowID(1))
            let hinted = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
            #expect(hinted.start == .hints && isClose(hinted.objectiveValue, 6, absolute: 1e-9))
        }
        var short = Self.cover()
        short.startingBasis = LPBasis(rows: [.basic, .basic], columns: [.atLower, .atLower])
        #expect(short.startingBasis?.fits(short) == false, "one status per column")
    }

    /// x + y = 1 and 2x + 2y ≤ 4 with x and y basic: the right count, but singular.
    @Test func singularBasisFallsBackToHintsThenSlack() throws {
        var lp = LinearProgram()
        let x = lp.addColumn("x", cost: 1)
        let y = lp.addColumn("y", cost: 2)
        lp.addRow("r0", terms: [(x, 1), (y, 1)], lowerBound: 1, upperBound: 1)
        let r1 = lp.addRow("r1", terms: [(x, 2), (y, 2)], upperBound: 4)
        lp.startingBasis = LPBasis(rows: [.fixed, .atUpper], columns: [.basic, .basic])
        #expect(lp.startingBasis?.fits(lp) == true)
        let slack = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
        #expect(slack.start == .slack && isClose(slack.objectiveValue, 1, absolute: 1e-9))
        lp.hintBasic(y, in: r1)
        let hinted = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
        #expect(hinted.start == .hints && isClose(hinted.objectiveValue, 1, absolute: 1e-9))
        #expect(isClose(hinted.columnValues[0], 1, absolute: 1e-9))
    }

    @Test("Presolve and a solve without starting bases ignore the basis; interior point reports no start")
    func ignoredWhereStartsAre() throws {
        let first = try GLPKSolver().solve(Self.cover(), options: SolverOptions(method: .primalSimplex))
        var lp = Self.cover()
        lp.startingBasis = first.basis
        let presolved = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex, presolve: true))
        let unstarted = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex, startingBasis: false))
        let interior = try GLPKSolver().solve(lp, options: SolverOptions(method: .interiorPoint))
        #expect(presolved.start == .slack && unstarted.start == .slack && interior.start == nil && interior.basis == nil)
        for solution in [presolved, unstarted, interior] { #expect(isClose(solution.objectiveValue, 6, absolute: 1e-6)) }
    }

    @Test("The hints as a complete basis: hinted columns basic in their rows' place, upper-bound hints at the upper bound")
    func hintedBasis() {
        var lp = Self.cover()
        lp.hintBasic(LinearProgram.ColumnID(1), in: LinearProgram.RowID(1))
        lp.hintAtUpperBound(LinearProgram.ColumnID(2))
        lp.hintAtUpperBound(LinearProgram.ColumnID(1))
        #expect(lp.hintedBasis == LPBasis(rows: [.basic, .atLower], columns: [.atLower, .basic, .atUpper]))
        #expect(lp.hintedBasis.fits(lp))
    }

    /// r0: x + y, r1: x, r2: z. Greedy pairing gives x row r0 and leaves y without one; the
    /// augmenting path moves x to r1, so a basis with x and y basic (and r2's slack) is kept whole.
    static func pairs() -> LinearProgram {
        var lp = LinearProgram()
        let x = lp.addColumn("x", upperBound: 1)
        let y = lp.addColumn("y", upperBound: 1)
        let z = lp.addColumn("z", upperBound: 1)
        lp.addRow("r0", terms: [(x, 1), (y, 1)], upperBound: 1)
        lp.addRow("r1", terms: [(x, 1)], upperBound: 1)
        lp.addRow("r2", terms: [(z, 1)], upperBound: 1)
        return lp
    }

    @Test("Repair keeps a nonsingular basis whole, even where the first pairing must be undone")
    func repairKeepsAValidBasis() {
        let lp = Self.pairs()
        let basis = LPBasis(rows: [.atUpper, .atUpper, .basic], columns: [.basic, .basic, .atLower])
        #expect(basis.repaired(for: lp) == basis)
    }

    @Test("Repair: a row that lost its basic variable gets its slack basic; a basic column with no row of its own leaves")
    func repairMendsCountAndStructure() {
        let lp = Self.pairs()
        // r1 has no basic variable of its own (only y is basic, and x is not): its slack goes in.
        let short = LPBasis(rows: [.atUpper, .atUpper, .basic], columns: [.atLower, .basic, .atLower])
        #expect(short.repaired(for: lp) == LPBasis(rows: [.atUpper, .basic, .basic], columns: [.atLower, .basic, .atLower]))
        // z is basic, but r2 (its only row) keeps its basic slack: z leaves at its lower bound.
        let long = LPBasis(rows: [.basic, .basic, .basic], columns: [.atLower, .atLower, .basic])
        let mended = long.repaired(for: lp)
        #expect(mended.fits(lp) && mended.basicCount == 3)
        #expect(mended == LPBasis(rows: [.basic, .basic, .basic], columns: [.atLower, .atLower, .atLower]))
        // x, y and z basic with every slack out: y must take r0, so x takes r1.
        let all = LPBasis(rows: [.atUpper, .atUpper, .atUpper], columns: [.basic, .basic, .basic])
        #expect(all.repaired(for: lp) == all, "x, y, z pair with r1, r0, r2")
    }

    @Test("A repaired basis solves to the same optimum, from the basis")
    func repairedBasisSolves() throws {
        var lp = Self.cover()
        let mended = LPBasis(rows: [.atLower, .atLower], columns: [.basic, .atLower, .atLower]).repaired(for: lp)
        #expect(mended.fits(lp))
        lp.startingBasis = mended
        let solution = try GLPKSolver().solve(lp, options: SolverOptions(method: .primalSimplex))
        #expect(solution.start == .basis && isClose(solution.objectiveValue, 6, absolute: 1e-9))
    }
}
