/// A per-interval quantity: one value for every interval, or one value per interval.
///
/// Mirrors the contract's *series* (`../shared/spec/dispatch.md` §1): a JSON number or an array
/// of exactly `intervals` numbers. The engine keeps the compact form so that a problem written
/// back out stays as small as it came in.
public enum Series: Sendable, Equatable {
    case constant(Double)
    case values([Double])

    /// The value in interval `t`.
    @inline(__always)
    public subscript(t: Int) -> Double {
        switch self {
        case .constant(let v): return v
        case .values(let a): return a[t]
        }
    }

    /// Every interval's value, for a window of `count` intervals.
    public func expanded(count: Int) -> [Double] {
        switch self {
        case .constant(let v): return Array(repeating: v, count: count)
        case .values(let a): return a
        }
    }

    /// True when every value is zero.
    public var isZero: Bool {
        switch self {
        case .constant(let v): return v == 0
        case .values(let a): return a.allSatisfy { $0 == 0 }
        }
    }

    /// The series as JSON: a number or an array of numbers.
    public var json: JSONValue {
        switch self {
        case .constant(let v): return .number(v)
        case .values(let a): return .array(a.map { .number($0) })
        }
    }
}
