import Foundation

/// L2-regularised logistic regression: `P(y = 1 | x) = σ(intercept + Σ βⱼ xⱼ)`, maximising the
/// log-likelihood minus `λ/2 Σ (sⱼ βⱼ)²` (sⱼ feature j's standard deviation, so one λ treats
/// features alike whatever their units; the intercept is not penalised).
///
/// Fitted by Newton's method (iteratively reweighted least squares) on the standardised
/// features: each step solves `(ZᵀWZ + λI) Δ = Zᵀ(y − p) − λβ` by Cholesky (`dposv`), with
/// `ZᵀWZ` from `dsyrk` over the rows scaled by √(pᵢ(1 − pᵢ)). With λ > 0 the objective is strictly
/// concave, so the steps converge even on separable data; with λ = 0 on separable data the
/// coefficients grow until `maxIterations` (`iterations` says how many steps were taken).
public struct LogisticRegression: Sendable, Equatable {
    public let intercept: Double
    /// One coefficient per feature, in the data's units.
    public let coefficients: [Double]
    public let lambda: Double
    /// Newton steps taken.
    public let iterations: Int

    public init(intercept: Double, coefficients: [Double], lambda: Double, iterations: Int = 0) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.lambda = lambda
        self.iterations = iterations
    }

    /// Fits labels `y` (each 0 or 1) on the rows of `x`.
    /// - Throws: `.dimensionMismatch` for sizes that do not fit, no rows, a value that is not
    ///   finite or a label that is not 0 or 1; `.notPositiveDefinite` when λ = 0 and the features
    ///   are collinear.
    public static func fit(_ x: Matrix, _ y: [Double], lambda: Double, maxIterations: Int = 50) throws(LinearAlgebraError)
        -> LogisticRegression
    {
        guard x.rows == y.count, x.rows > 0 else { throw .dimensionMismatch("logistic: \(x.rows) rows of features, \(y.count) labels") }
        guard lambda >= 0, lambda.isFinite else { throw .dimensionMismatch("logistic: lambda must be finite and ≥ 0, got \(lambda)") }
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw .dimensionMismatch("logistic: feature \(bad % max(1, x.columns)) of row \(bad / max(1, x.columns)) is not finite")
        }
        if let bad = y.firstIndex(where: { $0 != 0 && $0 != 1 }) { throw .dimensionMismatch("logistic: label \(bad) is \(y[bad]), not 0 or 1") }
        let n = x.rows, p = x.columns
        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<n { sum += x[i, j] }
            means[j] = sum / Double(n)
            var squares = 0.0
            for i in 0..<n { squares += (x[i, j] - means[j]) * (x[i, j] - means[j]) }
            let sd = (squares / Double(n)).squareRoot()
            scales[j] = sd > 1e-12 ? sd : 0
        }
        let used = (0..<p).filter { scales[$0] > 0 }
        let k = used.count + 1  // column 0: the intercept
        var z = Matrix(rows: n, columns: k)
        for i in 0..<n {
            z[i, 0] = 1
            for (c, j) in used.enumerated() { z[i, c + 1] = (x[i, j] - means[j]) / scales[j] }
        }
        let rate = y.reduce(0, +) / Double(n)
        var beta = [Double](repeating: 0, count: k)
        beta[0] = log(max(rate, 1e-9) / max(1 - rate, 1e-9))
        var iterations = 0
        for _ in 0..<maxIterations {
            iterations += 1
            let eta = try BLAS.times(z, beta)
            var weighted = Matrix(rows: n, columns: k)
            var residual = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let pi = 1 / (1 + exp(-eta[i]))
                let w = max(pi * (1 - pi), 1e-12).squareRoot()
                for c in 0..<k { weighted[i, c] = z[i, c] * w }
                residual[i] = y[i] - pi
            }
            var hessian = BLAS.gram(weighted)
            var gradient = try BLAS.transposeTimes(z, residual)
            for c in 1..<k {
                hessian[c, c] += lambda
                gradient[c] -= lambda * beta[c]
            }
            let step = try BLAS.solveSymmetricPositiveDefinite(hessian, gradient)
            for c in 0..<k { beta[c] += step[c] }
            if step.allSatisfy({ abs($0) < 1e-9 }) { break }
        }
        var coefficients = [Double](repeating: 0, count: p)
        var intercept = beta[0]
        for (c, j) in used.enumerated() {
            coefficients[j] = beta[c + 1] / scales[j]
            intercept -= coefficients[j] * means[j]
        }
        return LogisticRegression(intercept: intercept, coefficients: coefficients, lambda: lambda, iterations: iterations)
    }

    /// The linear score `intercept + Σ βⱼ xⱼ` (the log-odds).
    public func logOdds(_ features: [Double]) -> Double {
        var value = intercept
        for (b, x) in zip(coefficients, features) { value += b * x }
        return value
    }

    /// The probability for one row of features, in [0, 1].
    public func probability(_ features: [Double]) -> Double { 1 / (1 + exp(-logOdds(features))) }
}
