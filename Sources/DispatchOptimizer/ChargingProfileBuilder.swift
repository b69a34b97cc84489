import ChargeShareDomain

/// Turns session schedules into OCPP SetChargingProfileRequests (`../shared/spec/dispatch.md` §4).
enum ChargingProfileBuilder {
    /// Power in W on the 0.1 W grid, rounded toward zero so that a profile never commands more
    /// power than the schedule in either direction: the sessions' commands then add up to at most
    /// the feeder limit (rounding to nearest let 50 kW shared by many cars come to 50.0001 kW).
    /// Values within 1e-6 of a grid point (6.6 kW computed as 6.59999999…) snap to it. `-0` becomes 0.
    static func watts(_ kw: Double) -> Double {
        let tenths = kw * 10_000
        let nearest = tenths.rounded()
        let w = (abs(tenths - nearest) < 1e-6 ? nearest : tenths.rounded(.towardZero)) / 10
        return w == 0 ? 0 : w
    }

    /// One profile per session with a usable interval, in session order, plus warnings for
    /// schedules longer than OCPP's 1,024 periods (those are cut at period 1,024 and their
    /// `duration` shortened to match: re-dispatch before then).
    static func profiles(
        index: ProblemIndex, schedules: [DispatchResult.SessionSchedule]
    ) -> (profiles: [ChargingProfile], warnings: [String]) {
        let p = index.problem
        let seconds = p.intervalMinutes * 60
        var profiles: [ChargingProfile] = []
        var warnings: [String] = []
        for (s, schedule) in schedules.enumerated() {
            let plan = index.plans[s]
            guard !plan.run.isEmpty else { continue }
            let session = p.sessions[s]
            var periods: [ChargingProfile.Period] = []
            var discharges = false
            for (j, t) in plan.run.enumerated() {
                let setpoint = watts(schedule.chargeKw[t] - schedule.dischargeKw[t])
                if watts(schedule.dischargeKw[t]) > 0 { discharges = true }
                if periods.last?.setpointW != setpoint {
                    periods.append(ChargingProfile.Period(startPeriod: j * seconds, setpointW: setpoint))
                }
            }
            var duration = plan.run.count * seconds
            if periods.count > ChargingProfile.maximumPeriods {
                duration = periods[ChargingProfile.maximumPeriods].startPeriod
                periods.removeLast(periods.count - ChargingProfile.maximumPeriods)
                warnings.append(
                    "sessions[\(s)] (\(session.id)): schedule has more than \(ChargingProfile.maximumPeriods) power changes; "
                        + "its profile covers the first \(duration) s only"
                )
            }
            let start = p.start.adding(milliseconds: Int64(plan.run.lowerBound) * p.intervalMilliseconds)
            profiles.append(
                ChargingProfile(
                    chargerId: session.chargerId, sessionId: session.id, ocppVersion: discharges ? .v21 : .v201,
                    evseId: p.chargers[plan.charger].evseId, profileId: s + 1, transactionId: session.transactionId,
                    startSchedule: start, durationSeconds: duration, periods: periods
                ))
        }
        return (profiles, warnings)
    }
}
