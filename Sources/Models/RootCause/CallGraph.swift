import Telemetry

/// A case's entities as graph nodes, indexed in name order (so nothing depends on the input's column
/// order), with the call edges between them: `callees[v]` are the services `v` calls (in the causal
/// sense its parents: a callee's fault shows in its callers), `callers[v]` the services calling `v`.
struct CallGraph: Sendable {
    /// Entity names, sorted.
    let nodes: [String]
    /// `callees[v]`: node indices `v` calls, sorted, without duplicates or self-calls.
    let callees: [[Int]]
    /// `callers[v]`: node indices calling `v`, sorted.
    let callers: [[Int]]
    /// `seriesOf[v]`: the case's columns of node `v`, in (metric, id) order.
    let seriesOf: [[Int]]

    /// The graph of `incident`: nodes = candidates ∪ series entities ∪ edge endpoints.
    ///
    /// - Throws: `RootCauseError.topology` when the case has no call graph, or an edge names an entity
    ///   with no series (an unobserved service cannot be ranked on evidence).
    init(_ incident: IncidentCase) throws {
        guard let topology = incident.topology else {
            throw RootCauseError.topology(caseID: incident.id, reason: "the case has no call graph (a graph ranker needs one)")
        }
        var names = Set(incident.candidates)
        for s in incident.series { names.insert(s.entity) }
        var observed = Set(incident.series.map(\.entity))
        for e in topology.edges {
            for end in [e.caller, e.callee] where !observed.contains(end) {
                throw RootCauseError.topology(caseID: incident.id, reason: "the call graph names '\(end)', which has no series")
            }
            names.insert(e.caller)
            names.insert(e.callee)
        }
        observed.removeAll()
        nodes = names.sorted()
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { index[n] = i }
        var down = [Set<Int>](repeating: [], count: nodes.count), up = [Set<Int>](repeating: [], count: nodes.count)
        for e in topology.edges {
            guard let a = index[e.caller], let b = index[e.callee], a != b else { continue }
            down[a].insert(b)
            up[b].insert(a)
        }
        callees = down.map { $0.sorted() }
        callers = up.map { $0.sorted() }
        var columns = [[Int]](repeating: [], count: nodes.count)
        for c in incident.canonicalSeriesOrder() {
            if let v = index[incident.series[c].entity] { columns[v].append(c) }
        }
        seriesOf = columns
    }

    /// Nodes reachable from `v` by following `next` (excluding `v` unless on a cycle), sorted.
    func reachable(from v: Int, along next: [[Int]]) -> [Int] {
        var seen = [Bool](repeating: false, count: nodes.count)
        var stack = next[v], out: [Int] = []
        while let u = stack.popLast() {
            guard !seen[u] else { continue }
            seen[u] = true
            out.append(u)
            stack.append(contentsOf: next[u])
        }
        return out.sorted()
    }
}

extension IncidentCase {
    /// Column indices sorted by (entity, metric, id): the order graph rankers compute in, so a
    /// permutation of the input series cannot change a floating-point sum.
    func canonicalSeriesOrder() -> [Int] {
        series.indices.sorted {
            let a = series[$0], b = series[$1]
            if a.entity != b.entity { return a.entity < b.entity }
            if a.metric != b.metric { return a.metric < b.metric }
            return a.id < b.id
        }
    }
}
