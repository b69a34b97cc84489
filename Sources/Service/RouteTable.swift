import Hummingbird
import Synchronization

/// The service's routes as (path pattern, method), to tell "no such path" (404) from "no such
/// method on this path" (405 with `Allow`, RFC 9110 §15.5.6). Filled once the router is built,
/// read by `ProblemMiddleware` for the requests the router found no route for.
final class RouteTable: Sendable {
    private let patterns = Mutex<[(segments: [Substring], method: String)]>([])

    /// Records every route of `router`.
    func load(_ router: Router<some RequestContext>) {
        let routes = router.routes.map { (segments: Self.segments("\($0.path)"), method: $0.method.rawValue) }
        patterns.withLock { $0 = routes }
    }

    /// The methods some route accepts on `path`, sorted; empty when no route has this path.
    func allowedMethods(_ path: String) -> [String] {
        let asked = Self.segments(path)
        let methods = patterns.withLock { routes in
            routes.filter { Self.matches($0.segments, asked) }.map(\.method)
        }
        return Set(methods).sorted()
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    /// A pattern segment `:name`, `{name}` or `*` matches any one segment; others only themselves.
    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        guard pattern.count == path.count else { return false }
        for (p, s) in zip(pattern, path) {
            let capture = p.hasPrefix(":") || (p.hasPrefix("{") && p.hasSuffix("}")) || p == "*"
            if !capture && p != s { return false }
        }
        return true
    }
}
