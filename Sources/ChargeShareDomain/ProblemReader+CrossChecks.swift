extension ProblemReader {
    /// Rules that span entities: unique ids, references that resolve, and no two sessions on one
    /// charger whose usable intervals overlap.
    static func crossCheck(_ p: DispatchProblem, _ f: inout JSONFields) {
        let feederIndex = uniqueIds(p.feeders.map(\.id), collection: "feeders", &f)
        let siteIndex = uniqueIds(p.sites.map(\.id), collection: "sites", &f)
        let chargerIndex = uniqueIds(p.chargers.map(\.id), collection: "chargers", &f)
        _ = uniqueIds(p.sessions.map(\.id), collection: "sessions", &f)

        for (i, site) in p.sites.enumerated() where feederIndex[site.feederId] == nil {
            f.fail("sites[\(i)].feederId", "unknown feeder \(Displayed.quoted(site.feederId))")
        }
        for (i, charger) in p.chargers.enumerated() where siteIndex[charger.siteId] == nil {
            f.fail("chargers[\(i)].siteId", "unknown site \(Displayed.quoted(charger.siteId))")
        }
        var byCharger: [String: [Int]] = [:]
        for (i, session) in p.sessions.enumerated() {
            if chargerIndex[session.chargerId] == nil {
                f.fail("sessions[\(i)].chargerId", "unknown charger \(Displayed.quoted(session.chargerId))")
            } else {
                byCharger[session.chargerId, default: []].append(i)
            }
        }
        var overlaps: [(Int, Int)] = []
        for (_, indices) in byCharger where indices.count > 1 {
            let runs = indices.map { (index: $0, run: p.usableIntervals(of: p.sessions[$0])) }
                .filter { !$0.run.isEmpty }
                .sorted { ($0.run.lowerBound, $0.index) < ($1.run.lowerBound, $1.index) }
            var latest: (index: Int, run: Range<Int>)?
            for current in runs {
                if let previous = latest, current.run.lowerBound < previous.run.upperBound {
                    overlaps.append((max(previous.index, current.index), min(previous.index, current.index)))
                }
                if latest == nil || current.run.upperBound > (latest?.run.upperBound ?? 0) { latest = current }
            }
        }
        for (later, earlier) in overlaps.sorted(by: { $0 < $1 }) {
            let s = p.sessions[later]
            f.fail(
                "sessions[\(later)]",
                "usable intervals overlap those of session \(Displayed.quoted(p.sessions[earlier].id)) (sessions[\(earlier)]) on charger \(Displayed.quoted(s.chargerId))"
            )
        }
    }

    /// Reports duplicate ids and returns the index of each id's first occurrence.
    private static func uniqueIds(_ ids: [String], collection: String, _ f: inout JSONFields) -> [String: Int] {
        var first: [String: Int] = [:]
        first.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() {
            if let j = first[id] {
                f.fail("\(collection)[\(i)].id", "duplicate id \(Displayed.quoted(id)) (first at \(collection)[\(j)])")
            } else {
                first[id] = i
            }
        }
        return first
    }
}
