public import Foundation
import StrictJSON

extension SignedTariffTable {
    /// A non-negative decimal money string with at most 4 decimals (`"0.3512"`), or `nil`.
    public static func money(_ text: String) -> Decimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigitOnly),
            whole == "0" || whole.first != "0"
        else { return nil }
        if parts.count == 2 {
            guard (1...4).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigitOnly) else { return nil }
        }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `HH:MM` (OCPI's `([0-1][0-9]|2[0-3]):[0-5][0-9]`) as minutes after midnight, or `nil`.
    public static func minuteOfDay(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == UInt8(ascii: ":"), b.enumerated().allSatisfy({ $0.offset == 2 || ($0.element >= 0x30 && $0.element <= 0x39) })
        else {
            return nil
        }
        let hour = Int(b[0] - 0x30) * 10 + Int(b[1] - 0x30)
        let minute = Int(b[3] - 0x30) * 10 + Int(b[4] - 0x30)
        guard hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }

    static func readElements(_ tariff: JSONValue) throws(TariffRejection) -> [TariffRule] {
        guard let elements = tariff["elements"]?.arrayValue, !elements.isEmpty else {
            throw bad("payload.tariff.elements", "must be a non-empty array")
        }
        var rules: [TariffRule] = []
        for (i, element) in elements.enumerated() {
            let path = "payload.tariff.elements[\(i)]"
            guard let components = element["price_components"]?.arrayValue, !components.isEmpty else {
                throw bad("\(path).price_components", "must be a non-empty array")
            }
            var energy: Decimal?
            for (j, component) in components.enumerated() {
                guard let text = component["price"]?.stringValue, let price = money(text) else {
                    throw bad("\(path).price_components[\(j)].price", "must be a non-negative decimal string with at most 4 decimals")
                }
                if component["type"]?.stringValue == "ENERGY" && energy == nil { energy = price }
            }
            guard let energy else { throw bad("\(path).price_components", "needs an ENERGY component") }
            var rule = TariffRule(energyPricePerKwh: energy)
            if let v2g = element[TariffRule.v2gMember] {
                guard let text = v2g.stringValue, let value = money(text) else {
                    throw bad("\(path).\(TariffRule.v2gMember)", "must be a non-negative decimal string with at most 4 decimals")
                }
                rule.v2gRemunerationPerKwh = value
            }
            if let restrictions = element["restrictions"] {
                try readRestrictions(restrictions, path: "\(path).restrictions", into: &rule)
            }
            rules.append(rule)
        }
        return rules
    }

    private static func readRestrictions(_ json: JSONValue, path: String, into rule: inout TariffRule) throws(TariffRejection) {
        guard let members = json.memberNames else { throw bad(path, "must be an object") }
        let understood: Set<String> = ["start_time", "end_time", "start_date", "end_date", "day_of_week"]
        if let other = members.sorted().first(where: { !understood.contains($0) }) {
            throw bad("\(path).\(MessageText.quote(other))", "restriction not supported by this edge (it could not enforce it)")
        }
        for key in ["start_time", "end_time"] {
            guard let value = json[key] else { continue }
            guard let text = value.stringValue, let minute = minuteOfDay(text) else {
                throw bad("\(path).\(key)", "must match HH:MM (00:00 to 23:59)")
            }
            if key == "start_time" { rule.startMinute = minute } else { rule.endMinute = minute }
        }
        for key in ["start_date", "end_date"] {
            guard let value = json[key] else { continue }
            guard let text = value.stringValue, CivilDate(text) != nil else {
                throw bad("\(path).\(key)", "must be a date YYYY-MM-DD")
            }
            if key == "start_date" { rule.startDate = text } else { rule.endDate = text }
        }
        if let days = json["day_of_week"] {
            guard let values = days.arrayValue, !values.isEmpty else { throw bad("\(path).day_of_week", "must be a non-empty array") }
            var set: Set<String> = []
            for (i, value) in values.enumerated() {
                guard let name = value.stringValue, TariffRule.dayNames.contains(name) else {
                    throw bad("\(path).day_of_week[\(i)]", "must be MONDAY … SUNDAY")
                }
                set.insert(name)
            }
            rule.daysOfWeek = set
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitOnly: Bool { isASCII && isNumber }
}
