/// Where a broker listens: `mqtt://HOST[:PORT]` (port 1883 when left out). TLS (`mqtts://`) is not
/// supported yet and is refused by name.
public struct MQTTAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int = 1883) {
        self.host = host
        self.port = port
    }

    /// Reads `mqtt://HOST[:PORT]`.
    /// - Throws: `MQTTError.badAddress` saying what is wrong.
    public init(url: String) throws(MQTTError) {
        guard url.hasPrefix("mqtt://") else {
            let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
            throw .badAddress(url, url.contains("://") ? "the scheme \(scheme) is not supported; use mqtt://HOST:PORT" : "use mqtt://HOST:PORT")
        }
        var rest = Substring(url.dropFirst("mqtt://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("@"), !rest.contains("?") else {
            throw .badAddress(url, "only a host and a port may follow mqtt://")
        }
        var port = 1883
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw .badAddress(url, "the port must be a number from 1 to 65535")
            }
            port = p
            rest = rest[..<colon]
        }
        if rest.hasPrefix("["), rest.hasSuffix("]") { rest = rest.dropFirst().dropLast() }
        guard !rest.isEmpty, rest.utf8.count <= 253, rest.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "[" && $0 != "]" }) else {
            throw .badAddress(url, "the host is missing or not a host name or address")
        }
        self.init(host: String(rest), port: port)
    }

    public var description: String { host.contains(":") ? "mqtt://[\(host)]:\(port)" : "mqtt://\(host):\(port)" }
}
