public import ArgumentParser
import ChargeShareDatasets
import ChargeShareDomain
import Forecasting

/// `chargeshare forecast`: site demand models (docs/forecasting.md).
public struct ForecastCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Train, score and run site demand forecasts from charging sessions (docs/forecasting.md).",
        subcommands: [ForecastTrainCommand.self, ForecastEvaluateCommand.self, ForecastPredictCommand.self]
    )

    public init() {}
}

/// Options and loading shared by the forecast commands.
struct SessionsInput {
    let sessions: [SessionRecord]
    let bytes: [UInt8]

    /// The sessions of a file (ACN-Data CSV or the engine's export); exit 2 naming the file and
    /// line when it cannot be read.
    static func load(_ path: String) throws -> SessionsInput {
        let bytes = try IO.readOrExit(path, what: "sessions")
        do {
            return SessionsInput(sessions: try SessionFile.parse(CSVTable(bytes: bytes, source: path)), bytes: bytes)
        } catch {
            IO.printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    var sha256: String { DemandModelFile.sha256Hex(bytes) }
}

extension DemandScore {
    /// The human-readable table the commands print.
    var table: [String] {
        func row(_ name: String, _ e: ForecastErrors.HorizonErrors) -> String {
            "| \(name) | \(String(format: "%.3f", e.mae)) | \(String(format: "%.3f", e.rmse)) | \(String(format: "%.3f", e.mase)) |"
        }
        return [
            "| next day (horizons 1–24 h) | MAE kWh | RMSE kWh | MASE |", "|---|---:|---:|---:|",
            row("model", Self.errors(model, horizons: 1...24)), row("naive daily", Self.errors(naiveDaily, horizons: 1...24)),
            row("naive weekly", Self.errors(naiveWeekly, horizons: 1...24)), row("model, day after (25–48 h)", Self.errors(model, horizons: 25...48)),
            "\(origins) origin(s); worst horizon against the better naive: h\(worstHorizon), ratio \(String(format: "%.3f", worstRatio))",
        ]
    }
}

/// `chargeshare forecast train`: fit and write a model file.
struct ForecastTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a site's demand model on a sessions file and write the model file.",
        discussion: "Exit codes: 0 written; 2 bad arguments or input; 1 the fit or the write failed."
    )

    @Option(name: .long, help: ArgumentHelp("Sessions CSV (ACN-Data or the engine's export).", valueName: "file")) var sessions: String
    @Option(name: .long, help: "Site name recorded in the model.") var site: String
    @Option(name: .long, help: "The site's IANA time zone.") var timeZone = "America/Los_Angeles"
    @Option(name: .long, help: "profile (median of comparable days) or ridge (a LAPACK ridge over simpler forecasts).") var model = "profile"
    @Option(name: .long, help: "How a session's energy is laid over its stay: uniform or asap (6.6 kW from arrival).") var energyProfile = "uniform"
    @Option(name: .long, help: ArgumentHelp("Model file to write.", valueName: "file")) var out: String
    @Flag(name: .long, help: "Print the training figures as one JSON line.") var json = false

    func run() throws {
        guard let calendar = LocalCalendar(timeZone: timeZone) else { throw ValidationError("--time-zone: unknown time zone \"\(timeZone)\"") }
        guard let profile = ForecastOptions.profile(energyProfile) else { throw ValidationError("--energy-profile must be uniform or asap") }
        guard ["profile", "ridge"].contains(model) else { throw ValidationError("--model must be profile or ridge") }
        let input = try SessionsInput.load(sessions)
        let evaluation = try ForecastOptions.evaluation(input, sessions, calendar: calendar, profile: profile)
        let kind: DemandModelFile.Kind
        let score: DemandScore
        if model == "ridge" {
            let series = evaluation.series
            let trained = try IO.failingWithExitOne {
                try RidgeForecaster.train(values: series.energyKwh, firstDay: series.firstDay, intervalMinutes: 60, calendar: calendar)
            }
            kind = .ridge(coefficients: trained.coefficients, lambda: trained.lambda)
            // Scored honestly: refitted at each origin from the days before it.
            score = evaluation.score(RefittedRidge())
        } else {
            kind = .profile(days: 6, statistic: .median)
            score = evaluation.score(ProfileForecaster(days: 6, statistic: .median))
        }
        let file = DemandModelFile(
            site: site, timeZone: timeZone, intervalMinutes: 60, energyProfile: profile, kind: kind,
            training: .init(firstDay: evaluation.firstDay, lastDay: evaluation.lastDay, sessions: input.sessions.count, sessionsSHA256: input.sha256),
            metrics: score.json)
        do { try IO.write(JSONWriter(indent: 2).bytes(file.json) + [0x0A], to: out) } catch {
            IO.printError("error: \(error)")
            throw ExitCode(1)
        }
        if json { IO.print(JSONWriter().string(score.json)) } else { IO.printLines(score.table.joined(separator: "\n")) }
    }
}

/// `chargeshare forecast evaluate`: score a model file, untouched, on sessions.
struct ForecastEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model file, untouched, on a sessions file: next-day hourly energy, rolling daily through the file's period.",
        discussion: """
            The file's stations are summed into one site. The first 28 days are history only; every local midnight after \
            them is an origin. Exit codes: 0 scored; 2 bad arguments, an unreadable or mismatched model, or too few days.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Model file (Models/demand/*.json).", valueName: "file")) var model: String
    @Option(name: .long, help: ArgumentHelp("Sessions CSV.", valueName: "file")) var sessions: String
    @Flag(name: .long, help: "Print {\"mase\", \"mae\", \"rmse\", …} as one JSON line.") var json = false

    func run() throws {
        let file = try ForecastOptions.model(model)
        let input = try SessionsInput.load(sessions)
        guard let calendar = LocalCalendar(timeZone: file.timeZone) else { throw ExitCode(2) }
        let evaluation = try ForecastOptions.evaluation(input, sessions, calendar: calendar, profile: file.energyProfile)
        guard evaluation.series.days >= evaluation.warmUpDays + 2 else {
            IO.printError("error: \(sessions) must span at least 30 days (28 of history, then the days scored)")
            throw ExitCode(2)
        }
        let score = evaluation.score(file.forecaster)
        if json { IO.print(JSONWriter().string(score.json)) } else { IO.printLines(score.table.joined(separator: "\n")) }
    }
}

/// `chargeshare forecast predict`: the next hours from the sessions before a day.
struct ForecastPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Forecast a site's hourly energy from local midnight of --day on, from the sessions before it.",
        discussion: "Exit codes: 0 printed; 2 bad arguments, an unreadable or mismatched model, or no history before the day."
    )

    @Option(name: .long, help: ArgumentHelp("Model file.", valueName: "file")) var model: String
    @Option(name: .long, help: ArgumentHelp("Sessions CSV: the history.", valueName: "file")) var sessions: String
    @Option(name: .long, help: ArgumentHelp("The first local day forecast (YYYY-MM-DD).", valueName: "date")) var day: String
    @Option(name: .long, help: "Hours to forecast (1–168).") var hours = 48
    @Flag(
        name: .long,
        help: "Print {\"site\", \"timeZone\", \"start\", \"intervalMinutes\", \"localHours\": [...], \"energyKwh\": [...]} as one JSON line.")
    var json = false

    func run() throws {
        guard let start = CivilDate(day) else { throw ValidationError("--day must be a date YYYY-MM-DD") }
        guard (1...168).contains(hours) else { throw ValidationError("--hours must be 1 to 168") }
        let file = try ForecastOptions.model(model)
        let input = try SessionsInput.load(sessions)
        guard let calendar = LocalCalendar(timeZone: file.timeZone), let first = input.sessions.map(\.arrival).min() else {
            IO.printError("error: \(sessions) holds no sessions")
            throw ExitCode(2)
        }
        let firstDay = calendar.local(first).date, days = start.daysSinceEpoch - firstDay.daysSinceEpoch
        guard days >= 1 else {
            IO.printError("error: no history before \(day): the sessions start on \(firstDay)")
            throw ExitCode(2)
        }
        guard days <= DemandEvaluation.maximumDays else {
            IO.printError("error: \(days) days of history before \(day), more than \(DemandEvaluation.maximumDays)")
            throw ExitCode(2)
        }
        let history = input.sessions.filter { calendar.local($0.arrival).date < start }
        let series = DemandSeries(sessions: history, calendar: calendar, firstDay: firstDay, days: days, profile: file.energyProfile)
        let context = ForecastContext(history: series.energyKwh[...], firstDay: firstDay, intervalMinutes: 60, calendar: calendar)
        let forecast = file.forecaster.forecast(context, horizon: hours)
        // Value h is local hour h % 24 of local day `start` + h / 24 (the series' wall-clock grid:
        // on daylight-saving days a local hour is not "midnight + h real hours").
        let labels = forecast.indices.map { h in
            "\(CivilDate(daysSinceEpoch: start.daysSinceEpoch + h / 24))T\(h % 24 < 10 ? "0" : "")\(h % 24):00"
        }
        if json {
            IO.print(
                JSONWriter().string(
                    .object([
                        ("site", .string(file.site)), ("timeZone", .string(file.timeZone)), ("start", .string(calendar.midnight(start).description)),
                        ("intervalMinutes", .integer(60)), ("localHours", .array(labels.map { .string($0) })),
                        ("energyKwh", .array(forecast.map { .number(($0 * 1000).rounded() / 1000) })),
                    ])))
        } else {
            for (label, kwh) in zip(labels, forecast) { IO.print("\(label) \(file.timeZone)\t\(String(format: "%.3f", kwh))") }
        }
    }
}

enum ForecastOptions {
    static func profile(_ name: String) -> EnergyProfile? {
        switch name {
        case "uniform": .uniform
        case "asap": .asSoonAsPossible(kw: 6.6)
        default: nil
        }
    }

    /// The series of a file's sessions, or exit 2 saying why there is none.
    static func evaluation(_ input: SessionsInput, _ path: String, calendar: LocalCalendar, profile: EnergyProfile) throws -> DemandEvaluation {
        do { return try DemandEvaluation(sessions: input.sessions, calendar: calendar, profile: profile) } catch {
            IO.printError("error: \(path): \(error)")
            throw ExitCode(2)
        }
    }

    /// A model file, or exit 2 listing what is wrong with it (each with its JSON path).
    static func model(_ path: String) throws -> DemandModelFile {
        let bytes = try IO.readOrExit(path, what: "model")
        do { return try DemandModelFile.read(bytes) } catch {
            for issue in error.issues { IO.printError("\(path): \(issue.description)") }
            throw ExitCode(2)
        }
    }
}
