import ArgumentParser
import ChargeShareDatasets
import ChargeShareDomain
import Forecasting
import Foundation
import Synthetic

/// `chargeshare bench forecast`: the cost of training and scoring demand models for many sites.
struct BenchForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Time demand-model training and scoring for many sites of synthetic sessions (docs/PERFORMANCE.md).",
        discussion: """
            Build in release mode first: swift build -c release. Each site gets its own year of ElaadNL workplace sessions \
            (SessionGenerator, seed = --seed + site; generation is not timed). Per site: the demand series (timed), the ridge \
            model trained with LAPACK (RidgeForecaster.train, timed), and the median profile scored by rolling origin (timed). \
            Sites are processed one after another, so memory holds one site at a time.
            """
    )

    @Option(name: .long, help: "Sites.") var sites = 1000
    @Option(name: .long, help: "Days per site.") var days = 365
    @Option(name: .long, help: "Interval, minutes (divides a day).") var intervalMinutes = 15
    @Option(name: .long, help: "Seed of the first site.") var seed: UInt64 = 7
    @Option(name: .long, help: ArgumentHelp("ElaadNL tables (default: Datasets/elaad).", valueName: "dir")) var distributions: String?

    func validate() throws {
        guard sites >= 1, days >= 60, intervalMinutes > 0, 1440 % intervalMinutes == 0 else {
            throw ValidationError("--sites ≥ 1, --days ≥ 60 and an --interval-minutes that divides a day")
        }
    }

    func run() throws {
        guard let directory = distributions ?? GenerateSessionsCommand.elaadDirectory(),
            let tables = try? ElaadDistributions.load(directory: directory), let calendar = LocalCalendar(timeZone: "Europe/Amsterdam"),
            let firstDay = CivilDate("2025-01-06")
        else {
            IO.printError("error: cannot load the ElaadNL tables (Datasets/elaad, or --distributions DIR)")
            throw ExitCode(2)
        }
        PeakMemory.reset()
        let clock = ContinuousClock()
        var seriesTime = Duration.zero, trainTime = Duration.zero, scoreTime = Duration.zero
        var sessions = 0, rows = 0, maseSum = 0.0
        for site in 0..<sites {
            let generator = SessionGenerator(distributions: tables, location: .workplace, seed: seed + UInt64(site))
            let generated = generator.generate(firstDay: firstDay.description, days: days, timeZone: calendar.timeZone).sessions
            sessions += generated.count
            var series: DemandSeries?
            seriesTime += clock.measure {
                series = DemandSeries(sessions: generated, calendar: calendar, firstDay: firstDay, days: days, intervalMinutes: intervalMinutes)
            }
            guard let series else { continue }
            rows += series.count
            trainTime += clock.measure {
                _ = try? RidgeForecaster.train(
                    values: series.energyKwh, firstDay: firstDay, intervalMinutes: intervalMinutes, calendar: calendar, horizon: 2 * series.perDay)
            }
            scoreTime += clock.measure {
                let errors = RollingOrigin(warmUpDays: 28, horizon: series.perDay).evaluate(
                    ProfileForecaster(), values: series.energyKwh, firstDay: firstDay, intervalMinutes: intervalMinutes, calendar: calendar)
                maseSum += errors.mase
            }
        }
        func seconds(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        IO.print("\(sites) site(s) × \(days) day(s) at \(intervalMinutes) min: \(rows) intervals, \(sessions) sessions (generation not timed)")
        IO.print("| step | total s | per site ms |")
        IO.print("|---|---:|---:|")
        for (name, time) in [
            ("demand series from sessions", seriesTime), ("ridge trained (LAPACK, λ by validation)", trainTime),
            ("median profile scored by rolling origin", scoreTime),
        ] {
            IO.print(
                "| \(name) | \(seconds(time)) | \(String(format: "%.1f", (Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18) * 1000 / Double(sites))) |"
            )
        }
        IO.print(
            "peak RSS \(String(format: "%.0f", PeakMemory.megabytes())) MB; mean next-day MASE of the profile \(String(format: "%.3f", maseSum / Double(sites)))"
        )
    }
}
