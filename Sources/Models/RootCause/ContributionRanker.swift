import LinearAlgebra
import Telemetry

/// A multivariate detector's blame as a root-cause ranking (issue 13): reconstruction-based contributions
/// (Alcala and Qin, 2009) of the incident rows to a Mahalanobis-type fault index fitted on the normal window.
///
/// The series are standardised on the normal window (mean, population std; a zero std → 1, as `nsigma`), their
/// correlation matrix `R` is shrunk towards the identity, `Φ = ((1 − α)R + αI)⁻¹` (by `dsyevr`: `Φ = V·diag(1/μ)·Vᵀ`),
/// and row `x` of the incident window gives series j the contribution `RBC_j = (Φx)_j² / Φ_jj`: the share of the
/// fault index that reconstructing series j alone removes. A series that leaves the normal window's correlation
/// structure is blamed even when a correlated series moves more in its own units; with uncorrelated series it is
/// the squared z-score. Each series scores its largest contribution over the incident window; an entity, the
/// maximum over its series.
///
/// Plain SPE contributions (`r_j²` of a PCA residual) were tried first and dropped: on short, noisy normal windows
/// the principal subspace keeps most directions and absorbs the fault (the contract fixture's jump scored last).
///
/// - Order: the series are put in (entity, metric) order before any arithmetic, so a permutation of the input
///   gives the same numbers, not only the same ranking.
/// - Missing values contribute as the normal window's mean (0 after standardising); a series with no finite value
///   in either window is a typed error naming it, as for the other rankers.
struct ContributionRanker: RootCauseRanker {
    /// α: weight of the identity in the shrunk correlation matrix (fixed a priori, not fitted to any answer).
    let shrinkage: Double

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        let order = incident.series.indices.sorted {
            (incident.series[$0].entity, incident.series[$0].metric) < (incident.series[$1].entity, incident.series[$1].metric)
        }
        let d = order.count, n = incident.normalRows.count, m = incident.incidentRows.count
        var normal = [Double](repeating: 0, count: n * d), during = [Double](repeating: 0, count: m * d)
        for (j, c) in order.enumerated() {
            let finite = try incident.finiteValues(c, incident.normalRows, name: "normal")
            _ = try incident.finiteValues(c, incident.incidentRows, name: "incident")
            let (mean, rawStd) = WindowDeviationRanker.meanStd(finite)
            let std = rawStd == 0 || !rawStd.isFinite ? 1 : rawStd
            incident.frame.withColumn(c) { col in
                for (i, r) in incident.normalRows.enumerated() { normal[j * n + i] = col[r].isFinite ? (col[r] - mean) / std : 0 }
                for (i, r) in incident.incidentRows.enumerated() { during[j * m + i] = col[r].isFinite ? (col[r] - mean) / std : 0 }
            }
        }
        // R = XᵀX / n (standardised, so the correlation matrix up to zero-variance columns), shrunk.
        var r = [Double](repeating: 0, count: d * d)
        try normal.withUnsafeBufferPointer { x in
            try r.withUnsafeMutableBufferPointer { rp in
                try BLAS.gemm(transposeA: true, m: d, n: d, k: n, alpha: (1 - shrinkage) / Double(n), a: x, lda: n, b: x, ldb: n, c: rp, ldc: d)
            }
        }
        for j in 0..<d { r[j * d + j] += shrinkage }
        let eig = try SymmetricEigen(try Matrix(rows: d, columns: d, columnMajor: r))
        // W = V·diag(1/√μ): Φ = W·Wᵀ, Φ_jj = ‖W_j‖², Φx = W·(Wᵀx).
        var w = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            let s = 1 / max(eig.values[k], shrinkage).squareRoot()
            for j in 0..<d { w[k * d + j] = eig.vectors[j, k] * s }
        }
        var diagonal = [Double](repeating: 0, count: d)
        for k in 0..<d {
            for j in 0..<d { diagonal[j] += w[k * d + j] * w[k * d + j] }
        }
        // Y = X·W (m × d), then Z = Y·Wᵀ = X·Φ.
        var y = [Double](repeating: 0, count: m * d), z = [Double](repeating: 0, count: m * d)
        try during.withUnsafeBufferPointer { x in
            try w.withUnsafeBufferPointer { wp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try BLAS.gemm(m: m, n: d, k: d, a: x, lda: m, b: wp, ldb: d, c: yp, ldc: m)
                    try z.withUnsafeMutableBufferPointer { zp in
                        try BLAS.gemm(transposeB: true, m: m, n: d, k: d, a: UnsafeBufferPointer(yp), lda: m, b: wp, ldb: d, c: zp, ldc: m)
                    }
                }
            }
        }
        var ranked: [RankedCandidate] = []
        ranked.reserveCapacity(d)
        for (j, c) in order.enumerated() {
            var best = 0.0
            for i in 0..<m { best = max(best, z[j * m + i] * z[j * m + i] / diagonal[j]) }
            let s = incident.series[c]
            ranked.append(RankedCandidate(entity: s.entity, metric: s.metric, score: best))
        }
        return RootCauseRanking(metrics: ranked)
    }
}
