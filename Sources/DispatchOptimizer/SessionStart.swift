/// Where a session's columns start the simplex method (`FeederModelBuilder.placeStarts`).
enum SessionStart {
    /// The previous window's power per position of the session's run (`nil` where its plan has none).
    case previous([(charge: Double, discharge: Double)?])
    /// The positions of the run its greedy start charges at full power (`GreedyStart.full`).
    case greedy(full: [Int])

    /// The previous window's power, for a warm-started session.
    var previous: [(charge: Double, discharge: Double)?]? {
        if case .previous(let power) = self { return power }
        return nil
    }
}
