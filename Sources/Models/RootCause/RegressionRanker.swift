import LinearAlgebra
import Telemetry

/// Which series of a node's parents (its callees) explain one of its series in the regression.
public enum RegressionParents: String, Sendable, CaseIterable {
    /// The parents' series with the same metric name (latency on latency, CPU on CPU).
    case sameMetric = "same-metric"
    /// Every series of every parent.
    case all
}

/// CIRCA-style regression-based hypothesis testing (Li et al., KDD 2022) on the call graph.
///
/// The causal graph is the call graph reversed: a callee's fault shows in its callers, so the parents of
/// a service are the services it calls. Each series `y` of service `v` is regressed on its parents' series
/// over the normal window by ridge least squares (regressors standardised by their normal-window mean and
/// standard deviation, `y` centred, penalty `λ` on every coefficient, solved through `LinearAlgebra`'s
/// `dgelsd` on the augmented system `[X; √λ·I]β ≈ [y; 0]`); the residual's spread is
/// `σ = √(RSS/(n − df))`, df = 1 + Σ dᵢ²/(dᵢ² + λ) (the ridge's effective degrees of freedom; a zero σ
/// becomes 1). The series' score is the maximum over the incident window of the standardised residual
/// `(y_t − ŷ_t)/σ` (signed, or its absolute value); a service's score is the maximum over its series.
/// A service with no parents is scored against its own normal mean (the regression has only the intercept).
///
/// Descendant adjustment: a service whose score reaches `threshold` gets the largest score among its
/// descendants (the services that call it, directly or not) added, so that of two anomalous services
/// on one call path the one whose symptom spread upstream ranks first.
///
/// Rows with a missing value of `y` or of a regressor are left out of the fit; in the incident window a
/// missing regressor counts at its normal mean.
struct RegressionRanker: RootCauseRanker {
    let ridge: Double
    let threshold: Double
    let parents: RegressionParents
    let direction: DeviationDirection

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        let graph = try CallGraph(incident)
        let columns = incident.series.count
        var normal = [[Double]](repeating: [], count: columns), during = [[Double]](repeating: [], count: columns)
        for c in 0..<columns {
            _ = try incident.finiteValues(c, incident.normalRows, name: "normal")
            _ = try incident.finiteValues(c, incident.incidentRows, name: "incident")
            normal[c] = incident.frame.withColumn(c) { Array($0[incident.normalRows]) }
            during[c] = incident.frame.withColumn(c) { Array($0[incident.incidentRows]) }
        }
        var nodeScore = [Double](repeating: -.infinity, count: graph.nodes.count)
        var nodeMetric = [String?](repeating: nil, count: graph.nodes.count)
        for v in graph.nodes.indices {
            let parentColumns = graph.callees[v].flatMap { graph.seriesOf[$0] }
            for c in graph.seriesOf[v] {
                let metric = incident.series[c].metric
                let regressors = parents == .all ? parentColumns : parentColumns.filter { incident.series[$0].metric == metric }
                let s = try residualScore(y: c, regressors: regressors, normal: normal, during: during)
                if s > nodeScore[v] {
                    nodeScore[v] = s
                    nodeMetric[v] = metric
                }
            }
        }
        var adjusted = nodeScore
        for v in graph.nodes.indices where nodeScore[v].isFinite && nodeScore[v] >= threshold {
            let below = graph.reachable(from: v, along: graph.callers).map { nodeScore[$0] }.filter(\.isFinite)
            if let m = below.max(), m > 0 { adjusted[v] = nodeScore[v] + m }
        }
        return RootCauseRanking(
            metrics: graph.nodes.indices.filter { !graph.seriesOf[$0].isEmpty }.map {
                RankedCandidate(entity: graph.nodes[$0], metric: nodeMetric[$0], score: adjusted[$0])
            })
    }

    /// The maximum standardised residual of column `y` over the incident window.
    func residualScore(y: Int, regressors all: [Int], normal: [[Double]], during: [[Double]]) throws -> Double {
        let rowsFit = normal[y].indices.filter { t in normal[y][t].isFinite && all.allSatisfy { normal[$0][t].isFinite } }
        let fitRows = rowsFit.count >= 2 ? rowsFit : normal[y].indices.filter { normal[y][$0].isFinite }
        let regressors = rowsFit.count >= 2 ? all : []
        let n = fitRows.count
        let yMean = fitRows.reduce(0) { $0 + normal[y][$1] } / Double(n)
        // Standardised regressors (constant ones dropped).
        var used: [(column: Int, mean: Double, std: Double)] = []
        for r in regressors {
            let m = fitRows.reduce(0) { $0 + normal[r][$1] } / Double(n)
            let v = fitRows.reduce(0) { $0 + (normal[r][$1] - m) * (normal[r][$1] - m) } / Double(n)
            if v > 0, v.isFinite { used.append((r, m, v.squareRoot())) }
        }
        let p = used.count
        var beta = [Double](repeating: 0, count: p)
        var df = 1.0
        if p > 0 {
            let m = n + p
            var a = [Double](repeating: 0, count: m * p)
            for (j, u) in used.enumerated() {
                for (i, t) in fitRows.enumerated() { a[j * m + i] = (normal[u.column][t] - u.mean) / u.std }
                a[j * m + n + j] = ridge.squareRoot()
            }
            var b = [Double](repeating: 0, count: m)
            for (i, t) in fitRows.enumerated() { b[i] = normal[y][t] - yMean }
            let solved = try LeastSquares(try Matrix(rows: m, columns: p, columnMajor: a), b)
            beta = solved.solution.column(0)
            if ridge > 0 {
                for s in solved.singularValues where s > 0 { df += max(0, s * s - ridge) / (s * s) }
            } else {
                df += Double(solved.rank)
            }
        }
        func fitted(_ x: (Int) -> Double) -> Double {
            var f = yMean
            for (j, u) in used.enumerated() {
                let value = x(u.column)
                if value.isFinite { f += beta[j] * (value - u.mean) / u.std }
            }
            return f
        }
        var rss = 0.0
        for t in fitRows {
            let r = normal[y][t] - fitted { normal[$0][t] }
            rss += r * r
        }
        let rawSigma = (rss / max(1, Double(n) - df)).squareRoot()
        let sigma = rawSigma > 0 && rawSigma.isFinite ? rawSigma : 1
        var best = -Double.infinity
        for t in during[y].indices where during[y][t].isFinite {
            let z = (during[y][t] - fitted { during[$0][t] }) / sigma
            best = max(best, direction == .signed ? z : abs(z))
        }
        return best
    }
}
