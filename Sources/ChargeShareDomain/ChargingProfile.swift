/// One OCPP SetChargingProfileRequest for one session (`../shared/spec/dispatch.md` §4).
public struct ChargingProfile: Sendable, Equatable {
    public enum OCPPVersion: String, Sendable {
        /// Charge-only: periods carry `limit` in W.
        case v201 = "2.0.1"
        /// V2G: periods carry `CentralSetpoint` set-points in W.
        case v21 = "2.1"
    }

    /// One period of the schedule.
    public struct Period: Sendable, Equatable {
        /// Seconds from `startSchedule`.
        public var startPeriod: Int
        /// Net power in W, rounded to 0.1 W; negative = discharge.
        public var setpointW: Double

        public init(startPeriod: Int, setpointW: Double) {
            self.startPeriod = startPeriod
            self.setpointW = setpointW
        }
    }

    public var chargerId: String
    public var sessionId: String
    public var ocppVersion: OCPPVersion
    /// OCPP `evseId` of the charger.
    public var evseId: Int
    /// Unique integer profile id (also the schedule id).
    public var profileId: Int
    public var transactionId: String?
    public var startSchedule: Timestamp
    /// Seconds the schedule covers.
    public var durationSeconds: Int
    public var periods: [Period]

    public init(
        chargerId: String, sessionId: String, ocppVersion: OCPPVersion, evseId: Int, profileId: Int,
        transactionId: String?, startSchedule: Timestamp, durationSeconds: Int, periods: [Period]
    ) {
        self.chargerId = chargerId
        self.sessionId = sessionId
        self.ocppVersion = ocppVersion
        self.evseId = evseId
        self.profileId = profileId
        self.transactionId = transactionId
        self.startSchedule = startSchedule
        self.durationSeconds = durationSeconds
        self.periods = periods
    }

    /// Most periods an OCPP 2.0.1 / 2.1 schedule may carry.
    public static let maximumPeriods = 1024

    /// The `request` object: a SetChargingProfileRequest a CSMS can forward unchanged.
    public var requestJSON: JSONValue {
        let periodsJSON: [JSONValue] = periods.map { p in
            switch ocppVersion {
            case .v201:
                return .object([("startPeriod", .integer(p.startPeriod)), ("limit", .number(max(0, p.setpointW)))])
            case .v21:
                return .object([
                    ("startPeriod", .integer(p.startPeriod)),
                    ("operationMode", .string("CentralSetpoint")),
                    ("setpoint", .number(p.setpointW)),
                    ("limit", .number(max(0, p.setpointW))),
                    ("dischargeLimit", .number(min(0, p.setpointW))),
                ])
            }
        }
        let schedule: JSONValue = .object([
            ("id", .integer(profileId)),
            ("startSchedule", .string(startSchedule.description)),
            ("duration", .integer(durationSeconds)),
            ("chargingRateUnit", .string("W")),
            ("chargingSchedulePeriod", .array(periodsJSON)),
        ])
        var profile: [(key: String, value: JSONValue)] = [
            ("id", .integer(profileId)),
            ("stackLevel", .integer(0)),
            ("chargingProfilePurpose", .string("TxProfile")),
            ("chargingProfileKind", .string("Absolute")),
        ]
        if let transactionId { profile.append(("transactionId", .string(transactionId))) }
        profile.append(("chargingSchedule", .array([schedule])))
        return .object([("evseId", .integer(evseId)), ("chargingProfile", .object(profile))])
    }

    /// The net power in kW that the periods command in each of `count` intervals of `intervalSeconds`
    /// starting at `windowStart`: the replay used to check a profile against its schedule.
    public func replay(windowStart: Timestamp, intervalSeconds: Int, count: Int) -> [Double] {
        let offset = Int((startSchedule.millisecondsSinceEpoch - windowStart.millisecondsSinceEpoch) / 1000)
        return (0..<count).map { t in
            let second = t * intervalSeconds - offset
            guard second >= 0, second < durationSeconds else { return 0 }
            let period = periods.last { $0.startPeriod <= second }
            return (period?.setpointW ?? 0) / 1000
        }
    }
}
