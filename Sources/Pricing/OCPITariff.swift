public import ChargeShareDomain
public import Foundation

/// An OCPI 2.2.1 Tariff (mod_tariffs §3.1) with ENERGY price components only, as ChargeShare
/// publishes it, plus the V2G remuneration extension.
public struct OCPITariff: Sendable, Equatable {
    /// OCPI TariffRestrictions, the subset ChargeShare uses.
    public struct Restrictions: Sendable, Equatable {
        /// Local `HH:MM`; `endTime` "00:00" means until midnight.
        public var startTime: String?
        public var endTime: String?
        /// Local dates `YYYY-MM-DD` (start inclusive, end exclusive).
        public var startDate: String?
        public var endDate: String?
        /// OCPI day names (`MONDAY` …).
        public var daysOfWeek: [String]?

        public init(startTime: String? = nil, endTime: String? = nil, startDate: String? = nil, endDate: String? = nil, daysOfWeek: [String]? = nil) {
            self.startTime = startTime
            self.endTime = endTime
            self.startDate = startDate
            self.endDate = endDate
            self.daysOfWeek = daysOfWeek
        }
    }

    /// One TariffElement with one ENERGY PriceComponent.
    public struct Element: Sendable, Equatable {
        public var energyPricePerKwh: Decimal
        public var vatPercent: Decimal?
        /// Billing step in Wh (OCPI `step_size` for ENERGY).
        public var stepSizeWh: Int
        public var restrictions: Restrictions?
        /// Extension `x_chargeshare_v2g_remuneration_per_kwh`: paid per kWh discharged.
        public var v2gRemunerationPerKwh: Decimal?

        public init(
            energyPricePerKwh: Decimal, vatPercent: Decimal? = nil, stepSizeWh: Int = 1, restrictions: Restrictions? = nil,
            v2gRemunerationPerKwh: Decimal? = nil
        ) {
            self.energyPricePerKwh = energyPricePerKwh
            self.vatPercent = vatPercent
            self.stepSizeWh = stepSizeWh
            self.restrictions = restrictions
            self.v2gRemunerationPerKwh = v2gRemunerationPerKwh
        }
    }

    /// The extension member name (OCPI has no export price).
    public static let v2gMember = "x_chargeshare_v2g_remuneration_per_kwh"

    public var countryCode: String
    public var partyId: String
    /// CiString(36).
    public var id: String
    public var currency: String
    public var elements: [Element]
    public var startDateTime: Timestamp?
    public var endDateTime: Timestamp?
    public var lastUpdated: Timestamp

    public init(
        countryCode: String, partyId: String, id: String, currency: String, elements: [Element],
        startDateTime: Timestamp?, endDateTime: Timestamp?, lastUpdated: Timestamp
    ) {
        self.countryCode = countryCode
        self.partyId = partyId
        self.id = id
        self.currency = currency
        self.elements = elements
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.lastUpdated = lastUpdated
    }

    /// How money amounts are written.
    public enum MoneyEncoding: Sendable {
        /// JSON numbers, as OCPI endpoints expect.
        case number
        /// Decimal strings with 4 decimals, as the signed envelope carries them.
        case string
    }

    /// The Tariff object in OCPI's snake_case JSON.
    public func json(money: MoneyEncoding) -> JSONValue {
        func amount(_ d: Decimal) -> JSONValue {
            switch money {
            case .string: return .string(Money.text(d))
            case .number: return .number(Double(Money.text(d)) ?? 0)
            }
        }
        var members: [(key: String, value: JSONValue)] = [
            ("country_code", .string(countryCode)), ("party_id", .string(partyId)), ("id", .string(id)),
            ("currency", .string(currency)), ("type", .string("REGULAR")),
        ]
        members.append(
            (
                "elements",
                .array(
                    elements.map { element in
                        var component: [(key: String, value: JSONValue)] = [
                            ("type", .string("ENERGY")), ("price", amount(element.energyPricePerKwh)),
                        ]
                        if let vat = element.vatPercent { component.append(("vat", .number(Double("\(vat)") ?? 0))) }
                        component.append(("step_size", .integer(element.stepSizeWh)))
                        var e: [(key: String, value: JSONValue)] = [("price_components", .array([.object(component)]))]
                        if let r = element.restrictions { e.append(("restrictions", Self.json(r))) }
                        if let v2g = element.v2gRemunerationPerKwh { e.append((Self.v2gMember, amount(v2g))) }
                        return .object(e)
                    })
            ))
        if let startDateTime { members.append(("start_date_time", .string(startDateTime.description))) }
        if let endDateTime { members.append(("end_date_time", .string(endDateTime.description))) }
        members.append(("last_updated", .string(lastUpdated.description)))
        return .object(members)
    }

    private static func json(_ r: Restrictions) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let v = r.startTime { members.append(("start_time", .string(v))) }
        if let v = r.endTime { members.append(("end_time", .string(v))) }
        if let v = r.startDate { members.append(("start_date", .string(v))) }
        if let v = r.endDate { members.append(("end_date", .string(v))) }
        if let v = r.daysOfWeek { members.append(("day_of_week", .array(v.map { .string($0) }))) }
        return .object(members)
    }
}
