public import ChargeShareDomain
import LinearAlgebra

extension MaintenanceModel {
    /// Reads a model file, refusing anything this engine cannot use as written: another format or
    /// version, another feature list or lookback, a missing, mistyped or out-of-range field. Every
    /// problem is reported with its JSON path.
    /// - Throws: `InvalidProblem` listing the problems.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> MaintenanceModel {
        let json = try InvalidProblem.parse(bytes)
        guard case .object = json else { throw InvalidProblem(issues: [ValidationIssue(path: "$", message: "must be an object")]) }
        var issues = IssueList()
        func number(_ path: String, in range: ClosedRange<Double> = -1e300...1e300) -> Double? {
            let value = Self.at(json, path)
            guard let d = value?.doubleValue, d.isFinite else {
                issues.append(path, value == nil ? "is required" : "must be a finite number")
                return nil
            }
            guard range.contains(d) else {
                issues.append(path, "is \(d), must be in [\(range.lowerBound), \(range.upperBound)]")
                return nil
            }
            return d
        }
        func integer(_ path: String) -> Int? {
            guard case .integer(let i) = Self.at(json, path) ?? .null else {
                issues.append(path, Self.at(json, path) == nil ? "is required" : "must be an integer")
                return nil
            }
            return i
        }
        func numbers(_ path: String) -> [Double]? {
            let values = Self.at(json, path)?.arrayValue
            let parsed = values?.compactMap { $0.doubleValue.flatMap { $0.isFinite ? $0 : nil } }
            guard let values, let parsed, parsed.count == values.count, parsed.count == RiskFeatures.names.count else {
                issues.append(path, "must be \(RiskFeatures.names.count) finite numbers, one per feature")
                return nil
            }
            return parsed
        }
        let format = Self.at(json, "format")?.stringValue
        if format != Self.format {
            issues.append("format", "is \(format.map { Displayed.quoted($0) } ?? "missing"), not a maintenance model (\(Self.format))")
        }
        if let version = integer("formatVersion"), version != Self.formatVersion {
            issues.append("formatVersion", "is \(version); this engine (\(Self.engineVersion)) reads version \(Self.formatVersion)")
        }
        let writtenBy = Self.at(json, "engineVersion")?.stringValue
        if writtenBy == nil { issues.append("engineVersion", "is required (a string)") }
        let features = Self.at(json, "features")
        if features != .array(RiskFeatures.names.map { .string($0) }) {
            issues.append(
                "features",
                "must be \(RiskFeatures.names.joined(separator: ", ")) (this engine's features), got \(features.map { JSONWriter().string($0) } ?? "none")"
            )
        }
        if let lookback = integer("lookbackDays"), lookback != RiskFeatures.lookbackDays {
            issues.append("lookbackDays", "is \(lookback); this engine's features read \(RiskFeatures.lookbackDays) days")
        }
        let horizon = integer("horizonDays")
        if let horizon, !(1...365).contains(horizon) { issues.append("horizonDays", "must be 1 to 365") }
        if let kind = Self.at(json, "model.kind")?.stringValue, kind != "logistic" {
            issues.append("model.kind", "\(Displayed.quoted(kind)) is not logistic")
        } else if Self.at(json, "model.kind") == nil {
            issues.append("model.kind", "is required")
        }
        let intercept = number("model.intercept"), lambda = number("model.lambda", in: 0...1e300)
        let coefficients = numbers("model.coefficients"), means = numbers("model.featureMeans")
        let threshold = number("alert.threshold", in: 0...1), share = number("alert.deratedShare", in: 0...1)
        let outOfService = number("alert.outOfServiceThreshold", in: 0...1)
        if let threshold, let outOfService, outOfService < threshold {
            issues.append("alert.outOfServiceThreshold", "\(outOfService) is below alert.threshold \(threshold)")
        }
        let training = Self.at(json, "training") ?? .null, metrics = Self.at(json, "metrics") ?? .null
        if training.objectValue == nil { issues.append("training", "must be an object") }
        if metrics.objectValue == nil { issues.append("metrics", "must be an object") }
        guard issues.all.isEmpty, let writtenBy, let horizon, let intercept, let lambda, let coefficients, let means, let threshold, let share,
            let outOfService
        else { throw InvalidProblem(issues: issues.all) }
        return MaintenanceModel(
            regression: LogisticRegression(intercept: intercept, coefficients: coefficients, lambda: lambda), featureMeans: means,
            alertThreshold: threshold, deratedShare: share, outOfServiceThreshold: outOfService, horizonDays: horizon, training: training,
            metrics: metrics, writtenBy: writtenBy)
    }

    /// The value at a dotted path of object members.
    static func at(_ json: JSONValue, _ path: String) -> JSONValue? {
        var value: JSONValue? = json
        for key in path.split(separator: ".") { value = value?[String(key)] }
        return value
    }
}
