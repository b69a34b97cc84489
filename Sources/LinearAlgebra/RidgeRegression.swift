/// Ridge regression: `y ≈ intercept + Σ βⱼ xⱼ`, minimising `Σ (yᵢ − ŷᵢ)² + λ Σ (sⱼ βⱼ)²`, where
/// `sⱼ` is feature j's standard deviation in the training data. Features are standardised before
/// the fit (so one λ treats them alike whatever their units) and the intercept is not penalised.
/// A feature that is constant in the training data gets coefficient 0.
///
/// Without an intercept (`intercept: false`) the model goes through the origin: features are
/// scaled by their root mean square instead of standardised, and nothing is centred.
///
/// Solved from the normal equations `(ZᵀZ + λI) β = Zᵀ(y − ȳ)` (Z the standardised features) by
/// Cholesky (`dposv`); `ZᵀZ` by `dsyrk`. With λ > 0 the system is positive definite whatever the
/// data; with λ = 0 and collinear features it is not, and the fit says so.
public struct RidgeRegression: Sendable, Equatable {
    /// The fitted intercept, in the data's units.
    public let intercept: Double
    /// One coefficient per feature, in the data's units (`ŷ = intercept + Σ βⱼ xⱼ`).
    public let coefficients: [Double]
    public let lambda: Double

    public init(intercept: Double, coefficients: [Double], lambda: Double) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.lambda = lambda
    }

    /// Fits `y` on the rows of `x`.
    /// - Throws: `.dimensionMismatch` for sizes that do not fit, no rows, or a value that is not
    ///   finite; `.notPositiveDefinite` for λ = 0 with collinear features.
    public static func fit(_ x: Matrix, _ y: [Double], lambda: Double, intercept fitsIntercept: Bool = true) throws(LinearAlgebraError)
        -> RidgeRegression
    {
        guard x.rows == y.count, x.rows > 0 else { throw .dimensionMismatch("ridge: \(x.rows) rows of features, \(y.count) targets") }
        guard lambda >= 0, lambda.isFinite else { throw .dimensionMismatch("ridge: lambda must be finite and ≥ 0, got \(lambda)") }
        // A NaN would make its column's spread NaN and drop the feature silently: refuse it here.
        if let bad = x.values.firstIndex(where: { !$0.isFinite }) {
            throw .dimensionMismatch("ridge: feature \(bad % max(1, x.columns)) of row \(bad / max(1, x.columns)) is not finite")
        }
        if let bad = y.firstIndex(where: { !$0.isFinite }) { throw .dimensionMismatch("ridge: target \(bad) is not finite") }
        let n = Double(x.rows), p = x.columns
        var means = [Double](repeating: 0, count: p), scales = [Double](repeating: 1, count: p)
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<x.rows { sum += x[i, j] }
            means[j] = fitsIntercept ? sum / n : 0
            var squares = 0.0
            for i in 0..<x.rows { squares += (x[i, j] - means[j]) * (x[i, j] - means[j]) }
            let sd = (squares / n).squareRoot()
            scales[j] = sd > 1e-12 ? sd : 0
        }
        let yMean = fitsIntercept ? y.reduce(0, +) / n : 0
        // Constant features are left out of the system (their column of Z would be 0).
        let used = (0..<p).filter { scales[$0] > 0 }
        var beta = [Double](repeating: 0, count: p)
        if !used.isEmpty {
            var z = Matrix(rows: x.rows, columns: used.count)
            for i in 0..<x.rows {
                for (k, j) in used.enumerated() { z[i, k] = (x[i, j] - means[j]) / scales[j] }
            }
            var a = BLAS.gram(z)
            for k in 0..<used.count { a[k, k] += lambda }
            let b = try BLAS.transposeTimes(z, y.map { $0 - yMean })
            let solution = try BLAS.solveSymmetricPositiveDefinite(a, b)
            for (k, j) in used.enumerated() { beta[j] = solution[k] / scales[j] }
        }
        var intercept = yMean
        for j in 0..<p { intercept -= beta[j] * means[j] }
        return RidgeRegression(intercept: intercept, coefficients: beta, lambda: lambda)
    }

    /// The prediction for one row of features.
    public func predict(_ features: [Double]) -> Double {
        var value = intercept
        for (b, x) in zip(coefficients, features) { value += b * x }
        return value
    }
}
