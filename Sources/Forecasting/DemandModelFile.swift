public import ChargeShareDomain
import Crypto

/// A trained demand model as a versioned JSON file (`Models/demand/*.json`, docs/forecasting.md):
/// what it forecasts and for which site, the model and its coefficients, the training window
/// with a hash of the training data, the metrics measured on it, and the engine version.
public struct DemandModelFile: Sendable, Equatable {
    /// The file format's name and version: a reader refuses any other.
    public static let format = "chargeshare-demand-model"
    public static let formatVersion = 1
    /// The version of the engine's forecasting code that writes and reads this format.
    public static let engineVersion = "chargeshare-forecasting 1.0"

    public enum Kind: Sendable, Equatable {
        /// `ProfileForecaster` (nothing fitted).
        case profile(days: Int, statistic: ProfileForecaster.Statistic)
        /// `RidgeForecaster` over `RidgeForecaster.featureNames`.
        case ridge(coefficients: [Double], lambda: Double)
    }

    /// The training window and data.
    public struct Training: Sendable, Equatable {
        public var firstDay: CivilDate
        public var lastDay: CivilDate
        public var sessions: Int
        /// SHA-256 (hex) of the training sessions file's bytes.
        public var sessionsSHA256: String

        public init(firstDay: CivilDate, lastDay: CivilDate, sessions: Int, sessionsSHA256: String) {
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.sessions = sessions
            self.sessionsSHA256 = sessionsSHA256
        }
    }

    public var site: String
    public var timeZone: String
    public var intervalMinutes: Int
    public var energyProfile: EnergyProfile
    public var kind: Kind
    public var training: Training
    /// Figures measured when the model was trained (rolling origin on the training data),
    /// written as they are: `{"nextDay": {"mae", "rmse", "mase"}, …}`.
    public var metrics: JSONValue
    /// The engine version that wrote the file.
    public var writtenBy: String

    public init(
        site: String, timeZone: String, intervalMinutes: Int, energyProfile: EnergyProfile, kind: Kind, training: Training, metrics: JSONValue,
        writtenBy: String = DemandModelFile.engineVersion
    ) {
        self.site = site
        self.timeZone = timeZone
        self.intervalMinutes = intervalMinutes
        self.energyProfile = energyProfile
        self.kind = kind
        self.training = training
        self.metrics = metrics
        self.writtenBy = writtenBy
    }

    /// SHA-256 of `bytes` in lowercase hex: the training data's hash a file records.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: SHA256.hash(data: bytes).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// The forecaster the file describes.
    public var forecaster: any DemandForecaster {
        switch kind {
        case .profile(let days, let statistic): ProfileForecaster(days: days, statistic: statistic)
        case .ridge(let coefficients, let lambda): RidgeForecaster(coefficients: coefficients, lambda: lambda)
        }
    }

    /// The file's JSON.
    public var json: JSONValue {
        let profile: JSONValue =
            switch energyProfile {
            case .uniform: .object([("kind", .string("uniform"))])
            case .asSoonAsPossible(let kw): .object([("kind", .string("as-soon-as-possible")), ("kw", .number(kw))])
            }
        let model: JSONValue =
            switch kind {
            case .profile(let days, let statistic):
                .object([("kind", .string("profile")), ("days", .integer(days)), ("statistic", .string(statistic.rawValue))])
            case .ridge(let coefficients, let lambda):
                .object([
                    ("kind", .string("ridge")), ("features", .array(RidgeForecaster.featureNames.map { .string($0) })),
                    ("coefficients", .array(coefficients.map { .number($0) })), ("lambda", .number(lambda)),
                ])
            }
        return .object([
            ("format", .string(Self.format)), ("formatVersion", .integer(Self.formatVersion)), ("engineVersion", .string(writtenBy)),
            ("site", .string(site)), ("timeZone", .string(timeZone)), ("intervalMinutes", .integer(intervalMinutes)),
            ("target", .string("energy-kwh")), ("energyProfile", profile), ("model", model),
            (
                "training",
                .object([
                    ("firstDay", .string(training.firstDay.description)), ("lastDay", .string(training.lastDay.description)),
                    ("sessions", .integer(training.sessions)), ("sessionsSha256", .string(training.sessionsSHA256)),
                ])
            ),
            ("metrics", metrics),
        ])
    }
}
