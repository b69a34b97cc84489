public import ChargeShareDomain

extension OpenADRReader {
    static let eventKeys: Set<String> = serverFields.union([
        "programID", "eventName", "priority", "targets", "reportDescriptors", "payloadDescriptors", "intervalPeriod", "intervals",
    ])
    static let reportDescriptorKeys: Set<String> = [
        "payloadType", "readingType", "units", "targets", "aggregate", "startInterval", "numIntervals", "historical", "frequency", "repeat",
    ]

    /// Most intervals one event may hold (a year of hours is 8,760), and most feeders it may
    /// target: each interval, payload and feeder is a stored limit row.
    public static let maximumIntervals = 10_000
    public static let maximumFeeders = 1_000

    /// Reads an event body and resolves its capacity limits (`EventDraft.limits`).
    ///
    /// The schema's rules (required `programID` and `intervals`, types, `priority` ≥ 0, interval
    /// `id` and `payloads`, date-times, durations), and the engine's:
    /// - interval ids are unique within the event;
    /// - an `IMPORT_CAPACITY_LIMIT` or `EXPORT_CAPACITY_LIMIT` payload holds exactly one number,
    ///   0 to 1,000,000 (kW), at most once per interval; a payload descriptor of those types, when
    ///   given, has units `KW` (or none);
    /// - an event with capacity limits names its feeders by `GROUP` targets whose values are
    ///   strings, and each such interval has a start and a positive fixed-length duration
    ///   (`EventTiming`);
    /// - at most `maximumIntervals` intervals and `maximumFeeders` feeders.
    public static func event(_ bytes: [UInt8]) throws(InvalidProblem) -> EventDraft {
        let json = Self.droppingAbsentNulls(try InvalidProblem.parse(bytes))
        var f = OpenADRFields()
        guard let members = f.object(json, at: "", allowed: eventKeys) else { throw InvalidProblem(issues: f.allIssues) }
        serverFields(json, objectType: "EVENT", &f)
        let programID = f.objectID(json, "programID", at: "", required: true)
        _ = f.string(json, "eventName", at: "", nullable: true)
        let priority = f.integer(json, "priority", at: "", required: false, nullable: true, range: 0...Int(Int32.max))
        let targets = valuesMaps(json, "targets", at: "", &f)
        var feederIds: [String] = []
        var groupAt: String?
        for (i, target) in targets.enumerated() where target.type == "GROUP" {
            groupAt = groupAt ?? "targets[\(i)]"
            for (j, v) in target.values.enumerated() {
                guard let feeder = v.stringValue, !feeder.isEmpty else {
                    f.fail("targets[\(i)].values[\(j)]", "a GROUP target names feeders by id: expected a non-empty string, got \(v.typeName)")
                    continue
                }
                if !feederIds.contains(feeder) { feederIds.append(feeder) }
            }
        }
        for (i, d) in (f.array(json, "reportDescriptors", at: "", required: false, nullable: true) ?? []).enumerated() {
            reportDescriptor(d, at: OpenADRFields.join("reportDescriptors", i), &f)
        }
        var units: [String: String] = [:]
        for (i, d) in (f.array(json, "payloadDescriptors", at: "", required: false, nullable: true) ?? []).enumerated() {
            let path = OpenADRFields.join("payloadDescriptors", i)
            guard let (type, unit) = payloadDescriptor(d, at: path, program: false, &f), let unit else { continue }
            if CapacityLimitKind(rawValue: type) != nil, unit.uppercased() != "KW" {
                f.fail(OpenADRFields.join(path, "units"), "\(type) is read in kW: units must be KW, got \(Displayed.quoted(unit))")
            }
            units[type] = unit
        }
        let period = f.member(json, "intervalPeriod", at: "", required: false).flatMap { intervalPeriod($0, at: "intervalPeriod", &f) }
        let intervals = f.array(json, "intervals", at: "", required: true) ?? []
        if intervals.count > maximumIntervals {
            f.fail("intervals", "\(intervals.count) intervals; at most \(maximumIntervals) per event (split it)")
        }
        if feederIds.count > maximumFeeders {
            f.fail(groupAt ?? "targets", "\(feederIds.count) feeders; at most \(maximumFeeders) per event (split it)")
        }
        var timing = EventTiming(event: period)
        var limits: [EventLimit] = []
        var seen: [Int: Int] = [:]
        var reported = false
        for (i, value) in intervals.enumerated() {
            let path = OpenADRFields.join("intervals", i)
            guard let interval = self.interval(value, at: path, &f) else {
                timing.skip()
                continue
            }
            if let first = seen[interval.id] {
                f.fail(OpenADRFields.join(path, "id"), "duplicate interval id \(interval.id) (first at intervals[\(first)])")
            }
            seen[interval.id] = seen[interval.id] ?? i
            let span = timing.next(interval.period)
            guard !interval.caps.isEmpty else { continue }
            if feederIds.isEmpty, !reported {
                reported = true
                f.fail(
                    groupAt ?? "targets",
                    "an event with capacity limits names its feeders: {\"type\": \"GROUP\", \"values\": [\"<feederId>\"]} (first limit at \(path))")
            }
            switch span {
            case .success(let (start, end)):
                for (kind, kw) in interval.caps {
                    limits += feederIds.map { EventLimit(intervalId: interval.id, feederId: $0, kind: kind, start: start, end: end, valueKw: kw) }
                }
            case .failure(let problem):
                f.fail(problem.path ?? path, problem.message)
            }
        }
        guard f.issues.isEmpty, let programID else { throw InvalidProblem(issues: f.allIssues) }
        return EventDraft(
            programID: programID, priority: priority, targets: targets, feederIds: feederIds, limits: limits,
            document: .object(members.filter { !serverFields.contains($0.key) }))
    }

    /// One interval: its id, its own period if any, and its capacity limits by kind.
    static func interval(
        _ value: JSONValue, at path: String, _ f: inout OpenADRFields
    ) -> (id: Int, period: OpenADRIntervalPeriod?, caps: [(CapacityLimitKind, Double)])? {
        guard f.object(value, at: path, allowed: ["id", "intervalPeriod", "payloads"]) != nil else { return nil }
        let before = f.issues.count
        let id = f.integer(value, "id", at: path, required: true, range: Int(Int32.min)...Int(Int32.max))
        let period = f.member(value, "intervalPeriod", at: path, required: false).flatMap {
            intervalPeriod($0, at: OpenADRFields.join(path, "intervalPeriod"), &f)
        }
        let payloadsPath = OpenADRFields.join(path, "payloads")
        var caps: [(CapacityLimitKind, Double)] = []
        for (j, v) in (f.array(value, "payloads", at: path, required: true) ?? []).enumerated() {
            let at = OpenADRFields.join(payloadsPath, j)
            guard let map = valuesMap(v, at: at, &f), let kind = CapacityLimitKind(rawValue: map.type) else { continue }
            if caps.contains(where: { $0.0 == kind }) {
                f.fail(at, "a second \(kind.rawValue) payload in one interval")
                continue
            }
            guard map.values.count == 1 else {
                f.fail(OpenADRFields.join(at, "values"), "\(kind.rawValue) holds exactly one number (kW), got \(map.values.count) values")
                continue
            }
            guard let kw = map.values[0].doubleValue else {
                f.fail(
                    OpenADRFields.join(OpenADRFields.join(at, "values"), 0), "\(kind.rawValue) must be a number (kW), got \(map.values[0].typeName)")
                continue
            }
            guard kw >= 0, kw <= 1e6 else {
                f.fail(OpenADRFields.join(OpenADRFields.join(at, "values"), 0), "\(kind.rawValue) must be 0 to 1000000 kW, got \(kw)")
                continue
            }
            caps.append((kind, kw))
        }
        guard let id, f.issues.count == before else { return nil }
        return (id, period, caps)
    }

    /// A `reportDescriptor`: `payloadType` required; the other members' types.
    static func reportDescriptor(_ value: JSONValue, at path: String, _ f: inout OpenADRFields) {
        guard f.object(value, at: path, allowed: reportDescriptorKeys) != nil else { return }
        _ = f.string(value, "payloadType", at: path, required: true, length: 1...128)
        _ = f.string(value, "readingType", at: path, nullable: true)
        _ = f.string(value, "units", at: path, nullable: true)
        _ = valuesMaps(value, "targets", at: path, &f)
        _ = f.bool(value, "aggregate", at: path)
        _ = f.bool(value, "historical", at: path)
        for key in ["startInterval", "numIntervals", "frequency", "repeat"] {
            _ = f.integer(value, key, at: path, required: false, range: Int(Int32.min)...Int(Int32.max))
        }
    }
}
