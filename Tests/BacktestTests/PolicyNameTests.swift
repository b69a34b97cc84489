import Backtest
import Testing

@Suite("Policy names")
struct PolicyNameTests {
    @Test("Policy lists parse, deduplicate and reject unknown names")
    func names() throws {
        #expect(try PolicyName.parseList("lp,edf,lp") == [.lp, .edf])
        #expect(
            throws: BacktestError.invalidSetting(
                "unknown policy \"fifo\"; choose from lp, lp+expected, lp-no-tiebreak, uncontrolled, edf, llf, round-robin, offline-optimal")
        ) {
            try PolicyName.parseList("lp,fifo")
        }
    }
}
