import Telemetry

/// How far a root cause sits from where requests enter: the fewest call-graph edges from an entry service (an
/// entity that calls others and that nothing calls) to it. Structural only — no ground truth beyond the cause
/// itself — so accuracy can be shown by depth (issue 13: "by distance of the root cause from the entry service").
public enum RootCauseDistance {
    /// Hops from the nearest entry service to every entity reachable from one (entries at 0).
    public static func hops(_ topology: Topology) -> [String: Int] {
        let callees = Set(topology.edges.map(\.callee))
        var next: [String: [String]] = [:]
        for e in topology.edges { next[e.caller, default: []].append(e.callee) }
        var frontier = Set(topology.edges.map(\.caller)).subtracting(callees).sorted()
        var hops: [String: Int] = [:]
        for entry in frontier { hops[entry] = 0 }
        var d = 0
        while !frontier.isEmpty {
            d += 1
            var grown: [String] = []
            for a in frontier {
                for b in next[a] ?? [] where hops[b] == nil {
                    hops[b] = d
                    grown.append(b)
                }
            }
            frontier = grown
        }
        return hops
    }

    /// The group a case falls in: `hops N` for its nearest true cause, `unreachable` when no true cause is
    /// reachable from an entry service (or the graph has no entry).
    public static func group(truth: Set<String>, hops: [String: Int]) -> String {
        guard let d = truth.compactMap({ hops[$0] }).min() else { return "unreachable" }
        return "hops \(d)"
    }

    /// Per ranker, one summary per distance group (sorted by distance, `unreachable` last), at the report's
    /// bootstrap settings; `groupOf` maps a case id to its group.
    public static func summaries(
        _ cases: [String: [RootCauseCaseScore]], rankers: [String], groupOf: [String: String], resamples: Int, seed: UInt64
    ) -> [RootCauseSummary] {
        func order(_ g: String) -> Int { g.hasPrefix("hops ") ? Int(g.dropFirst(5)) ?? Int.max : Int.max }
        let groups = Set(groupOf.values).sorted { (order($0), $0) < (order($1), $1) }
        var out: [RootCauseSummary] = []
        for r in rankers {
            let scores = cases[r] ?? []
            for g in groups {
                let members = scores.filter { groupOf[$0.caseID] == g }
                guard !members.isEmpty else { continue }
                out.append(RootCauseSummary.summarise(ranker: r, group: g, members, resamples: resamples, seed: seed))
            }
        }
        return out
    }
}
