import ChargeShareDomain
@testable import CloudDispatch
import Foundation
import Synthetic
import Testing
import TestSupport

/// Seeded mutations of valid bodies: the reader never crashes, and every refusal is malformed or
/// invalid with at least one issue that has a path and a one-line message.
@Suite("Cloud dispatch: body parser fuzz")
struct BodyFuzzTests {
    static let cases = Int(ProcessInfo.processInfo.environment["CLOUD_FUZZ_CASES"] ?? "") ?? 3000
    static let seed = UInt64(ProcessInfo.processInfo.environment["CLOUD_FUZZ_SEED"] ?? "") ?? 13

    @Test func mutatedBodiesAreAcceptedOrRefusedWithAPath() {
        var mutator = Mutator(rng: SeededGenerator(seed: Self.seed))
        let seeds = [Harness.problemBody(), Harness.assemblyBody(), Harness.assemblyBody(prices: "null")]
        var accepted = 0, refused = 0
        for i in 0..<Self.cases {
            let input = mutator.mutate(seeds[i % seeds.count])
            do {
                let body = try DispatchBody.read(input)
                #expect((1...128).contains(body.windowId.count))
                #expect(body.digest.utf8.count == 64)
                accepted += 1
            } catch {
                refused += 1
                #expect(error.kind == .malformed || error.kind == .invalid, "case \(i): \(error)")
                #expect(!error.issues.isEmpty, "case \(i)")
                for issue in error.issues {
                    #expect(!issue.path.isEmpty && !issue.message.isEmpty, "case \(i): \(issue)")
                    #expect(!issue.description.contains("\n"), "case \(i): \(issue)")
                }
            }
        }
        #expect(accepted > 0 && refused > 0, "accepted \(accepted), refused \(refused)")
    }

    /// The whole path (store, solver) on fewer cases: a mutation that reads is dispatched or
    /// refused with a typed error, never a crash.
    @Test func mutatedBodiesThroughTheDispatcher() throws {
        let h = try Harness(withKeys: false)
        try h.storeSession()
        var mutator = Mutator(rng: SeededGenerator(seed: Self.seed &+ 1))
        let seeds = [Harness.problemBody(), Harness.assemblyBody()]
        for i in 0..<(Self.cases / 10) {
            do { _ = try h.dispatcher.dispatch(body: mutator.mutate(seeds[i % seeds.count])) } catch {
                #expect(!error.issues.isEmpty && error.issues.allSatisfy { !$0.path.isEmpty }, "case \(i): \(error)")
            }
        }
    }
}
