public import ChargeShareDomain
import Crypto
import Foundation
public import LinearAlgebra

/// A trained failure-risk model as a versioned JSON file (`Models/maintenance/*.json`,
/// docs/maintenance.md): the features it reads, the logistic regression, the alert rule and
/// what dispatch does on an alert, the training data (runs, days, hash) and the metrics measured.
public struct MaintenanceModel: Sendable, Equatable {
    public static let format = "chargeshare-maintenance-model"
    /// 2 since the heat features are corrected for the connector's idle excess
    /// (`RiskFeatures.heatCoefficients`): a version 1 model was fitted on the uncorrected ones.
    public static let formatVersion = 2
    /// The version of the engine's maintenance code that writes and reads this format.
    public static let engineVersion = "chargeshare-maintenance 1.1"

    /// The fitted regression over `RiskFeatures.names`.
    public var regression: LogisticRegression
    /// The mean of each feature in the training examples: a contribution is measured from it.
    public var featureMeans: [Double]
    /// A charger is alerted when its risk reaches this.
    public var alertThreshold: Double
    /// An alerted charger is capped at this share of its rating…
    public var deratedShare: Double
    /// …and taken out of service at this risk or more.
    public var outOfServiceThreshold: Double
    /// The label: a failure within this many days after the score.
    public var horizonDays: Int
    public var training: JSONValue
    public var metrics: JSONValue
    public var writtenBy: String

    public init(
        regression: LogisticRegression, featureMeans: [Double], alertThreshold: Double, deratedShare: Double = 0.5,
        outOfServiceThreshold: Double = 0.9, horizonDays: Int, training: JSONValue, metrics: JSONValue,
        writtenBy: String = MaintenanceModel.engineVersion
    ) {
        self.regression = regression
        self.featureMeans = featureMeans
        self.alertThreshold = alertThreshold
        self.deratedShare = deratedShare
        self.outOfServiceThreshold = outOfServiceThreshold
        self.horizonDays = horizonDays
        self.training = training
        self.metrics = metrics
        self.writtenBy = writtenBy
    }

    /// One feature's part in a score.
    public struct Contribution: Sendable, Equatable {
        public var feature: String
        public var value: Double
        /// β (value − training mean): what it adds to the log-odds.
        public var logOdds: Double
    }

    /// One charger's score.
    public struct Score: Sendable, Equatable {
        public var risk: Double
        public var alert: Bool
        /// The cap dispatch applies (kW of a charger rated `ratingKw`), `nil` when not alerted.
        public var maxChargeKw: Double?
        /// The features that raise the risk most, largest first (at most 3, each > 0).
        public var topFeatures: [Contribution]
    }

    /// The score of one charger rated `ratingKw` from its features.
    public func score(_ features: [Double], ratingKw: Double) -> Score {
        let risk = regression.probability(features)
        let alert = risk >= alertThreshold
        let cap = alert ? (risk >= outOfServiceThreshold ? 0 : ratingKw * deratedShare) : nil
        let parts = zip(RiskFeatures.names, zip(features, zip(regression.coefficients, featureMeans))).map { name, rest in
            Contribution(feature: name, value: rest.0, logOdds: rest.1.0 * (rest.0 - rest.1.1))
        }
        let top = parts.filter { $0.logOdds > 0 }.sorted { $0.logOdds > $1.logOdds }.prefix(3)
        return Score(risk: risk, alert: alert, maxChargeKw: cap, topFeatures: Array(top))
    }

    /// The name a score record carries.
    public var id: String { "\(Self.format)@\(writtenBy)" }

    /// SHA-256 of `bytes` in lowercase hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The file's JSON.
    public var json: JSONValue {
        .object([
            ("format", .string(Self.format)), ("formatVersion", .integer(Self.formatVersion)), ("engineVersion", .string(writtenBy)),
            ("features", .array(RiskFeatures.names.map { .string($0) })), ("lookbackDays", .integer(RiskFeatures.lookbackDays)),
            ("horizonDays", .integer(horizonDays)),
            (
                "model",
                .object([
                    ("kind", .string("logistic")), ("intercept", .number(regression.intercept)),
                    ("coefficients", .array(regression.coefficients.map { .number($0) })), ("lambda", .number(regression.lambda)),
                    ("featureMeans", .array(featureMeans.map { .number($0) })),
                ])
            ),
            (
                "alert",
                .object([
                    ("threshold", .number(alertThreshold)), ("deratedShare", .number(deratedShare)),
                    ("outOfServiceThreshold", .number(outOfServiceThreshold)),
                ])
            ),
            ("training", training), ("metrics", metrics),
        ])
    }
}
