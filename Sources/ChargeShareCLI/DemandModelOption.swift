import ArgumentParser
import ChargeShareDatasets
import ChargeShareDomain
import Forecasting
import Store

/// `--demand-model SITE=FILE`: the expected sessions of a site's window, from a demand model file
/// (its time zone and profile length) and the store's historical sessions before the local
/// midnight of the window's day (docs/forecasting.md, "Expected sessions").
enum DemandModelOption {
    /// `SITE=FILE` pairs, or exit 2 naming the bad one.
    static func pairs(_ values: [String]) throws -> [(site: String, path: String)] {
        try values.map { value in
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                IO.printError("error: --demand-model: expected SITE=FILE, got \(Displayed.quoted(value))")
                throw ExitCode(2)
            }
            return (parts[0], parts[1])
        }
    }

    /// Expected sessions by site id for a window starting at `start`, each site's forecast made at
    /// the local midnight of the window's day from the sessions known then.
    static func expected(_ values: [String], start: Timestamp, store: some HistoricalSessionStore) throws -> [String: [ExpectedSession]] {
        let pairs = try pairs(values)
        guard !pairs.isEmpty else { return [:] }
        let history = try IO.failingWithExitOne { try store.historicalSessions() }.map(record)
        var out: [String: [ExpectedSession]] = [:]
        for (site, path) in pairs {
            let model = try ForecastOptions.model(path)
            guard let calendar = LocalCalendar(timeZone: model.timeZone) else {
                IO.printError("error: --demand-model: \(path): unknown time zone \(Displayed.quoted(model.timeZone))")
                throw ExitCode(2)
            }
            var forecaster = ExpectedSessionForecaster()
            if case .profile(let days, _) = model.kind { forecaster.days = days }
            out[site] = forecaster.forecast(day: calendar.local(start).date, hours: 48, sessions: history, calendar: calendar, site: site)
        }
        return out
    }

    /// A stored historical session as the forecaster reads it (kWh).
    static func record(_ s: HistoricalSession) -> SessionRecord {
        SessionRecord(
            id: s.sessionId, stationId: s.stationId, arrival: s.arrival, departure: s.departure, estimatedDeparture: s.estimatedDeparture,
            requestedKwh: s.requestedWh / 1000, deliveredKwh: s.deliveredWh / 1000, claimed: s.claimed)
    }
}
