public import ArgumentParser
import ChargeShareDomain
import CloudDispatch
import Foundation
import Scheduling
import Store

/// `chargeshare problem`: dispatch problems built from the engine's state.
public struct ProblemCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "problem",
        abstract: "Build dispatch problems from the engine database (docs/telemetry.md).",
        subcommands: [ProblemAssembleCommand.self]
    )

    public init() {}
}

/// `chargeshare problem assemble --db FILE --feeder ID --start T --intervals N`.
struct ProblemAssembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assemble",
        abstract: "Write the DispatchProblem of feeders from the registry, the live sessions, utility limits and prices.",
        discussion: """
            The problem goes to --out (or standard output) and is what `chargeshare dispatch --problem` reads. Defaults \
            applied to sessions and sessions left out are printed on standard error, one line each. Exit codes: 0 written; \
            2 bad arguments, an unknown feeder, no prices for the window or an invalid --prices file; 1 the database \
            cannot be read.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Engine database (SQLite).", valueName: "file")) var db: String
    @Option(name: .customLong("feeder"), help: ArgumentHelp("Feeder to include (repeat for more).", valueName: "id")) var feeders: [String] = []
    @Option(name: .long, help: ArgumentHelp("Start of the window (RFC 3339, a whole minute).", valueName: "time")) var start: String
    @Option(name: .long, help: ArgumentHelp("Number of intervals (1–2880).", valueName: "n")) var intervals: Int
    @Option(name: .customLong("interval-minutes"), help: ArgumentHelp("Interval length: 1, 5, 10, 15, 20, 30 or 60.", valueName: "m"))
    var intervalMinutes = 15
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Prices JSON, the contract's prices object {\"importPerKwh\": …, \"exportPerKwh\": …} (default: stored prices).", valueName: "file"))
    var prices: String?
    @Option(name: .long, help: ArgumentHelp("Currency of --prices (ISO 4217).", valueName: "code")) var currency = "EUR"
    @Option(name: .customLong("price-series"), help: ArgumentHelp("Stored price series used without --prices.", valueName: "name"))
    var priceSeries = "default"
    @Option(name: .customLong("window-id"), help: ArgumentHelp("Window id (default: FEEDERS@START).", valueName: "id")) var windowId: String?
    @Option(name: .customLong("default-target-kwh"), help: ArgumentHelp("Session energy assumed when the EV sent none, kWh.", valueName: "kwh"))
    var defaultTargetKwh = ProblemAssembly.LiveDefaults().targetKwh
    @Option(name: .customLong("default-dwell-hours"), help: ArgumentHelp("Stay assumed when the EV sent no departure, hours.", valueName: "h"))
    var defaultDwellHours = ProblemAssembly.LiveDefaults().dwellHours
    @Option(
        name: .customLong("demand-model"),
        help: ArgumentHelp(
            "Add the sessions a site's demand model expects (from the stored historical sessions), as virtual expected: sessions; repeat per site.",
            valueName: "site=file")) var demandModels: [String] = []
    @Option(name: .long, help: ArgumentHelp("Write the problem here instead of standard output.", valueName: "file")) var out: String?
    @Flag(name: .long, help: "Print a JSON summary (counts, warnings, exclusions) as the last line on standard output; needs --out.")
    var json = false

    func validate() throws {
        guard !feeders.isEmpty else { throw ValidationError("give at least one --feeder ID") }
        guard DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) else {
            throw ValidationError("--interval-minutes must be one of 1, 5, 10, 15, 20, 30, 60, got \(intervalMinutes)")
        }
        guard (1...DispatchProblem.maximumIntervals).contains(intervals) else {
            throw ValidationError("--intervals must be 1 to \(DispatchProblem.maximumIntervals), got \(intervals)")
        }
        guard defaultTargetKwh.isFinite, (0...1000).contains(defaultTargetKwh) else {
            throw ValidationError("--default-target-kwh must be 0 to 1000, got \(defaultTargetKwh)")
        }
        guard defaultDwellHours.isFinite, defaultDwellHours > 0, defaultDwellHours <= 168 else {
            throw ValidationError("--default-dwell-hours must be more than 0 and at most 168, got \(defaultDwellHours)")
        }
        guard ProblemReader.isCurrencyCode(currency) else {
            throw ValidationError("--currency must be an ISO 4217 code such as EUR, got \(currency)")
        }
        if let windowId, !(1...128).contains(windowId.count) { throw ValidationError("--window-id must be 1 to 128 characters") }
        if json && out == nil { throw ValidationError("--json needs --out FILE: without it the problem itself goes to standard output") }
    }

    func run() throws {
        let startTime = try TimeOption.timestamp(start, option: "--start")
        guard startTime.isWholeMinute else { throw ValidationError("--start must be a whole minute, got \(startTime)") }
        let priceBytes = try prices.map { try IO.readOrExit($0, what: "prices", limit: 64 << 20) }
        guard FileManager.default.fileExists(atPath: db) else {
            IO.printError("error: cannot read database \(Displayed.quoted(db, limit: 1024)): no such file")
            throw ExitCode(2)
        }
        let id = windowId ?? "\(feeders.joined(separator: "+"))@\(startTime)"
        guard id.count <= 128 else { throw ValidationError("the default window id is longer than 128 characters: give --window-id") }
        let store = try IO.failingWithExitOne { try SQLiteStore(path: db, schema: .engine) }
        var source = StoredWindowAssembly.PriceSource.stored(series: priceSeries)
        if let priceBytes {
            do { source = .given(try PricesReader.read(priceBytes, intervals: intervals), currency: currency) } catch {
                for issue in error.issues { IO.printError("--prices: \(issue.description)") }
                throw ExitCode(2)
            }
        }
        let expected = try DemandModelOption.expected(demandModels, start: startTime, store: store)
        // The service's assembly too (CloudDispatch): registry, prices, sessions, utility limits, checked.
        let assembled: StoredWindowAssembly.Assembled
        do {
            assembled = try StoredWindowAssembly.assemble(
                windowId: id, start: startTime, intervalMinutes: intervalMinutes, intervals: intervals, feederIds: feeders, prices: source,
                defaults: ProblemAssembly.LiveDefaults(targetKwh: defaultTargetKwh, dwellHours: defaultDwellHours), expected: expected,
                store: store)
        } catch {
            switch error {
            case .unknownFeeders(let ids):
                IO.printError(
                    "error: --feeder: unknown feeder \(Displayed.quoted(ids.first ?? "")) (not in the registry of \(Displayed.quoted(db, limit: 1024)))"
                )
                throw ExitCode(2)
            case .noPrices(let series, let gap):
                IO.printError(
                    "error: no prices for the window: price series \(Displayed.quoted(series)) has \(gap); give --prices FILE or store the prices")
                throw ExitCode(2)
            case .store(let failure):
                IO.printError("error: \(failure)")
                throw ExitCode(1)
            case .invalidAssembled(let invalid):
                // What `dispatch` will read: a problem the contract's reader refuses is a bug here, not the user's.
                for issue in invalid.issues { IO.printError("error: assembled problem is invalid: \(issue.description)") }
                throw ExitCode(1)
            }
        }
        let live = assembled.live
        let limits = assembled.limits
        do { try IO.write(JSONWriter().bytes(live.problem.json) + [0x0A], to: out) } catch {
            IO.printError("error: cannot write problem: \(error)")
            throw ExitCode(1)
        }
        for note in live.warnings { IO.printError("warning: \(note)") }
        for note in live.excluded { IO.printError("excluded: \(note)") }
        for cap in live.derated {
            IO.printError(
                "derated: charger \(Displayed.quoted(cap.chargerId)) \(cap.maxKw > 0 ? "capped at \(JSONWriter.format(cap.maxKw)) kW" : "out of service"): \(cap.reason)"
            )
        }
        let p = live.problem
        let expectedCount = p.sessions.filter { ExpectedSession.isExpected($0.id) }.count
        let expectedNote = expectedCount > 0 ? " (\(expectedCount) expected)" : ""
        IO.printError(
            "problem \(Displayed.quoted(p.windowId)): \(p.feeders.count) feeder(s), \(p.sites.count) site(s), \(p.chargers.count) charger(s), \(p.sessions.count) session(s)\(expectedNote), \(limits.count) utility limit(s); \(live.warnings.count) warning(s), \(live.excluded.count) excluded"
        )
        if json {
            func notes(_ list: [ProblemAssembly.SessionNote]) -> JSONValue {
                .array(list.map { .object([("sessionId", .string($0.sessionId)), ("message", .string($0.message))]) })
            }
            IO.print(
                JSONWriter().string(
                    .object([
                        ("windowId", .string(p.windowId)), ("feeders", .integer(p.feeders.count)), ("sites", .integer(p.sites.count)),
                        ("chargers", .integer(p.chargers.count)), ("sessions", .integer(p.sessions.count)),
                        ("expectedSessions", .integer(expectedCount)),
                        ("utilityLimits", .integer(limits.count)), ("warnings", notes(live.warnings)), ("excluded", notes(live.excluded)),
                        (
                            "derated",
                            .array(
                                live.derated.map {
                                    .object([("chargerId", .string($0.chargerId)), ("maxKw", .number($0.maxKw)), ("reason", .string($0.reason))])
                                })
                        ),
                    ])))
        }
    }
}
