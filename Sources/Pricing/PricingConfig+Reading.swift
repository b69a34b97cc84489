public import ChargeShareDomain
import Foundation

extension PricingConfig {
    static let termKeys: Set<String> = [
        "networkFeePerKwh", "platformFeePerKwh", "margin", "floorPerKwh", "ceilingPerKwh", "degradationCostPerKwh",
        "congestionReliefShare", "vatPercent", "countryCode", "partyId",
    ]

    /// Parses a pricing file. Amounts may be JSON numbers or decimal strings (`"0.05"`); every
    /// problem is reported at once with its JSON path.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> PricingConfig {
        let json = try InvalidProblem.parse(bytes)
        var issues: [ValidationIssue] = []
        guard case .object(let members) = json else {
            throw InvalidProblem(issues: [ValidationIssue(path: "$", message: "expected an object, got \(json.typeName)")])
        }
        var config = PricingConfig()
        for (key, value) in members {
            switch key {
            case "defaults": config.defaults = readOverrides(value, path: "defaults", allowHost: false, &issues).overrides
            case "hosts", "sites":
                guard case .object(let entries) = value else {
                    issues.append(ValidationIssue(path: Displayed.path("", member: key), message: "expected an object keyed by id"))
                    continue
                }
                for (id, entry) in entries {
                    let read = readOverrides(entry, path: Displayed.path(key, member: id), allowHost: key == "sites", &issues)
                    if key == "hosts" { config.hosts[id] = read.overrides } else { config.sites[id] = (read.host, read.overrides) }
                }
            default: issues.append(ValidationIssue(path: Displayed.path("", member: key), message: "unknown field (expected defaults, hosts, sites)"))
            }
        }
        for (id, site) in config.sites.sorted(by: { $0.key < $1.key }) {
            if let host = site.host, config.hosts[host] == nil {
                issues.append(
                    ValidationIssue(
                        path: Displayed.path(Displayed.path("sites", member: id), member: "host"),
                        message: "no host \(Displayed.quoted(host)) under hosts"))
            }
        }
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        return config
    }

    private static func readOverrides(
        _ json: JSONValue, path: String, allowHost: Bool, _ issues: inout [ValidationIssue]
    ) -> (host: String?, overrides: Overrides) {
        var o = Overrides()
        var host: String?
        guard case .object(let members) = json else {
            issues.append(ValidationIssue(path: path, message: "expected an object, got \(json.typeName)"))
            return (nil, o)
        }
        for (key, value) in members {
            let at = Displayed.path(path, member: key)
            func amount(_ rule: (Decimal) -> String?) -> Decimal? {
                let decimal: Decimal?
                switch value {
                case .string(let s): decimal = Money.parse(s)
                case .integer(let i): decimal = Decimal(i)
                case .number(let d) where d.isFinite: decimal = Money.decimal(d)
                default: decimal = nil
                }
                guard let decimal else {
                    issues.append(ValidationIssue(path: at, message: "expected a decimal number or string, got \(value.typeName)"))
                    return nil
                }
                if let problem = rule(decimal) {
                    issues.append(ValidationIssue(path: at, message: problem))
                    return nil
                }
                return decimal
            }
            let nonNegative: (Decimal) -> String? = { $0 < 0 ? "must be >= 0" : nil }
            let priceBound: (Decimal) -> String? = { $0 < 0 ? "must be >= 0" : Money.hasScale($0) ? nil : "must have at most 4 decimals" }
            switch key {
            case "host" where allowHost:
                if let s = value.stringValue { host = s } else { issues.append(ValidationIssue(path: at, message: "expected a host id string")) }
            case "networkFeePerKwh": o.networkFeePerKwh = amount(nonNegative)
            case "platformFeePerKwh": o.platformFeePerKwh = amount(nonNegative)
            case "margin": o.margin = amount(nonNegative)
            case "floorPerKwh": o.floorPerKwh = amount(priceBound)
            case "ceilingPerKwh": o.ceilingPerKwh = amount(priceBound)
            case "degradationCostPerKwh": o.degradationCostPerKwh = amount(nonNegative)
            case "congestionReliefShare": o.congestionReliefShare = amount { $0 < 0 || $0 > 1 ? "must be between 0 and 1" : nil }
            case "vatPercent": o.vatPercent = amount { $0 < 0 || $0 > 100 ? "must be between 0 and 100" : nil }
            case "countryCode":
                if let s = value.stringValue, s.count == 2, s.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                    o.countryCode = s
                } else {
                    issues.append(ValidationIssue(path: at, message: "must be an ISO 3166-1 alpha-2 code, e.g. \"NL\""))
                }
            case "partyId":
                if let s = value.stringValue, s.count == 3, s.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) {
                    o.partyId = s
                } else {
                    issues.append(ValidationIssue(path: at, message: "must be 3 capital letters or digits (OCPI party_id)"))
                }
            default:
                issues.append(
                    ValidationIssue(
                        path: at, message: "unknown field (expected \(allowHost ? "host, " : "")\(termKeys.sorted().joined(separator: ", ")))"))
            }
        }
        return (host, o)
    }
}
