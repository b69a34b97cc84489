import Foundation

/// Turns request JSON into a validated `DispatchProblem`, or an `InvalidProblem` listing every
/// error with its JSON path.
///
/// The rules are those of `../shared/spec/dispatch.md` §1 plus two the engine adds so that its
/// output is always valid OCPP: `transactionId` has at most 36 characters, and ids at most 255.
/// Unknown fields are rejected: a mistyped limit must never be silently ignored.
public enum ProblemReader {
    /// Parses and validates request bytes.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> DispatchProblem {
        let json = try InvalidProblem.parse(bytes)
        return try read(json)
    }

    /// Validates a parsed request.
    public static func read(_ json: JSONValue) throws(InvalidProblem) -> DispatchProblem {
        var fields = JSONFields()
        let problem = readProblem(json, &fields)
        if let problem, fields.issues.isEmpty {
            crossCheck(problem, &fields)
            if fields.issues.isEmpty { return problem }
        }
        throw InvalidProblem(issues: fields.allIssues)
    }

    static let topLevelKeys: Set<String> = [
        "windowId", "start", "intervalMinutes", "intervals", "currency", "prices", "degradationCostPerKwh",
        "unmetEnergyPenaltyPerKwh", "limitViolationPenaltyPerKwh", "feeders", "sites", "chargers", "sessions",
        "tieBreak",
    ]

    private static func readProblem(_ json: JSONValue, _ f: inout JSONFields) -> DispatchProblem? {
        guard let root = f.object(json, at: "$", allowed: topLevelKeys) else { return nil }
        let windowId = f.string(root, "windowId", at: "")
        if let windowId, !(1...128).contains(windowId.count) {
            f.fail("windowId", "must be 1 to 128 characters")
        }
        let start = timestamp(root, "start", at: "", &f)
        if let start, !start.isWholeMinute { f.fail("start", "must be a whole minute") }
        let intervalMinutes = f.integer(root, "intervalMinutes", at: "", required: false) ?? 15
        if !DispatchProblem.allowedIntervalMinutes.contains(intervalMinutes) {
            f.fail("intervalMinutes", "must be one of 1, 5, 10, 15, 20, 30, 60")
        }
        var count: Int? = f.integer(root, "intervals", at: "", required: true)
        if let c = count, !(1...DispatchProblem.maximumIntervals).contains(c) {
            f.fail("intervals", "must be an integer from 1 to \(DispatchProblem.maximumIntervals)")
            count = nil
        }
        let currency = f.string(root, "currency", at: "", required: false) ?? "EUR"
        if !isCurrencyCode(currency) { f.fail("currency", "must be an ISO 4217 currency code, got \(Displayed.quoted(currency))") }

        var prices: Prices?
        if let p = f.member(root, "prices", at: "", required: true) {
            prices = readPrices(p, at: "prices", count: count, &f)
        }
        let degradation = f.number(root, "degradationCostPerKwh", at: "", required: false, rule: .nonNegative) ?? 0
        let unmet = f.number(root, "unmetEnergyPenaltyPerKwh", at: "", required: false, rule: .positive) ?? 10
        let violation = f.number(root, "limitViolationPenaltyPerKwh", at: "", required: false, rule: .positive) ?? 1000
        var tieBreak = TieBreak.earliest
        if let text = f.string(root, "tieBreak", at: "", required: false) {
            if let t = TieBreak(rawValue: text) {
                tieBreak = t
            } else {
                f.fail("tieBreak", "must be one of \(TieBreak.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        let feederList = f.array(root, "feeders", at: "", required: true)
        if let feederList, feederList.isEmpty { f.fail("feeders", "at least one feeder is required") }
        let feeders = (feederList ?? []).enumerated().compactMap { i, v in readFeeder(v, at: "feeders[\(i)]", count: count, &f) }
        let sites = (f.array(root, "sites", at: "", required: false) ?? []).enumerated().compactMap { i, v in
            readSite(v, at: "sites[\(i)]", count: count, &f)
        }
        let chargers = (f.array(root, "chargers", at: "", required: false) ?? []).enumerated().compactMap { i, v in
            readCharger(v, at: "chargers[\(i)]", &f)
        }
        let sessions = (f.array(root, "sessions", at: "", required: false) ?? []).enumerated().compactMap { i, v in
            readSession(v, at: "sessions[\(i)]", &f)
        }
        guard f.issues.isEmpty, let windowId, let start, let count, let prices else { return nil }
        return DispatchProblem(
            windowId: windowId, start: start, intervalMinutes: intervalMinutes, intervals: count, currency: currency,
            prices: prices, degradationCostPerKwh: degradation, unmetEnergyPenaltyPerKwh: unmet,
            limitViolationPenaltyPerKwh: violation, feeders: feeders, sites: sites, chargers: chargers,
            sessions: sessions, tieBreak: tieBreak
        )
    }

    static func timestamp(_ object: JSONValue, _ key: String, at path: String, _ f: inout JSONFields) -> Timestamp? {
        guard let text = f.string(object, key, at: path) else { return nil }
        guard let t = Timestamp(rfc3339: text) else {
            f.fail(JSONFields.join(path, key), "malformed timestamp \(Displayed.quoted(text)) (expected RFC 3339, e.g. 2026-01-01T00:00:00Z)")
            return nil
        }
        return t
    }

    static func readPrices(_ value: JSONValue, at path: String, count: Int?, _ f: inout JSONFields) -> Prices? {
        guard let p = f.object(value, at: path, allowed: ["importPerKwh", "exportPerKwh"]) else { return nil }
        let importPrice = f.series(p, "importPerKwh", at: path, count: count, required: true, rule: .price)
        let exportPrice = f.series(p, "exportPerKwh", at: path, count: count, required: false, rule: .price) ?? .constant(0)
        guard let importPrice, let count else { return nil }
        for t in 0..<count where exportPrice[t] > importPrice[t] {
            let at = JSONFields.join(path, "exportPerKwh") + (p["exportPerKwh"]?.arrayValue != nil ? "[\(t)]" : "")
            let absent = p["exportPerKwh"] == nil || p["exportPerKwh"] == .null
            f.fail(
                at,
                "export price \(exportPrice[t])\(absent ? " (the default when exportPerKwh is absent)" : "") is above the import price \(importPrice[t]) in interval \(t)\(absent ? "; a negative import price needs an exportPerKwh at or below it" : "")"
            )
            break
        }
        return Prices(importPerKwh: importPrice, exportPerKwh: exportPrice)
    }

    private static let currencyCodes: Set<String> = Set(Locale.Currency.isoCurrencies.map(\.identifier))

    /// True for an ISO 4217 code Foundation knows (three capital letters).
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (0x41...0x5A).contains($0) } && currencyCodes.contains(code)
    }
}
