/// Decides every car's power for one step. Positive = charge, negative = discharge, kW.
///
/// The one narrow interface between a scheduling algorithm and whatever drives it (acnportal's
/// design): the backtester replays it over recorded sessions, and the live service calls the same
/// policy once per dispatch window. A policy sees only a `StepView`, never the future.
///
/// The caller clamps the answer to each car's power and energy bounds; it never fixes a
/// feeder-limit breach, so a policy that ignores the limit shows violations.
public protocol SchedulingPolicy {
    /// Name used in reports (`lp`, `edf`, …).
    var name: String { get }
    /// Power per car in `view.evs` order, kW.
    mutating func schedule(_ view: StepView) throws(SchedulingError) -> [Double]
}

/// Why a policy could not decide a step.
public enum SchedulingError: Error, Equatable, CustomStringConvertible {
    /// The dispatch engine refused or failed on the step's window.
    case dispatchFailed(policy: String, step: String, message: String)

    public var description: String {
        switch self {
        case .dispatchFailed(let policy, let step, let m): "policy \(policy) failed at \(step): \(m)"
        }
    }
}
