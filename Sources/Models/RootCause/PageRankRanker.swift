import Telemetry

/// Personalised PageRank on the call graph seeded by anomaly scores (the MicroRCA / MonitorRank family).
///
/// Each service's anomaly `a_v` is the largest BARO score of its series (`max_t (x_t − median)/IQR`, normal
/// window statistics, IQR 0 → 1; signed or absolute), clamped at 0 and divided by the largest. The walker
/// at `v` moves to a callee `u` with weight `a_u` (towards the anomalous dependencies), back to a caller
/// `w` with weight `ρ·a_w`, and stays with weight `max(0, a_v − max_u a_u)` (MonitorRank's self edge: a
/// service more anomalous than everything it calls holds the walker); with probability `1 − d` it jumps
/// to a service drawn in proportion to `a` (the personalisation), as it does from a service with no
/// weight out. The service's score is its stationary probability, found by power iteration from the
/// personalisation vector until the L1 change is below 10⁻¹², at most 10,000 steps, in name order, so the
/// result is deterministic. With no anomaly anywhere the personalisation is uniform.
struct PageRankRanker: RootCauseRanker {
    let damping: Double
    let backward: Double
    let direction: DeviationDirection

    static let tolerance = 1e-12
    static let maxIterations = 10_000

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        let graph = try CallGraph(incident)
        let n = graph.nodes.count
        var anomaly = [Double](repeating: 0, count: n)
        var metric = [String?](repeating: nil, count: n)
        for v in 0..<n {
            var best = -Double.infinity
            for c in graph.seriesOf[v] {
                let s = try WindowDeviationRanker.score(incident, column: c, WindowDeviationRanker.medianIQR, direction)
                if s > best {
                    best = s
                    metric[v] = incident.series[c].metric
                }
            }
            anomaly[v] = best.isFinite ? max(0, best) : 0
        }
        let top = anomaly.max() ?? 0
        let personal: [Double]
        if top > 0 {
            for v in 0..<n { anomaly[v] /= top }
            let total = anomaly.reduce(0, +)
            personal = anomaly.map { $0 / total }
        } else {
            personal = [Double](repeating: 1 / Double(max(1, n)), count: n)
        }
        // Out-edges with normalised weights.
        var out = [[(to: Int, p: Double)]](repeating: [], count: n)
        for v in 0..<n {
            var edges: [(to: Int, p: Double)] = []
            var maxCallee = 0.0
            for u in graph.callees[v] {
                edges.append((u, anomaly[u]))
                maxCallee = max(maxCallee, anomaly[u])
            }
            for w in graph.callers[v] { edges.append((w, backward * anomaly[w])) }
            edges.append((v, max(0, anomaly[v] - maxCallee)))
            let total = edges.reduce(0) { $0 + $1.p }
            out[v] = total > 0 ? edges.filter { $0.p > 0 }.map { ($0.to, $0.p / total) } : []
        }
        var pi = personal
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<Self.maxIterations {
            var dangling = 0.0
            for v in 0..<n { next[v] = 0 }
            for v in 0..<n {
                if out[v].isEmpty {
                    dangling += pi[v]
                } else {
                    for e in out[v] { next[e.to] += damping * pi[v] * e.p }
                }
            }
            var change = 0.0
            for v in 0..<n {
                next[v] += (1 - damping + damping * dangling) * personal[v]
                change += abs(next[v] - pi[v])
            }
            swap(&pi, &next)
            if change < Self.tolerance { break }
        }
        return RootCauseRanking(
            metrics: (0..<n).filter { !graph.seriesOf[$0].isEmpty }.map {
                RankedCandidate(entity: graph.nodes[$0], metric: metric[$0], score: pi[$0])
            })
    }
}
