public import ChargeShareDomain

/// When each interval of an event holds.
///
/// OpenADR 3.0.1: the event's `intervalPeriod`, if present, "sets default start time and
/// duration of intervals"; an interval's own `intervalPeriod` "may set temporal aspects of
/// interval or override event.intervalPeriod". The engine reads that as:
/// - an interval with its own period starts at its `start` and lasts its `duration`, or the
///   event's when it gives none;
/// - an interval without one follows the previous interval (interval 0: the event's start) and
///   lasts the event's duration, so with no per-interval periods interval i holds from
///   `start + i × duration` for `duration`.
/// `randomizeStart` is ignored: a limit holds from its start exactly, for every feeder. A
/// duration must be positive and of fixed length (`PT15M`, `PT1H`, `P1D`, `P1W`); `PT0S` (the
/// default, "instantaneous or infinity, depending on payloadType") and calendar years and months
/// are refused.
public struct EventTiming: Sendable {
    /// Why an interval has no span, and where (a JSON path, or `nil` for the interval itself).
    public struct Problem: Error, Sendable, Equatable {
        public var path: String?
        public var message: String
    }

    let event: OpenADRIntervalPeriod?
    /// End of the previous interval, when it had one.
    private var previousEnd: Timestamp?
    private var index = 0

    public init(event: OpenADRIntervalPeriod?) {
        self.event = event
        previousEnd = nil
    }

    /// An interval that could not be read: the next one has no predecessor to follow.
    public mutating func skip() {
        index += 1
        previousEnd = nil
    }

    /// The span [start, end) of the next interval, given its own period if any.
    public mutating func next(_ own: OpenADRIntervalPeriod?) -> Result<(Timestamp, Timestamp), Problem> {
        defer { index += 1 }
        let i = index
        let start: Timestamp
        if let own {
            start = own.start
        } else if i == 0, let event {
            start = event.start
        } else if let previousEnd {
            start = previousEnd
        } else {
            previousEnd = nil
            return .failure(
                Problem(
                    path: nil,
                    message: i == 0
                        ? "has no start: give the event or the interval an intervalPeriod"
                        : "has no start: it follows intervals[\(i - 1)], which has none; give it an intervalPeriod"))
        }
        let duration = own?.duration ?? event?.duration
        let durationPath = own?.duration != nil ? "intervals[\(i)].intervalPeriod.duration" : "intervalPeriod.duration"
        guard let duration else {
            previousEnd = nil
            return .failure(
                Problem(
                    path: nil, message: "has no duration: the default PT0S (open-ended) is not supported for capacity limits; give one such as PT1H"))
        }
        guard let ms = duration.milliseconds else {
            previousEnd = nil
            return .failure(
                Problem(
                    path: durationPath, message: "\(Displayed.quoted(duration.text)): years and months have no fixed length; use days (P30D) or hours"
                ))
        }
        guard ms > 0 else {
            previousEnd = nil
            return .failure(Problem(path: durationPath, message: "\(Displayed.quoted(duration.text)): an interval needs a positive duration"))
        }
        let end = start.adding(milliseconds: ms)
        previousEnd = end
        return .success((start, end))
    }
}
