extension DispatchResult {
    /// Numbers in results are rounded to at most 1e-9 (`-0` becomes `0`).
    public static func rounded(_ x: Double) -> Double {
        let r = (x * 1e9).rounded() / 1e9
        return r == 0 ? 0 : r
    }

    private static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number(rounded($0)) }) }

    /// The result as the JSON contract of §3, members in the contract's order.
    public var json: JSONValue {
        let o = objective
        return .object([
            ("windowId", .string(windowId)),
            ("start", .string(start.description)),
            ("intervalMinutes", .integer(intervalMinutes)),
            ("intervals", .integer(intervals)),
            ("currency", .string(currency)),
            ("status", .string(status.rawValue)),
            (
                "objective",
                .object([
                    ("total", .number(Self.rounded(o.total))),
                    ("importCost", .number(Self.rounded(o.importCost))),
                    ("exportRevenue", .number(Self.rounded(o.exportRevenue))),
                    ("demandCharges", .number(Self.rounded(o.demandCharges))),
                    ("degradationCost", .number(Self.rounded(o.degradationCost))),
                    ("unmetPenalty", .number(Self.rounded(o.unmetPenalty))),
                    ("violationPenalty", .number(Self.rounded(o.violationPenalty))),
                ])
            ),
            (
                "sites",
                .array(
                    sites.map { s in
                        .object([
                            ("id", .string(s.id)),
                            ("importKw", Self.numbers(s.importKw)),
                            ("exportKw", Self.numbers(s.exportKw)),
                            ("curtailedPvKw", Self.numbers(s.curtailedPvKw)),
                            ("peakKw", .number(Self.rounded(s.peakKw))),
                            ("limitViolationKw", Self.numbers(s.limitViolationKw)),
                        ])
                    })
            ),
            (
                "feeders",
                .array(
                    feeders.map { f in
                        .object([
                            ("id", .string(f.id)),
                            ("netImportKw", Self.numbers(f.netImportKw)),
                            ("limitViolationKw", Self.numbers(f.limitViolationKw)),
                            ("congestionPricePerKwh", Self.numbers(f.congestionPricePerKwh)),
                        ])
                    })
            ),
            (
                "sessions",
                .array(
                    sessions.map { s in
                        .object([
                            ("id", .string(s.id)),
                            ("chargerId", .string(s.chargerId)),
                            ("chargeKw", Self.numbers(s.chargeKw)),
                            ("dischargeKw", Self.numbers(s.dischargeKw)),
                            ("finalKwh", .number(Self.rounded(s.finalKwh))),
                            ("unmetKwh", .number(Self.rounded(s.unmetKwh))),
                        ])
                    })
            ),
            (
                "chargingProfiles",
                .array(
                    chargingProfiles.map { p in
                        .object([
                            ("chargerId", .string(p.chargerId)),
                            ("sessionId", .string(p.sessionId)),
                            ("ocppVersion", .string(p.ocppVersion.rawValue)),
                            ("request", p.requestJSON),
                        ])
                    })
            ),
            (
                "solver",
                .object([
                    ("name", .string(solver.name)),
                    ("version", .string(solver.version)),
                    ("method", .string(solver.method)),
                    ("seconds", .number(Self.rounded(solver.seconds))),
                    ("rows", .integer(solver.rows)),
                    ("columns", .integer(solver.columns)),
                    ("nonzeros", .integer(solver.nonzeros)),
                    ("mip", .bool(solver.mip)),
                    ("iterations", .integer(solver.iterations)),
                    ("subproblems", .integer(solver.subproblems)),
                    ("warmStartedSessions", .integer(solver.warmStartedSessions)),
                    ("coarseStartedSessions", .integer(solver.coarseStartedSessions)),
                    ("coarseIterations", .integer(solver.coarseIterations)),
                    ("basisStartedSubproblems", .integer(solver.basisStartedSubproblems)),
                ])
            ),
            ("warnings", .array(warnings.map { .string($0) })),
        ])
    }
}
