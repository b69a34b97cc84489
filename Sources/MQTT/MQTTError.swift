/// What went wrong talking to a broker. Each case says what and where, for an operator's log.
public enum MQTTError: Error, Equatable, CustomStringConvertible {
    /// A broker address that cannot be used, with the reason.
    case badAddress(String, String)
    /// A client id or topic filter the protocol does not allow.
    case badArgument(String)
    /// The TCP connection could not be opened (refused, unreachable, no such host).
    case cannotConnect(MQTTAddress, String)
    /// The broker answered CONNECT with a refusal (for example, not authorised).
    case refused(MQTTAddress, String)
    /// The broker refused the subscription.
    case subscriptionRefused(String)
    /// The connection broke; reconnect to go on.
    case connectionLost(MQTTAddress, String)
    /// The library could not do what was asked (out of memory, a protocol error).
    case library(String)

    public var description: String {
        switch self {
        case .badAddress(let url, let why): "bad broker address \(url): \(why)"
        case .badArgument(let why): why
        case .cannotConnect(let a, let why): "cannot connect to the broker at \(a): \(why)"
        case .refused(let a, let why): "the broker at \(a) refused the connection: \(why)"
        case .subscriptionRefused(let topic): "the broker refused the subscription to \(topic)"
        case .connectionLost(let a, let why): "lost the connection to the broker at \(a): \(why)"
        case .library(let why): "MQTT client library: \(why)"
        }
    }
}
