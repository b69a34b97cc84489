import LinearAlgebra
import Testing

@Suite("OpenBLAS and LAPACKE: products, solves, typed errors")
struct BLASTests {
    @Test func productsMatchHandComputedValues() throws {
        let x = try Matrix(rows: [[1, 2], [3, 4], [5, 6]])
        #expect(BLAS.gram(x) == (try Matrix(rows: [[35, 44], [44, 56]])))
        #expect(try BLAS.transposeTimes(x, [1, 0, -1]) == [-4, -4])
        #expect(try BLAS.times(x, [1, -1]) == [-1, -1, -1])
    }

    @Test func solvesAGeneralAndAPositiveDefiniteSystem() throws {
        // 4a + b = 1, a + 3b = 2: a = 1/11, b = 7/11.
        let a = try Matrix(rows: [[4, 1], [1, 3]])
        for z in [try BLAS.solve(a, [1, 2]), try BLAS.solveSymmetricPositiveDefinite(a, [1, 2])] {
            #expect(abs(z[0] - 1.0 / 11) < 1e-14 && abs(z[1] - 7.0 / 11) < 1e-14, "\(z)")
        }
    }

    @Test func lapackInfoCodesAreTypedErrors() throws {
        #expect(throws: LinearAlgebraError.singular(routine: "dgesv", index: 2)) { try BLAS.solve(try Matrix(rows: [[1, 2], [2, 4]]), [1, 1]) }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dposv", order: 2)) {
            try BLAS.solveSymmetricPositiveDefinite(try Matrix(rows: [[1, 2], [2, 1]]), [1, 1])
        }
        // LAPACKE's own NaN check: argument 4 of LAPACKE_dgesv is the matrix, 7 the right-hand side.
        #expect(throws: LinearAlgebraError.illegalArgument(routine: "dgesv", position: 4)) {
            try BLAS.solve(try Matrix(rows: [[1, .nan], [0, 1]]), [1, 1])
        }
        #expect(throws: LinearAlgebraError.illegalArgument(routine: "dgesv", position: 7)) { try BLAS.solve(.identity(2), [1, .nan]) }
        #expect(throws: LinearAlgebraError.dimensionMismatch("dgesv: the matrix is 2 × 3, not square")) {
            try BLAS.solve(Matrix(rows: 2, columns: 3), [1, 1])
        }
        #expect(throws: LinearAlgebraError.dimensionMismatch("row 1 has 1 values, row 0 has 2")) { try Matrix(rows: [[1, 2], [3]]) }
        #expect(
            LinearAlgebraError.singular(routine: "dgesv", index: 2).description == "LAPACK dgesv: the matrix is singular (U(2,2) is exactly zero)")
    }

    @Test func oneThreadUnlessTheOperatorSaysOtherwise() {
        #expect(BLAS.threads == 1)
    }
}

@Suite("Ridge regression")
struct RidgeRegressionTests {
    @Test func recoversKnownCoefficientsFromExactData() throws {
        // y = 3 + 2 x1 − 0.5 x2 + 0·x3 (x3 constant) on a grid: with a vanishing λ the fit is exact.
        var rows: [[Double]] = [], y: [Double] = []
        for a in 0..<7 {
            for b in 0..<5 {
                rows.append([Double(a), Double(b * b), 4])
                y.append(3 + 2 * Double(a) - 0.5 * Double(b * b))
            }
        }
        let fit = try RidgeRegression.fit(try Matrix(rows: rows), y, lambda: 1e-10)
        #expect(abs(fit.intercept - 3) < 1e-8)
        #expect(abs(fit.coefficients[0] - 2) < 1e-9 && abs(fit.coefficients[1] + 0.5) < 1e-9 && fit.coefficients[2] == 0, "\(fit.coefficients)")
        #expect(abs(fit.predict([10, 1, 4]) - 22.5) < 1e-8)
    }

    @Test func shrinksAsTheClosedFormSays() throws {
        // One feature x = 1…4 (mean 2.5, sd² = 1.25), y = 2x. Standardised, z = (x − 2.5)/sd:
        // Σz² = n = 4 and Σz(y − ȳ) = 2·Σ(x − 2.5)²/sd = 10/sd, so β_z = (10/sd)/(4 + λ) and, back
        // in x units, β = β_z/sd = 10/(1.25·(4 + λ)) = 8/(4 + λ).
        let x = try Matrix(rows: [[1], [2], [3], [4]])
        let y: [Double] = [2, 4, 6, 8]
        for lambda in [0.0, 1, 5, 20] {
            let fit = try RidgeRegression.fit(x, y, lambda: lambda)
            let expected = 8 / (4 + lambda)
            #expect(abs(fit.coefficients[0] - expected) < 1e-12, "λ \(lambda): \(fit.coefficients[0]) vs \(expected)")
            #expect(abs(fit.intercept - (5 - expected * 2.5)) < 1e-12)
        }
    }

    @Test func throughTheOriginWhenAsked() throws {
        // y = 2x exactly, x = 1…4: through the origin, Σx² = 30, rms² = 7.5; with λ on the
        // rms-scaled feature, β = Σxy/(Σx² + λ·rms²) = 60/(30 + 7.5λ).
        let x = try Matrix(rows: [[1], [2], [3], [4]])
        for lambda in [0.0, 2] {
            let fit = try RidgeRegression.fit(x, [2, 4, 6, 8], lambda: lambda, intercept: false)
            #expect(fit.intercept == 0)
            #expect(abs(fit.coefficients[0] - 60 / (30 + 7.5 * lambda)) < 1e-12, "\(fit.coefficients)")
        }
    }

    @Test func collinearFeaturesWithoutPenaltyAreATypedError() throws {
        let x = try Matrix(rows: [[1, 2], [2, 4], [3, 6]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dposv", order: 2)) { try RidgeRegression.fit(x, [1, 2, 3], lambda: 0) }
        #expect(try RidgeRegression.fit(x, [1, 2, 3], lambda: 0.1).coefficients.count == 2)
    }
}
