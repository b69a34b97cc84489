import ArgumentParser
import Backtest
import Scheduling
import ChargeShareDatasets
import ChargeShareDomain
import Foundation

/// Options shared by `backtest run` and `backtest sweep`.
struct BacktestOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Sessions: ACN CSV (Datasets/acn) or the engine's session export.", valueName: "file"))
    var sessions: String

    @Option(name: .long, help: ArgumentHelp("Hourly day-ahead prices (Datasets/prices format), per MWh.", valueName: "file"))
    var prices: String?

    @Option(name: .long, help: ArgumentHelp("Time-of-use tariff in acnportal JSON (Datasets/tariffs).", valueName: "file"))
    var tariff: String?

    @Option(name: .customLong("tariff-time-zone"), help: "Time zone the tariff's hours are in.")
    var tariffTimeZone = "America/Los_Angeles"

    @Option(name: .customLong("flat-price"), help: "Price per kWh when neither --prices nor --tariff is given.")
    var flatPrice = 0.2

    @Option(name: .customLong("charger-kw"), help: "Maximum power of every station, kW.")
    var chargerKw = 6.6

    @Option(name: .long, help: "Step length: 1m, 5m, 10m, 15m, 20m, 30m or 60m.")
    var interval = "5m"

    @Option(
        name: .long,
        help:
            "Cap on the live policies' look-ahead, e.g. 12h or 90m; by default lp looks ahead to the latest estimated departure of the cars plugged in."
    )
    var horizon: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Comma-separated policies: \(PolicyName.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var policy: String

    @Option(name: .long, help: "Demand of a session: delivered (ACN convention) or requested.")
    var demand = "delivered"

    @Option(
        name: .long,
        help: ArgumentHelp("Replay only sessions arriving at or after this RFC 3339 time or date (YYYY-MM-DD, in --time-zone).", valueName: "time"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Replay only sessions arriving before this time or date.", valueName: "time"))
    var to: String?

    @Option(name: .customLong("time-zone"), help: "Time zone of calendar days in the daily metrics and of --from/--to dates.")
    var timeZone = "UTC"

    @Option(name: .long, help: "Departure the live policies are told: estimated (the driver's, default) or actual (oracle, as in most ACN papers).")
    var departures = "estimated"

    @Option(
        name: .customLong("expected-sessions"),
        help:
            "Whether lp also plans for sessions forecast from the history before each day (on or off, default off); the policy lp+expected always does, so both can run side by side."
    )
    var expectedSessions = "off"

    @Option(
        name: .customLong("warm-start"),
        help:
            "Whether lp starts each step's solve from the previous step's plan (on or off, default on); each step's optimal value is the same, the decision time shorter."
    )
    var warmStart = "on"

    @Flag(name: .long, help: "Let cars discharge (V2G) under lp and offline-optimal, paid at the import price (net metering).")
    var v2g = false

    @Option(name: .long, help: ArgumentHelp("Write backtest.sqlite and CSV files into this directory.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Also write SVG charts into DIR/plots (needs --out).")
    var plots = false

    @Flag(name: .long, help: "Print the machine-readable summary as the last line on standard output.")
    var json = false

    @Flag(name: .customLong("no-progress"), help: "Do not draw the progress bar on standard error.")
    var noProgress = false

    /// Rejects bad options before any file is read, with exit code 2 like every other bad input.
    func validate() throws {
        if let problem = problem() {
            IO.printError("error: \(problem)")
            throw ExitCode(2)
        }
    }

    /// The first bad option, or `nil`. Every number must be finite and within the bounds the
    /// replay and the dispatch contract accept (prices within ±1e4 per kWh, power in (0, 1000] kW).
    func problem() -> String? {
        if prices != nil && tariff != nil { return "give at most one of --prices and --tariff" }
        if plots && out == nil { return "--plots needs --out DIR" }
        guard flatPrice.isFinite, abs(flatPrice) <= Replay.maximumPricePerKwh else {
            return "--flat-price must be a finite price within ±\(Int(Replay.maximumPricePerKwh)) per kWh; got \(flatPrice)"
        }
        guard chargerKw.isFinite, chargerKw > 0, chargerKw <= 1000 else { return "--charger-kw must be in (0, 1000] kW; got \(chargerKw)" }
        guard let step = Self.minutes(interval), DispatchProblem.allowedIntervalMinutes.contains(step) else {
            return "--interval must be one of \(DispatchProblem.allowedIntervalMinutes.map { "\($0)m" }.joined(separator: ", ")); got \"\(interval)\""
        }
        if let horizon, Self.minutes(horizon).map({ $0 < step || $0 / step > DispatchProblem.maximumIntervals }) ?? true {
            return
                "--horizon must be a duration such as 12h or 90m covering 1 to \(DispatchProblem.maximumIntervals) steps of --interval; got \"\(horizon)\""
        }
        guard DepartureKnowledge(rawValue: departures) != nil else { return "--departures must be estimated or actual" }
        guard DemandBasis(rawValue: demand) != nil else { return "--demand must be delivered or requested" }
        guard ["on", "off"].contains(expectedSessions) else { return "--expected-sessions must be on or off; got \"\(expectedSessions)\"" }
        guard ["on", "off"].contains(warmStart) else { return "--warm-start must be on or off; got \"\(warmStart)\"" }
        guard TimeZone(identifier: timeZone) != nil else { return "--time-zone: unknown time zone \"\(timeZone)\"" }
        guard TimeZone(identifier: tariffTimeZone) != nil else { return "--tariff-time-zone: unknown time zone \"\(tariffTimeZone)\"" }
        do { _ = try PolicyName.parseList(policy) } catch { return "--policy: \(error)" }
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, time(value) == nil { return "\(flag): expected RFC 3339 or YYYY-MM-DD, got \"\(value)\"" }
        }
        if let out {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
                return "--out: \(out) exists and is not a directory"
            }
        }
        do { try config(limitKw: 1).validate() } catch { return "\(error)" }
        return nil
    }

    /// Checks a feeder limit given on the command line, kW.
    static func limitProblem(_ flag: String, _ value: Double) -> String? {
        value.isFinite && value > 0 && value <= 1e6 ? nil : "\(flag) must be a feeder limit in (0, 1e6] kW; got \(value)"
    }

    /// `5m`, `12h`, `1d` or bare minutes, as minutes.
    static func minutes(_ text: String) -> Int? {
        let scale: Int
        var digits = Substring(text)
        switch text.last {
        case "m": scale = 1; digits = digits.dropLast()
        case "h": scale = 60; digits = digits.dropLast()
        case "d": scale = 1440; digits = digits.dropLast()
        default: scale = 1
        }
        guard let n = Int(digits), n > 0, n <= 100_000 else { return nil }
        return n * scale
    }

    /// An RFC 3339 time, or a date at midnight in `timeZone`.
    func time(_ text: String) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10, let zone = TimeZone(identifier: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            calendar.component(.day, from: date) == parts[2]
        else { return nil }
        return Timestamp(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Loads the price signal and its currency.
    func priceSignal() throws -> (PriceSignal, String) {
        if let prices {
            let loaded = try DayAheadPrices.load(path: prices)
            return (.hourly(loaded.prices), loaded.prices.currency)
        }
        if let tariff { return (.timeOfUse(try TimeOfUseTariff.load(path: tariff, timeZone: tariffTimeZone)), "USD") }
        return (.flat(flatPrice), "EUR")
    }

    func config(limitKw: Double) -> ReplayConfig {
        var config = ReplayConfig(
            intervalMinutes: Self.minutes(interval) ?? 5, horizonMinutes: horizon.flatMap { Self.minutes($0) }, feederLimitKw: limitKw,
            chargerKw: chargerKw, demand: DemandBasis(rawValue: demand) ?? .delivered,
            v2g: v2g ? V2GSettings(dischargeKw: chargerKw, exportLimitKw: limitKw) : nil, timeZone: timeZone,
            from: from.flatMap { time($0) }, to: to.flatMap { time($0) },
            departures: DepartureKnowledge(rawValue: departures) ?? .estimated, expectedSessions: expectedSessions == "on")
        config.warmStarts = warmStart == "on"
        return config
    }
}
