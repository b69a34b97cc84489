/// Reads the flows of a `DispatchResult` JSON document (contract §3) and checks that it belongs to
/// a given problem: same window, same sites and feeders, arrays of length T.
///
/// `chargingProfiles`, `solver`, `objective` and `warnings` are accepted and not read.
public enum FlowsReader {
    static let topLevelKeys: Set<String> = [
        "windowId", "start", "intervalMinutes", "intervals", "currency", "status", "objective", "sites", "feeders",
        "sessions", "chargingProfiles", "solver", "warnings",
    ]

    /// Parses `bytes` and checks them against `problem`; every issue is reported with its JSON path.
    public static func read(_ bytes: [UInt8], for problem: DispatchProblem) throws(InvalidProblem) -> DispatchFlows {
        let json = try InvalidProblem.parse(bytes)
        var f = JSONFields()
        let flows = read(json, problem, &f)
        guard let flows, f.issues.isEmpty else { throw InvalidProblem(issues: f.allIssues) }
        return flows
    }

    private static func read(_ json: JSONValue, _ p: DispatchProblem, _ f: inout JSONFields) -> DispatchFlows? {
        guard let root = f.object(json, at: "$", allowed: topLevelKeys) else { return nil }
        let T = p.intervals
        if let id = f.string(root, "windowId", at: ""), id != p.windowId {
            f.fail("windowId", "result is for window \(Displayed.quoted(id)), the problem is \(Displayed.quoted(p.windowId))")
        }
        if let start = ProblemReader.timestamp(root, "start", at: "", &f), start != p.start {
            f.fail("start", "result starts at \(start), the problem at \(p.start)")
        }
        if let minutes = f.integer(root, "intervalMinutes", at: "", required: true), minutes != p.intervalMinutes {
            f.fail("intervalMinutes", "result has \(minutes), the problem \(p.intervalMinutes)")
        }
        if let count = f.integer(root, "intervals", at: "", required: true), count != T {
            f.fail("intervals", "result has \(count), the problem \(T)")
        }
        if let currency = f.string(root, "currency", at: ""), currency != p.currency {
            f.fail("currency", "result is in \(currency), the problem in \(p.currency)")
        }
        let statusText = f.string(root, "status", at: "")
        let status = statusText.flatMap(DispatchResult.Status.init(rawValue:))
        if let statusText, status == nil { f.fail("status", "unknown status \(Displayed.quoted(statusText))") }
        let sites = readSites(root, p, &f)
        let feeders = readFeeders(root, p, &f)
        let sessions = readSessions(root, p, &f)
        guard let status, let sites, let feeders, let sessions else { return nil }
        return DispatchFlows(
            windowId: p.windowId, start: p.start, intervalMinutes: p.intervalMinutes, intervals: T, currency: p.currency,
            status: status, sites: sites, feeders: feeders, sessions: sessions
        )
    }

    private static func numbers(_ o: JSONValue, _ key: String, at path: String, _ T: Int, _ rule: NumberRule, _ f: inout JSONFields) -> [Double]? {
        guard let series = f.series(o, key, at: path, count: T, required: true, rule: rule) else { return nil }
        guard case .values(let values) = series else {
            f.fail(JSONFields.join(path, key), "expected an array of \(T) numbers")
            return nil
        }
        return values
    }

    private static func ids(_ elements: [JSONValue], at path: String, expected: [String], what: String, _ f: inout JSONFields) -> Bool {
        let found = elements.map { $0["id"]?.stringValue ?? "" }
        guard found == expected else {
            if found.count != expected.count {
                f.fail(path, "\(found.count) \(what) where the problem has \(expected.count) (same ids, same order)")
            } else if let i = found.indices.first(where: { found[$0] != expected[$0] }) {
                f.fail(
                    "\(path)[\(i)].id", "\(Displayed.quoted(found[i])) where the problem has \(Displayed.quoted(expected[i])) (same ids, same order)")
            }
            return false
        }
        return true
    }

    private static func readSites(_ root: JSONValue, _ p: DispatchProblem, _ f: inout JSONFields) -> [DispatchResult.SiteFlows]? {
        guard let elements = f.array(root, "sites", at: "", required: true),
            ids(elements, at: "sites", expected: p.sites.map(\.id), what: "site", &f)
        else { return nil }
        var out: [DispatchResult.SiteFlows] = []
        for (i, e) in elements.enumerated() {
            let path = "sites[\(i)]"
            guard let o = f.object(e, at: path, allowed: ["id", "importKw", "exportKw", "curtailedPvKw", "peakKw", "limitViolationKw"]) else {
                continue
            }
            let imports = numbers(o, "importKw", at: path, p.intervals, .nonNegative, &f)
            let exports = numbers(o, "exportKw", at: path, p.intervals, .nonNegative, &f)
            let curtailed = numbers(o, "curtailedPvKw", at: path, p.intervals, .nonNegative, &f)
            let violation = numbers(o, "limitViolationKw", at: path, p.intervals, .nonNegative, &f)
            let peak = f.number(o, "peakKw", at: path, required: true, rule: .nonNegative)
            if let imports, let exports, let curtailed, let violation, let peak {
                out.append(
                    .init(
                        id: p.sites[i].id, importKw: imports, exportKw: exports, curtailedPvKw: curtailed, peakKw: peak, limitViolationKw: violation))
            }
        }
        return out.count == p.sites.count ? out : nil
    }

    private static func readFeeders(_ root: JSONValue, _ p: DispatchProblem, _ f: inout JSONFields) -> [DispatchResult.FeederFlows]? {
        guard let elements = f.array(root, "feeders", at: "", required: true),
            ids(elements, at: "feeders", expected: p.feeders.map(\.id), what: "feeder", &f)
        else { return nil }
        var out: [DispatchResult.FeederFlows] = []
        for (i, e) in elements.enumerated() {
            let path = "feeders[\(i)]"
            guard let o = f.object(e, at: path, allowed: ["id", "netImportKw", "limitViolationKw", "congestionPricePerKwh"]) else { continue }
            let net = numbers(o, "netImportKw", at: path, p.intervals, .price, &f)
            let violation = numbers(o, "limitViolationKw", at: path, p.intervals, .nonNegative, &f)
            let congestion = numbers(o, "congestionPricePerKwh", at: path, p.intervals, .nonNegative, &f)
            if let net, let violation, let congestion {
                out.append(.init(id: p.feeders[i].id, netImportKw: net, limitViolationKw: violation, congestionPricePerKwh: congestion))
            }
        }
        return out.count == p.feeders.count ? out : nil
    }

    private static func readSessions(_ root: JSONValue, _ p: DispatchProblem, _ f: inout JSONFields) -> [DispatchResult.SessionSchedule]? {
        guard let elements = f.array(root, "sessions", at: "", required: true),
            ids(elements, at: "sessions", expected: p.sessions.map(\.id), what: "session", &f)
        else { return nil }
        var out: [DispatchResult.SessionSchedule] = []
        for (i, e) in elements.enumerated() {
            let path = "sessions[\(i)]"
            guard let o = f.object(e, at: path, allowed: ["id", "chargerId", "chargeKw", "dischargeKw", "finalKwh", "unmetKwh"]) else { continue }
            let charge = numbers(o, "chargeKw", at: path, p.intervals, .nonNegative, &f)
            let discharge = numbers(o, "dischargeKw", at: path, p.intervals, .nonNegative, &f)
            let final = f.number(o, "finalKwh", at: path, required: true, rule: .nonNegative)
            let unmet = f.number(o, "unmetKwh", at: path, required: true, rule: .nonNegative)
            if let charge, let discharge, let final, let unmet {
                out.append(
                    .init(
                        id: p.sessions[i].id, chargerId: p.sessions[i].chargerId, chargeKw: charge, dischargeKw: discharge, finalKwh: final,
                        unmetKwh: unmet))
            }
        }
        return out.count == p.sessions.count ? out : nil
    }
}
