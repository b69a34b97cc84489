/// Why a linear-algebra call failed: LAPACK's `info` codes as cases, and the checks made in Swift
/// before a call (LAPACK aborts on nothing, but wrong dimensions would read out of bounds).
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `info < 0`: LAPACK's argument number `position` of `routine` is invalid. LAPACKE also
    /// answers this when that argument (a matrix or vector) holds a NaN.
    case illegalArgument(routine: String, position: Int)
    /// `info > 0` from `dgesv`: `U(index, index)` of the LU factorisation is exactly zero (1-based),
    /// so the matrix is singular and no solution was computed.
    case singular(routine: String, index: Int)
    /// `info > 0` from `dposv`: the leading minor of order `order` is not positive definite, so
    /// the Cholesky factorisation could not be completed.
    case notPositiveDefinite(routine: String, order: Int)
    /// Operands whose sizes do not fit, found before any call.
    case dimensionMismatch(String)

    public var description: String {
        switch self {
        case .illegalArgument(let routine, let position):
            "LAPACK \(routine): argument \(position) is invalid (or holds a NaN)"
        case .singular(let routine, let index):
            "LAPACK \(routine): the matrix is singular (U(\(index),\(index)) is exactly zero)"
        case .notPositiveDefinite(let routine, let order):
            "LAPACK \(routine): the matrix is not positive definite (leading minor of order \(order))"
        case .dimensionMismatch(let detail): "dimension mismatch: \(detail)"
        }
    }

    /// The error for LAPACK's `info` of `routine` (`nil` for 0, success).
    static func from(info: Int32, routine: String) -> LinearAlgebraError? {
        if info == 0 { return nil }
        if info < 0 { return .illegalArgument(routine: routine, position: Int(-info)) }
        return routine.hasSuffix("posv") ? .notPositiveDefinite(routine: routine, order: Int(info)) : .singular(routine: routine, index: Int(info))
    }
}
