public import ChargeShareDomain
public import OpenADR

extension SQLiteStore {
    /// The feeder with its effective limits over `window`: its registry limits and the stored
    /// utility limits overlapping the window, through `GridLimit.effective`, the function problem
    /// assembly uses. What `GET /v1/feeders/{id}/limits` returns (`window.json(_:)`).
    /// - Throws: `.notFound` when the feeder is not registered.
    public func effectiveLimits(feederId: String, window: FeederLimitWindow) throws(StoreError) -> Feeder {
        guard let feeder = try registry().feeders.first(where: { $0.id == feederId }) else {
            throw .notFound(table: "feeders", key: "feeder \(Displayed.quoted(feederId))")
        }
        let limits = try utilityLimits(feederIds: [feederId], from: window.start, to: window.end).map(\.gridLimit)
        return GridLimit.effective(
            feeder: feeder, limits: limits, start: window.start, intervalMinutes: window.intervalMinutes, intervals: window.intervals)
    }
}
