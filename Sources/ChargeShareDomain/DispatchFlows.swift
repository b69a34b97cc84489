/// The part of a `DispatchResult` that pricing and publishing use: the flows and congestion
/// prices, without charging profiles or solver details.
public struct DispatchFlows: Sendable, Equatable {
    public var windowId: String
    public var start: Timestamp
    public var intervalMinutes: Int
    public var intervals: Int
    public var currency: String
    public var status: DispatchResult.Status
    public var sites: [DispatchResult.SiteFlows]
    public var feeders: [DispatchResult.FeederFlows]
    public var sessions: [DispatchResult.SessionSchedule]

    public init(
        windowId: String, start: Timestamp, intervalMinutes: Int, intervals: Int, currency: String,
        status: DispatchResult.Status, sites: [DispatchResult.SiteFlows], feeders: [DispatchResult.FeederFlows],
        sessions: [DispatchResult.SessionSchedule]
    ) {
        self.windowId = windowId
        self.start = start
        self.intervalMinutes = intervalMinutes
        self.intervals = intervals
        self.currency = currency
        self.status = status
        self.sites = sites
        self.feeders = feeders
        self.sessions = sessions
    }

    /// The flows of a result computed in-process.
    public init(_ result: DispatchResult) {
        self.init(
            windowId: result.windowId, start: result.start, intervalMinutes: result.intervalMinutes,
            intervals: result.intervals, currency: result.currency, status: result.status, sites: result.sites,
            feeders: result.feeders, sessions: result.sessions
        )
    }
}
