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

    /// A site's demand model, read and checked.
    struct Loaded: Sendable {
        let site: String
        let calendar: LocalCalendar
        let forecaster: ExpectedSessionForecaster
    }

    /// Reads every `SITE=FILE` model, or exits 2 saying what is wrong.
    static func load(_ values: [String]) throws -> [Loaded] {
        try pairs(values).map { site, path in
            let model = try ForecastOptions.model(path)
            guard let calendar = LocalCalendar(timeZone: model.timeZone) else {
                IO.printError("error: --demand-model: \(path): unknown time zone \(Displayed.quoted(model.timeZone))")
                throw ExitCode(2)
            }
            var forecaster = ExpectedSessionForecaster()
            if case .profile(let days, _) = model.kind { forecaster.days = days }
            return Loaded(site: site, calendar: calendar, forecaster: forecaster)
        }
    }

    /// Expected sessions by site id for a window starting at `start`, each site's forecast made at
    /// the local midnight of the window's day from the sessions of `history` known then.
    ///
    /// A site's history is the sessions of its registered stations. When none of the history's
    /// stations is registered on it and it is the only site given a model, the whole history is
    /// taken as its own (an imported ACN file whose station names the registry does not use);
    /// with several models such a site gets no expected sessions, rather than every site's.
    static func expected(_ models: [Loaded], start: Timestamp, history: [SessionRecord], registry: Registry) -> [String: [ExpectedSession]] {
        var out: [String: [ExpectedSession]] = [:]
        for m in models {
            let stations = Set(registry.chargers.filter { $0.charger.siteId == m.site }.map(\.stationId))
            var own = history.filter { stations.contains($0.stationId) }
            if own.isEmpty, models.count == 1 { own = history }
            out[m.site] = m.forecaster.forecast(day: m.calendar.local(start).date, hours: 48, sessions: own, calendar: m.calendar, site: m.site)
        }
        return out
    }

    /// `expected` with the models of `values` and the store's historical sessions (exit 2 for a
    /// bad model, 1 when the store cannot be read).
    static func expected(_ values: [String], start: Timestamp, store: some HistoricalSessionStore & RegistryStore) throws -> [String:
        [ExpectedSession]]
    {
        let models = try load(values)
        guard !models.isEmpty else { return [:] }
        let (history, registry) = try IO.failingWithExitOne { (try store.historicalSessions().map(record), try store.registry()) }
        return expected(models, start: start, history: history, registry: registry)
    }

    /// A stored historical session as the forecaster reads it (kWh).
    static func record(_ s: HistoricalSession) -> SessionRecord {
        SessionRecord(
            id: s.sessionId, stationId: s.stationId, arrival: s.arrival, departure: s.departure, estimatedDeparture: s.estimatedDeparture,
            requestedKwh: s.requestedWh / 1000, deliveredKwh: s.deliveredWh / 1000, claimed: s.claimed)
    }
}
