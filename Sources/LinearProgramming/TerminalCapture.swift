internal import CGLPK

/// Reads GLPK's terminal output for the duration of one call through `glp_term_hook`, keeping the
/// highest iteration number of progress lines such as `  7: obj =  1.0e+00; ...`.
///
/// The hook is this thread's (GLPK's environment is thread-local) and is removed afterwards.
/// It is the terminal hook, not the error hook: it returns normally and never longjmps.
final class TerminalCapture {
    private(set) var lastIteration = 0
    private let echo: Bool

    init(echo: Bool) { self.echo = echo }

    func capturing<T>(_ body: () -> T) -> T {
        let info = Unmanaged.passUnretained(self).toOpaque()
        glp_term_out(GLP_ON)
        glp_term_hook(
            { info, text in
                guard let info, let text else { return 1 }
                let capture = Unmanaged<TerminalCapture>.fromOpaque(info).takeUnretainedValue()
                capture.read(String(cString: text))
                return capture.echo ? 0 : 1  // non-zero: GLPK prints nothing itself
            }, info)
        defer {
            glp_term_hook(nil, nil)
            glp_term_out(GLP_OFF)
        }
        return withExtendedLifetime(self) { body() }
    }

    private func read(_ line: String) {
        let trimmed = line.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[colon...].hasPrefix(": obj"),
            let n = Int(trimmed[..<colon])
        else { return }
        lastIteration = max(lastIteration, n)
    }
}

@available(*, unavailable)
extension TerminalCapture: Sendable {}
