public import ChargeShareDomain

extension DemandModelFile {
    /// Reads a model file, refusing anything this engine cannot use as written: another format or
    /// format version, another feature list, an unknown kind, time zone or interval, a missing or
    /// mistyped field. Every problem is reported with its JSON path.
    /// - Throws: `InvalidProblem` listing the problems.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> DemandModelFile {
        let json = try InvalidProblem.parse(bytes)
        var issues = IssueList()
        func string(_ value: JSONValue?, _ path: String) -> String? {
            guard let s = value?.stringValue else {
                issues.append(path, value == nil ? "is required" : "must be a string")
                return nil
            }
            return s
        }
        func integer(_ value: JSONValue?, _ path: String) -> Int? {
            guard case .integer(let i) = value ?? .null else {
                issues.append(path, value == nil ? "is required" : "must be an integer")
                return nil
            }
            return i
        }
        func number(_ value: JSONValue?, _ path: String) -> Double? {
            guard let d = value?.doubleValue, d.isFinite else {
                issues.append(path, value == nil ? "is required" : "must be a finite number")
                return nil
            }
            return d
        }
        func day(_ value: JSONValue?, _ path: String) -> CivilDate? {
            guard let text = string(value, path) else { return nil }
            guard let date = CivilDate(text) else {
                issues.append(path, "must be a date YYYY-MM-DD, got \(Displayed.quoted(text))")
                return nil
            }
            return date
        }
        guard case .object = json else { throw InvalidProblem(issues: [ValidationIssue(path: "$", message: "must be an object")]) }
        if let format = string(json["format"], "format"), format != Self.format {
            issues.append("format", "is \(Displayed.quoted(format)), not a demand model (\(Self.format))")
        }
        if let version = integer(json["formatVersion"], "formatVersion"), version != Self.formatVersion {
            issues.append("formatVersion", "is \(version); this engine (\(Self.engineVersion)) reads version \(Self.formatVersion)")
        }
        let writtenBy = string(json["engineVersion"], "engineVersion")
        let site = string(json["site"], "site")
        if site?.isEmpty == true { issues.append("site", "must not be empty") }
        let zone = string(json["timeZone"], "timeZone")
        if let zone, LocalCalendar(timeZone: zone) == nil { issues.append("timeZone", "unknown time zone \(Displayed.quoted(zone))") }
        let interval = integer(json["intervalMinutes"], "intervalMinutes")
        if let interval, interval != 60 { issues.append("intervalMinutes", "is \(interval); the demand models work on hours (60)") }
        if let target = string(json["target"], "target"), target != "energy-kwh" {
            issues.append("target", "is \(Displayed.quoted(target)); this engine forecasts energy-kwh")
        }
        var profile: EnergyProfile?
        switch string(json["energyProfile"]?["kind"], "energyProfile.kind") {
        case "uniform": profile = .uniform
        case "as-soon-as-possible":
            if let kw = number(json["energyProfile"]?["kw"], "energyProfile.kw") {
                if kw > 0 { profile = .asSoonAsPossible(kw: kw) } else { issues.append("energyProfile.kw", "must be > 0") }
            }
        case .some(let other): issues.append("energyProfile.kind", "\(Displayed.quoted(other)) is not uniform or as-soon-as-possible")
        case nil: break
        }
        var kind: Kind?
        switch string(json["model"]?["kind"], "model.kind") {
        case "profile":
            let days = integer(json["model"]?["days"], "model.days")
            let statistic = string(json["model"]?["statistic"], "model.statistic")
            if let days, !(1...28).contains(days) { issues.append("model.days", "must be 1 to 28") }
            let known = statistic.flatMap(ProfileForecaster.Statistic.init(rawValue:))
            if let statistic, known == nil { issues.append("model.statistic", "\(Displayed.quoted(statistic)) is not median or mean") }
            if let days, let known, (1...28).contains(days) { kind = .profile(days: days, statistic: known) }
        case "ridge":
            // Compared as JSON values, so an extra non-string element is a mismatch too.
            let raw = json["model"]?["features"]?.arrayValue
            let names = raw == RidgeForecaster.featureNames.map { JSONValue.string($0) } ? RidgeForecaster.featureNames : nil
            if names == nil {
                issues.append(
                    "model.features",
                    "must be \(RidgeForecaster.featureNames.joined(separator: ", ")) (this engine's features), got \(raw.map { JSONWriter().string(.array($0)) } ?? "none")"
                )
            }
            let values = json["model"]?["coefficients"]?.arrayValue
            let coefficients = values?.compactMap { $0.doubleValue.flatMap { $0.isFinite ? $0 : nil } }
            if coefficients == nil || coefficients?.count != values?.count || coefficients?.count != RidgeForecaster.featureNames.count {
                issues.append("model.coefficients", "must be \(RidgeForecaster.featureNames.count) finite numbers, one per feature")
            }
            let lambda = number(json["model"]?["lambda"], "model.lambda")
            if let lambda, lambda < 0 { issues.append("model.lambda", "must be ≥ 0") }
            if let coefficients, let lambda, lambda >= 0, names != nil, coefficients.count == RidgeForecaster.featureNames.count {
                kind = .ridge(coefficients: coefficients, lambda: lambda)
            }
        case .some(let other): issues.append("model.kind", "\(Displayed.quoted(other)) is not profile or ridge")
        case nil: break
        }
        let first = day(json["training"]?["firstDay"], "training.firstDay"), last = day(json["training"]?["lastDay"], "training.lastDay")
        if let first, let last, last < first { issues.append("training.lastDay", "\(last) is before training.firstDay \(first)") }
        let sessions = integer(json["training"]?["sessions"], "training.sessions")
        if let sessions, sessions < 0 { issues.append("training.sessions", "must be ≥ 0") }
        let hash = string(json["training"]?["sessionsSha256"], "training.sessionsSha256")
        if let hash, hash.utf8.count != 64 || !hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            issues.append("training.sessionsSha256", "must be 64 lowercase hex digits (SHA-256)")
        }
        let metrics = json["metrics"] ?? .object([])
        if metrics.objectValue == nil { issues.append("metrics", "must be an object") }
        guard issues.all.isEmpty, let writtenBy, let site, let zone, let interval, let profile, let kind, let first, let last, let sessions, let hash
        else { throw InvalidProblem(issues: issues.all) }
        return DemandModelFile(
            site: site, timeZone: zone, intervalMinutes: interval, energyProfile: profile, kind: kind,
            training: Training(firstDay: first, lastDay: last, sessions: sessions, sessionsSHA256: hash), metrics: metrics, writtenBy: writtenBy)
    }
}
