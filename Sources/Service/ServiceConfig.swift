public import ChargeShareDomain

/// `chargeshare serve --config FILE`: who may call the service, and the service's limits.
///
/// ```json
/// {"clients": [{"clientId": "coop", "clientSecret": "…", "role": "utility", "feeders": ["F1"]}],
///  "maxBodyBytes": 1048576, "tokenLifetimeSeconds": 3600, "metricsRequireAuth": false}
/// ```
/// Secrets are hashed when the file is read (`ClientDirectory`); the plain text is not kept.
public struct ServiceConfig: Sendable {
    /// One client as the file gives it.
    public struct Client: Sendable {
        public var clientId: String
        public var clientSecret: String
        public var role: Role
        /// The feeders a utility sets limits on (utilities only).
        public var feeders: [String]

        public init(clientId: String, clientSecret: String, role: Role, feeders: [String] = []) {
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.role = role
            self.feeders = feeders
        }
    }

    public var clients: [Client]
    /// Largest request body accepted, bytes (413 above it).
    public var maxBodyBytes: Int
    /// How long a bearer token lives.
    public var tokenLifetimeSeconds: Int
    /// When true, `/metrics` needs a token with the `metrics` scope (roles `monitor`, `admin`).
    public var metricsRequireAuth: Bool
    /// A connection that sends nothing for this long is closed (a half-sent request included).
    public var idleTimeoutSeconds: Int

    public init(
        clients: [Client], maxBodyBytes: Int = 1 << 20, tokenLifetimeSeconds: Int = 3600, metricsRequireAuth: Bool = false,
        idleTimeoutSeconds: Int = 30
    ) {
        self.clients = clients
        self.maxBodyBytes = maxBodyBytes
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.metricsRequireAuth = metricsRequireAuth
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Shortest client secret accepted, characters: secrets are machine credentials.
    public static let minimumSecretLength = 16

    /// Reads and checks a config file's bytes.
    /// - Throws: `InvalidProblem` with one issue per problem, each with its JSON path.
    public static func read(_ bytes: [UInt8]) throws(InvalidProblem) -> ServiceConfig {
        let json = try InvalidProblem.parse(bytes)
        var issues: [ValidationIssue] = []
        func fail(_ path: String, _ message: String) { issues.append(ValidationIssue(path: path, message: message)) }
        guard case .object(let members) = json else { throw InvalidProblem(issues: [ValidationIssue(path: "$", message: "expected an object")]) }
        let known: Set<String> = ["clients", "maxBodyBytes", "tokenLifetimeSeconds", "metricsRequireAuth", "idleTimeoutSeconds"]
        for m in members where !known.contains(m.key) { fail(m.key, "unknown field") }
        var config = ServiceConfig(clients: [])
        if let value = json["maxBodyBytes"] {
            if case .integer(let n) = value, (1024...(64 << 20)).contains(n) {
                config.maxBodyBytes = n
            } else {
                fail("maxBodyBytes", "must be an integer from 1024 to 67108864")
            }
        }
        if let value = json["tokenLifetimeSeconds"] {
            if case .integer(let n) = value, (60...86_400).contains(n) {
                config.tokenLifetimeSeconds = n
            } else {
                fail("tokenLifetimeSeconds", "must be an integer from 60 to 86400")
            }
        }
        if let value = json["idleTimeoutSeconds"] {
            if case .integer(let n) = value, (1...3600).contains(n) {
                config.idleTimeoutSeconds = n
            } else {
                fail("idleTimeoutSeconds", "must be an integer from 1 to 3600")
            }
        }
        if let value = json["metricsRequireAuth"] {
            if case .bool(let b) = value { config.metricsRequireAuth = b } else { fail("metricsRequireAuth", "must be true or false") }
        }
        guard case .array(let list)? = json["clients"] else {
            fail("clients", json["clients"] == nil ? "is required" : "must be an array")
            throw InvalidProblem(issues: issues)
        }
        var seen: [String: Int] = [:]
        for (i, item) in list.enumerated() {
            if let client = readClient(item, at: "clients[\(i)]", fail: fail) {
                if let j = seen[client.clientId] { fail("clients[\(i)].clientId", "\(Displayed.quoted(client.clientId)) is already clients[\(j)]") }
                seen[client.clientId] = i
                config.clients.append(client)
            }
        }
        if list.isEmpty { fail("clients", "must name at least one client") }
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        return config
    }

    private static func readClient(_ item: JSONValue, at path: String, fail: (String, String) -> Void) -> Client? {
        guard case .object(let members) = item else {
            fail(path, "expected an object")
            return nil
        }
        for m in members where !["clientId", "clientSecret", "role", "feeders"].contains(m.key) { fail("\(path).\(m.key)", "unknown field") }
        let id = item["clientId"]?.stringValue, secret = item["clientSecret"]?.stringValue
        if id == nil { fail("\(path).clientId", "is required (a string)") }
        if let id, !(1...128).contains(id.count) || id.contains(where: { $0.isWhitespace || $0.isNewline }) {
            fail("\(path).clientId", "must be 1 to 128 characters without spaces")
        }
        // The secret itself is never echoed in a message.
        if secret == nil { fail("\(path).clientSecret", "is required (a string)") }
        if let secret, secret.count < minimumSecretLength {
            fail("\(path).clientSecret", "must be at least \(minimumSecretLength) characters")
        }
        let role = item["role"]?.stringValue.flatMap(Role.init(rawValue:))
        if role == nil { fail("\(path).role", "must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
        var feeders: [String] = []
        if let value = item["feeders"] {
            if case .array(let ids) = value, ids.allSatisfy({ !($0.stringValue ?? "").isEmpty }) {
                feeders = ids.compactMap(\.stringValue)
                if Set(feeders).count != feeders.count { fail("\(path).feeders", "names a feeder twice") }
            } else {
                fail("\(path).feeders", "must be an array of non-empty feeder ids")
            }
        }
        if role == .utility && feeders.isEmpty { fail("\(path).feeders", "a utility must name the feeders it sets limits on") }
        if let role, role != .utility, item["feeders"] != nil { fail("\(path).feeders", "only a utility has feeders") }
        guard let id, let secret, let role else { return nil }
        return Client(clientId: id, clientSecret: secret, role: role, feeders: feeders)
    }
}

/// What a client is to the service.
public enum Role: String, Sendable, CaseIterable {
    /// The platform's operators: everything.
    case admin
    /// The platform's cloud: dispatch windows and the limits they use.
    case cloud
    /// A metrics scraper: `/metrics` only (when the config protects it).
    case monitor
    /// A utility or co-op: OpenADR programs and events on its own feeders.
    case utility

    /// The scopes a client of this role may hold (and gets when it asks for none).
    public var scopes: [Scope] {
        switch self {
        case .admin: Scope.allCases
        case .cloud: [.dispatch]
        case .monitor: [.metrics]
        case .utility: [.readAll, .writePrograms, .writeEvents]
        }
    }
}

/// Bearer token scopes: OpenADR 3's three the VTN subset needs, and the engine's own two.
public enum Scope: String, Sendable, CaseIterable {
    case readAll = "read_all"
    case writePrograms = "write_programs"
    case writeEvents = "write_events"
    /// `/v1/dispatch…` and `/v1/feeders/{id}/limits`.
    case dispatch
    /// `/v1` registry writes and reads.
    case admin
    /// `/metrics` when the config protects it.
    case metrics
}
