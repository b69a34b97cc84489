import Foundation
import LinearAlgebra
import Testing

@Suite("Logistic regression (IRLS on OpenBLAS/LAPACKE)")
struct LogisticRegressionTests {
    /// 1,000 rows per grid point, `round(1000 p)` of them labelled 1, p = σ(−1 + 2 x₁ − 3 x₂): the
    /// maximum-likelihood fit is the generating model up to the rounding of the counts.
    static func gridData() throws -> (Matrix, [Double]) {
        var rows: [[Double]] = [], labels: [Double] = []
        for x1 in [-1.0, -0.5, 0, 0.5, 1] {
            for x2 in [-1.0, 0, 1] {
                let p = 1 / (1 + exp(-(-1 + 2 * x1 - 3 * x2)))
                let positives = Int((p * 1000).rounded())
                for k in 0..<1000 {
                    rows.append([x1, x2])
                    labels.append(k < positives ? 1 : 0)
                }
            }
        }
        return (try Matrix(rows: rows), labels)
    }

    @Test func recoversKnownCoefficients() throws {
        let (x, y) = try Self.gridData()
        let fit = try LogisticRegression.fit(x, y, lambda: 1e-9)
        // Rounding p to 1/1000 moves a logit by at most 0.0005 / (p(1 − p)) ≤ 0.07 at p ≈ 0.007; the
        // fit averages these over 15 points.
        #expect(abs(fit.intercept - -1) < 0.02)
        #expect(abs(fit.coefficients[0] - 2) < 0.02)
        #expect(abs(fit.coefficients[1] - -3) < 0.02)
        #expect(fit.iterations < 20)
        #expect(abs(fit.probability([0.5, 0]) - 0.5) < 0.01)
    }

    @Test func thePenaltyShrinksTowardsTheBaseRate() throws {
        let (x, y) = try Self.gridData()
        let loose = try LogisticRegression.fit(x, y, lambda: 1e-9)
        let tight = try LogisticRegression.fit(x, y, lambda: 1e6)
        #expect(abs(tight.coefficients[0]) < 0.01 * abs(loose.coefficients[0]))
        // With the slopes ~0 the intercept is the log-odds of the overall rate.
        let rate = y.reduce(0, +) / Double(y.count)
        #expect(abs(tight.probability([0, 0]) - rate) < 0.01)
    }

    @Test func badInputIsATypedError() throws {
        let x = try Matrix(rows: [[1, 1], [2, 2], [3, 3], [4, 4]])
        #expect(throws: LinearAlgebraError.dimensionMismatch("logistic: label 2 is 0.5, not 0 or 1")) {
            try LogisticRegression.fit(x, [0, 1, 0.5, 1], lambda: 1)
        }
        #expect(throws: LinearAlgebraError.dimensionMismatch("logistic: 4 rows of features, 3 labels")) {
            try LogisticRegression.fit(x, [0, 1, 1], lambda: 1)
        }
        let nan = try Matrix(rows: [[1, 1], [2, .nan]])
        #expect(throws: LinearAlgebraError.dimensionMismatch("logistic: feature 1 of row 1 is not finite")) {
            try LogisticRegression.fit(nan, [0, 1], lambda: 1)
        }
        // Two identical columns without a penalty: the Hessian is singular, and dposv says so.
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dposv", order: 3)) {
            try LogisticRegression.fit(x, [0, 1, 0, 1], lambda: 0)
        }
    }
}
