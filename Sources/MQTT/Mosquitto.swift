import CMosquitto
import Glibc

/// libmosquitto's process-wide set-up, done once before the first client.
enum Mosquitto {
    private static let initialised: Bool = {
        mosquitto_lib_init()
        // libmosquitto 2.0 writes to its socket with write(), not send(MSG_NOSIGNAL): a broker that
        // has just gone away would kill the process with SIGPIPE instead of returning an error.
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    static func start() { _ = initialised }

    static func isSuccess(_ rc: Int32) -> Bool { rc == Int32(MOSQ_ERR_SUCCESS.rawValue) }

    /// The library's words for a return code; for `MOSQ_ERR_ERRNO`, the system's words for errno.
    static func message(_ rc: Int32) -> String {
        if rc == Int32(MOSQ_ERR_ERRNO.rawValue) { return String(cString: strerror(errno)) }
        return String(cString: mosquitto_strerror(rc))
    }

    /// A client id the protocol allows: 1–23 bytes of letters, digits, `-` and `_` keep every broker happy.
    static func checkClientId(_ id: String) throws(MQTTError) {
        guard !id.isEmpty, id.utf8.count <= 65_535, !id.contains("\0") else {
            throw .badArgument("the client id must be 1 to 65,535 bytes without NUL")
        }
    }
}
