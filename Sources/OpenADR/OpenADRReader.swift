public import ChargeShareDomain

/// Reads the body of a `POST`/`PUT /programs` or `/events` against the OpenADR 3.0.1 schemas
/// (`../shared/standards/openadr3/3.0.1/openadr3.yaml`), reporting every problem with its JSON
/// path as an `InvalidProblem`.
///
/// Beyond the schema: unknown members are refused (a misspelt `priorty` must not silently drop
/// a priority); `id`, `createdDateTime`, `modificationDateTime` and `objectType` are checked and
/// then dropped, since the server provisions them; events must be resolvable into capacity
/// limits (`OpenADRReader+Event.swift`). docs/openadr.md lists the subset.
public enum OpenADRReader {
    /// Members the server provisions; a body may carry them, they are replaced.
    public static let serverFields: Set<String> = ["id", "createdDateTime", "modificationDateTime", "objectType"]

    static let programKeys: Set<String> = serverFields.union([
        "programName", "programLongName", "retailerName", "retailerLongName", "programType", "country", "principalSubdivision",
        "timeZoneOffset", "intervalPeriod", "programDescriptions", "bindingEvents", "localPrice", "payloadDescriptors", "targets",
    ])

    /// Reads a program body.
    public static func program(_ bytes: [UInt8]) throws(InvalidProblem) -> ProgramDraft {
        let json = Self.droppingAbsentNulls(try InvalidProblem.parse(bytes))
        var f = OpenADRFields()
        guard let members = f.object(json, at: "", allowed: programKeys) else { throw InvalidProblem(issues: f.allIssues) }
        serverFields(json, objectType: "PROGRAM", &f)
        let name = f.string(json, "programName", at: "", required: true, length: 1...128)
        for key in ["programLongName", "retailerName", "retailerLongName", "programType", "country", "principalSubdivision"] {
            _ = f.string(json, key, at: "", nullable: true)
        }
        _ = f.duration(json, "timeZoneOffset", at: "")
        if let period = f.member(json, "intervalPeriod", at: "", required: false) { _ = intervalPeriod(period, at: "intervalPeriod", &f) }
        for (i, d) in (f.array(json, "programDescriptions", at: "", required: false, nullable: true) ?? []).enumerated() {
            let path = OpenADRFields.join("programDescriptions", i)
            // The schema's items list `URL` only, without closing the object: other members pass.
            guard case .object = d else {
                f.fail(path, "expected an object, got \(d.typeName)")
                continue
            }
            _ = f.string(d, "URL", at: path, required: true)
        }
        _ = f.bool(json, "bindingEvents", at: "", nullable: true)
        _ = f.bool(json, "localPrice", at: "", nullable: true)
        for (i, d) in (f.array(json, "payloadDescriptors", at: "", required: false, nullable: true) ?? []).enumerated() {
            payloadDescriptor(d, at: OpenADRFields.join("payloadDescriptors", i), program: true, &f)
        }
        let targets = valuesMaps(json, "targets", at: "", &f)
        guard f.issues.isEmpty, let name else { throw InvalidProblem(issues: f.allIssues) }
        return ProgramDraft(programName: name, targets: targets, document: .object(members.filter { !serverFields.contains($0.key) }))
    }

    /// Checks the server-provisioned members a body may echo back.
    static func serverFields(_ json: JSONValue, objectType: String, _ f: inout OpenADRFields) {
        _ = f.objectID(json, "id", at: "", required: false)
        _ = f.dateTime(json, "createdDateTime", at: "", required: false)
        _ = f.dateTime(json, "modificationDateTime", at: "", required: false)
        if let type = f.string(json, "objectType", at: ""), type != objectType {
            f.fail("objectType", "must be \(objectType), got \(Displayed.quoted(type))")
        }
    }

    /// An `intervalPeriod`: `start` required, `duration` and `randomizeStart` durations.
    static func intervalPeriod(_ value: JSONValue, at path: String, _ f: inout OpenADRFields) -> OpenADRIntervalPeriod? {
        guard f.object(value, at: path, allowed: ["start", "duration", "randomizeStart"]) != nil else { return nil }
        let start = f.dateTime(value, "start", at: path, required: true)
        let duration = f.duration(value, "duration", at: path)
        let randomize = f.duration(value, "randomizeStart", at: path)
        guard let start else { return nil }
        return OpenADRIntervalPeriod(start: start, duration: duration, randomizeStart: randomize)
    }

    /// The `valuesMap` array member `key` (absent or null: none).
    static func valuesMaps(_ object: JSONValue, _ key: String, at path: String, _ f: inout OpenADRFields) -> [OpenADRValuesMap] {
        let base = OpenADRFields.join(path, key)
        return (f.array(object, key, at: path, required: false, nullable: true) ?? []).enumerated().compactMap { i, v in
            valuesMap(v, at: OpenADRFields.join(base, i), &f)
        }
    }

    /// A `valuesMap`: `type` (1 to 128 characters) and `values`, each a number, string, boolean
    /// or point `{"x": number, "y": number}`.
    static func valuesMap(_ value: JSONValue, at path: String, _ f: inout OpenADRFields) -> OpenADRValuesMap? {
        guard f.object(value, at: path, allowed: ["type", "values"]) != nil else { return nil }
        let type = f.string(value, "type", at: path, required: true, length: 1...128)
        let values = f.array(value, "values", at: path, required: true)
        var valid = true
        for (i, v) in (values ?? []).enumerated() {
            let at = OpenADRFields.join(OpenADRFields.join(path, "values"), i)
            switch v {
            case .integer, .number, .string, .bool: continue
            case .object:
                let before = f.issues.count
                if f.object(v, at: at, allowed: ["x", "y"]) != nil {
                    for axis in ["x", "y"] {
                        guard let n = f.member(v, axis, at: at, required: true) else { continue }
                        if n.doubleValue == nil { f.fail(OpenADRFields.join(at, axis), "expected a number, got \(n.typeName)") }
                    }
                }
                valid = valid && f.issues.count == before
            default:
                f.fail(at, "expected a number, string, boolean or point, got \(v.typeName)")
                valid = false
            }
        }
        guard let type, let values, valid else { return nil }
        return OpenADRValuesMap(type: type, values: values)
    }

    /// An `eventPayloadDescriptor` (or, in a program, a `reportPayloadDescriptor`); returns the
    /// payload type and units.
    @discardableResult
    static func payloadDescriptor(_ value: JSONValue, at path: String, program: Bool, _ f: inout OpenADRFields) -> (String, String?)? {
        let objectType = value["objectType"]?.stringValue
        let report = program && objectType == "REPORT_PAYLOAD_DESCRIPTOR"
        let keys: Set<String> =
            report
            ? ["objectType", "payloadType", "readingType", "units", "accuracy", "confidence"] : ["objectType", "payloadType", "units", "currency"]
        guard f.object(value, at: path, allowed: keys) != nil else { return nil }
        if program, value["objectType"] == nil {
            f.fail(
                OpenADRFields.join(path, "objectType"),
                "is required in a program (the schema's discriminator): EVENT_PAYLOAD_DESCRIPTOR or REPORT_PAYLOAD_DESCRIPTOR")
        }
        if let t = f.string(value, "objectType", at: path), !report, t != "EVENT_PAYLOAD_DESCRIPTOR" {
            let allowed = program ? "EVENT_PAYLOAD_DESCRIPTOR or REPORT_PAYLOAD_DESCRIPTOR" : "EVENT_PAYLOAD_DESCRIPTOR"
            f.fail(OpenADRFields.join(path, "objectType"), "must be \(allowed), got \(Displayed.quoted(t))")
        }
        let type = f.string(value, "payloadType", at: path, required: true, length: 1...128)
        let units = f.string(value, "units", at: path, nullable: true)
        if report {
            _ = f.string(value, "readingType", at: path, nullable: true)
            _ = f.integer(value, "confidence", at: path, required: false, nullable: true, range: 0...100)
            if let a = f.member(value, "accuracy", at: path, required: false, nullable: true), a.doubleValue == nil {
                f.fail(OpenADRFields.join(path, "accuracy"), "expected a number, got \(a.typeName)")
            }
        } else {
            _ = f.string(value, "currency", at: path, nullable: true)
        }
        return type.map { ($0, units) }
    }
}
