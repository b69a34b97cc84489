import ChargeShareDomain
import DispatchOptimizer
@testable import Scheduling
import Testing

/// `lp` with expected sessions: capacity held back for cars that have not arrived yet.
@Suite("lp with expected sessions")
struct ExpectedSessionPolicyTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000 / 3_600_000 * 3_600_000)
    static let hour: Int64 = 3_600_000

    static func at(hours: Double) -> Timestamp { t0.adding(milliseconds: Int64(hours * Double(hour))) }

    /// Hourly steps, a 10 kW feeder and 10 kW chargers; one car wanting `remainingKwh` by step
    /// `departure`; energy at 0.30/kWh for two hours, then 0.10.
    static func view(remainingKwh: Double, departure: Int, expected: [ExpectedSession]) -> StepView {
        let prices = [0.3, 0.3] + Array(repeating: 0.1, count: 30)
        let site = SchedulingSite(intervalMinutes: 60, feederLimitKw: 10, chargerKw: 10, horizonSteps: 48)
        let car = ActiveEV(id: "a", stationId: "A", arrivalStep: 0, estimatedDepartureStep: departure, remainingKwh: remainingKwh, maxChargeKw: 10)
        return StepView(
            step: 0, time: t0, site: site, evs: [car], importPrices: prices[...], exportPrices: prices.map { _ in 0 }[...],
            forecasts: Forecasts(expectedSessions: expected))
    }

    /// 1.5 cars expected to arrive around hour 2 (spread over 1:30–2:30), staying 2 hours, 10 kWh each.
    static let comingAtTwo = ExpectedSession(
        id: "x", arrivalStart: at(hours: 1.5), arrivalEnd: at(hours: 2.5), stayMilliseconds: 2 * hour, count: 1.5, energyPerCarKwh: 10)

    @Test("Knowing 15 kWh will arrive for the cheap hours, lp charges the real car 5 kW now instead of waiting")
    func reservesCapacity() throws {
        // Without the forecast: the car's 10 kWh fit in the cheap hours 2–3, so it waits (0 kW now).
        var policy = DispatchPolicy()
        let plain = try policy.schedule(Self.view(remainingKwh: 10, departure: 4, expected: [Self.comingAtTwo]))
        #expect(plain == [0])
        // With it: hours 2–3 hold 20 kWh of feeder capacity and 10 + 15 kWh are wanted in them, so
        // 5 kWh must come at 0.30 before hour 2; the earliest tie-break puts them in hour 0.
        var lp = DispatchPolicy(name: "lp+expected", expected: ProblemAssembly.ExpectedSessionTerms())
        let power = try lp.schedule(Self.view(remainingKwh: 10, departure: 4, expected: [Self.comingAtTwo]))
        #expect(power.count == 1)
        #expect(abs(power[0] - 5) < 1e-3)
    }

    @Test("The window is widened to the departure of expected cars arriving in it; later ones are left out")
    func window() {
        let inside = ExpectedSession(
            id: "in", arrivalStart: Self.at(hours: 1), arrivalEnd: Self.at(hours: 3), stayMilliseconds: 5 * Self.hour, count: 2, energyPerCarKwh: 8)
        let after = ExpectedSession(
            id: "out", arrivalStart: Self.at(hours: 5), arrivalEnd: Self.at(hours: 6), stayMilliseconds: Self.hour, count: 2, energyPerCarKwh: 8)
        let view = Self.view(remainingKwh: 10, departure: 4, expected: [inside, after])
        let (intervals, kept) = DispatchPolicy.window(view, expected: ProblemAssembly.ExpectedSessionTerms())
        #expect(intervals == 7)  // arrival at 2 h (middle of 1–3 h) + 5 h stay
        #expect(kept.map(\.id) == ["expected:in"])
        // Without terms, plain lp: the cars' window and no expected session.
        let plain = DispatchPolicy.window(view, expected: nil)
        #expect(plain.intervals == 4 && plain.expected.isEmpty)
    }

    @Test("A real car is never short for an expected one: the expected kWh is worth half as much")
    func realCarsFirst() throws {
        // Feeder 10 kW for 2 hours = 20 kWh; the real car wants 20 kWh, an expected car 10 kWh in hour 1.
        let expected = ExpectedSession(
            id: "y", arrivalStart: Self.at(hours: 0.5), arrivalEnd: Self.at(hours: 1.5), stayMilliseconds: Self.hour, count: 1, energyPerCarKwh: 10)
        let view = Self.view(remainingKwh: 20, departure: 2, expected: [expected])
        let problem = ProblemAssembly.window(
            name: "w", start: Self.t0, intervals: 2, site: view.site, importPrices: [0.3, 0.3], exportPrices: [0, 0],
            cars: [.init(id: "a", stationId: "A", firstStep: 0, endStep: 2, remainingKwh: 20, dischargeableKwh: 0)],
            expected: [expected], tieBreak: .earliest, currency: "EUR", unmetPenaltyPerKwh: 10)
        let virtual = try #require(problem.chargers.first { $0.id == "expected:y" })
        #expect(virtual.chargeEfficiency == 0.5 && virtual.maxChargeKw == 10)
        let result = try Dispatcher().dispatch(problem)
        let real = try #require(result.sessions.first { $0.id == "a" })
        let hypothetical = try #require(result.sessions.first { $0.id == "expected:y" })
        #expect(abs(real.unmetKwh) < 1e-6)
        #expect(abs(real.chargeKw[0] - 10) < 1e-6 && abs(real.chargeKw[1] - 10) < 1e-6)
        // Its target is 10 kWh × 0.5 (the priority) and none of it fits.
        #expect(abs(hypothetical.unmetKwh - 5) < 1e-6)
        var lp = DispatchPolicy(expected: ProblemAssembly.ExpectedSessionTerms())
        #expect(try lp.schedule(view).count == 1)
    }

    @Test("A real car keeps the cheap hour: the expected car's energy is free in the plan, so it takes the dear one")
    func realCarsGetTheCheapHours() throws {
        // Hourly, 10 kW feeder, 0.30 / 0.10 / 0.30. The real car wants 10 kWh by hour 3; an expected
        // car (arriving at hour 1, leaving at 3) wants 10 kWh. Both fit; only one gets the cheap hour.
        let prices = [0.3, 0.1, 0.3]
        let site = SchedulingSite(intervalMinutes: 60, feederLimitKw: 10, chargerKw: 10, horizonSteps: 48)
        let car = ActiveEV(id: "a", stationId: "A", arrivalStep: 0, estimatedDepartureStep: 3, remainingKwh: 10, maxChargeKw: 10)
        let expected = ExpectedSession(
            id: "w", arrivalStart: Self.at(hours: 0.5), arrivalEnd: Self.at(hours: 1.5), stayMilliseconds: 2 * Self.hour, count: 1,
            energyPerCarKwh: 10)
        let problem = ProblemAssembly.window(
            name: "w", start: Self.t0, intervals: 3, site: site, importPrices: prices, exportPrices: [0, 0, 0],
            cars: [.init(id: "a", stationId: "A", firstStep: 0, endStep: 3, remainingKwh: 10, dischargeableKwh: 0)], expected: [expected],
            tieBreak: .earliest, currency: "EUR", unmetPenaltyPerKwh: 10)
        let result = try Dispatcher().dispatch(problem)
        let real = try #require(result.sessions.first { $0.id == "a" })
        let other = try #require(result.sessions.first { $0.id == "expected:w" })
        // Plan cost: real 10 × 0.10 (the expected car's energy counts 0), against 3.0 the other way round.
        #expect(real.chargeKw.enumerated().allSatisfy { abs($1 - ($0 == 1 ? 10 : 0)) < 1e-6 })
        #expect(abs(other.chargeKw[2] - 10) < 1e-6 && other.unmetKwh < 1e-6)
        #expect(abs(result.objective.importCost - 1) < 1e-6)
        let view = StepView(
            step: 0, time: Self.t0, site: site, evs: [car], importPrices: prices[...], exportPrices: [0.0, 0, 0][...],
            forecasts: Forecasts(expectedSessions: [expected]))
        var policy = DispatchPolicy(expected: ProblemAssembly.ExpectedSessionTerms())
        #expect(try policy.schedule(view) == [0])
    }

    @Test("Cars already arrived are taken out: a quarter into the hour, three quarters are still to come")
    func notArrived() throws {
        let e = ExpectedSession(
            id: "z", arrivalStart: Self.t0, arrivalEnd: Self.at(hours: 1), stayMilliseconds: Self.hour, count: 2, energyPerCarKwh: 6)
        #expect(e.id == "expected:z" && ExpectedSession.isExpected(e.id))
        #expect(e.notArrived(at: Self.t0.adding(milliseconds: -1)) == e)
        let left = try #require(e.notArrived(at: Self.at(hours: 0.25)))
        #expect(abs(left.count - 1.5) < 1e-12)
        #expect(abs(left.energyKwh - 9) < 1e-12)
        #expect(left.arrival == Self.at(hours: 0.625))
        #expect(left.departure == Self.at(hours: 1.625))
        #expect(e.notArrived(at: Self.at(hours: 1)) == nil)
    }
}
