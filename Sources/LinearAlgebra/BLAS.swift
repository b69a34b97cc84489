import COpenBLAS
import Foundation

/// The dense operations the engine's models need, on OpenBLAS (CBLAS) and LAPACKE. This module is
/// the only one that imports `COpenBLAS`.
///
/// Threads: OpenBLAS would start one thread per core for each call. The engine's callers already
/// run in parallel (the service's pools, the backtests' policies) and its matrices are small
/// (tens of columns), so the library is pinned to one thread at first use, unless the operator
/// set `OPENBLAS_NUM_THREADS`, which is then left as it is.
public enum BLAS {
    /// Threads OpenBLAS uses, after `configure()`.
    public static var threads: Int {
        configure()
        return Int(openblas_get_num_threads())
    }

    private static let configured: Bool = {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { openblas_set_num_threads(1) }
        return true
    }()

    /// Pins the thread count once (see the type's note); every entry point calls it.
    static func configure() { _ = configured }

    /// `xᵀx` (a `columns × columns` symmetric matrix, both triangles filled), by `dsyrk`.
    public static func gram(_ x: Matrix) -> Matrix {
        configure()
        let n = x.columns
        var out = Matrix(rows: n, columns: n)
        guard n > 0, x.rows > 0 else { return out }
        x.values.withUnsafeBufferPointer { a in
            out.values.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(x.rows), 1, a.baseAddress, Int32(n), 0, c.baseAddress, Int32(n))
            }
        }
        for i in 0..<n {
            for j in 0..<i { out[i, j] = out[j, i] }
        }
        return out
    }

    /// `xᵀy`, by `dgemv`.
    public static func transposeTimes(_ x: Matrix, _ y: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard y.count == x.rows else { throw .dimensionMismatch("xᵀy: x has \(x.rows) rows, y has \(y.count) values") }
        return gemv(x, y, transposed: true)
    }

    /// `x v`, by `dgemv`.
    public static func times(_ x: Matrix, _ v: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard v.count == x.columns else { throw .dimensionMismatch("x v: x has \(x.columns) columns, v has \(v.count) values") }
        return gemv(x, v, transposed: false)
    }

    /// `x v` or `xᵀ v` (sizes checked by the caller).
    private static func gemv(_ x: Matrix, _ v: [Double], transposed: Bool) -> [Double] {
        configure()
        var out = [Double](repeating: 0, count: transposed ? x.columns : x.rows)
        guard x.rows > 0, x.columns > 0 else { return out }
        x.values.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { r in
                    cblas_dgemv(
                        CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(x.rows), Int32(x.columns), 1, a.baseAddress,
                        Int32(x.columns), b.baseAddress, 1, 0, r.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// Solves `a z = b` for a square `a`, by LU with partial pivoting (`dgesv`).
    /// - Throws: `.singular` when `a` is singular; `.illegalArgument` for a NaN in `a` or `b`.
    public static func solve(_ a: Matrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try checkSquare(a, b, "dgesv")
        configure()
        var lu = a.values, z = b
        var pivots = [Int32](repeating: 0, count: a.rows)
        let n = Int32(a.rows)
        let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, 1, &lu, n, &pivots, &z, 1)
        if let error = LinearAlgebraError.from(info: info, routine: "dgesv") { throw error }
        return z
    }

    /// Solves `a z = b` for a symmetric positive definite `a` (its upper triangle is read), by
    /// Cholesky (`dposv`): half the work of `solve`, and it says when `a` is not positive definite.
    /// - Throws: `.notPositiveDefinite`; `.illegalArgument` for a NaN in `a` or `b`.
    public static func solveSymmetricPositiveDefinite(_ a: Matrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try checkSquare(a, b, "dposv")
        configure()
        var factor = a.values, z = b
        let n = Int32(a.rows)
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), n, 1, &factor, n, &z, 1)
        if let error = LinearAlgebraError.from(info: info, routine: "dposv") { throw error }
        return z
    }

    private static func checkSquare(_ a: Matrix, _ b: [Double], _ routine: String) throws(LinearAlgebraError) {
        guard a.rows == a.columns else { throw .dimensionMismatch("\(routine): the matrix is \(a.rows) × \(a.columns), not square") }
        guard b.count == a.rows else { throw .dimensionMismatch("\(routine): the matrix has \(a.rows) rows, the right-hand side \(b.count) values") }
        guard a.rows > 0 else { throw .dimensionMismatch("\(routine): the matrix is empty") }
    }
}
