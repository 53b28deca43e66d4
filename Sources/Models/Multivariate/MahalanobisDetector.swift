import LinearAlgebra
import Telemetry

/// Mahalanobis distance / Hotelling T² of each row from the training distribution.
///
/// Fit: column means `μ` and sample covariance `Σ` (``CovarianceEstimate``), a ridge
/// `ridge · trace(Σ)/n` added to the diagonal (so a constant or duplicated series does not make `Σ`
/// singular), the Cholesky factorisation `Σ + ρI = L·Lᵀ` (`dpotrf`) and, by triangular solves with
/// it (`dpotrs`), the precision matrix `Σ⁻¹`.
///
/// Score of a row `x`: `T² = (x − μ)ᵀ Σ⁻¹ (x − μ)`, computed for a block of rows with one `dgemm`
/// (`Y = Xc·Σ⁻¹`) and a row-wise dot product. `perSeries` holds the additive decomposition
/// `cⱼ = (x − μ)ⱼ · (Σ⁻¹(x − μ))ⱼ`, which sums to `T²` (a series can contribute negatively when it
/// moves against a correlated one). ``chiSquareLimit(alpha:)`` gives the large-sample limit.
///
/// - NaN rule: a missing value is replaced by the training mean of its series and its contribution
///   is reported as 0.
/// - Causality: row-wise after `fit`; see ``RowBlockScorer``. Unfitted, every row scores 0.
public struct MahalanobisDetector: StreamingDetector, RowSetDetector {
    /// Ridge, relative to the mean variance.
    public let ridge: Double
    /// Whether `scores(for:)` fills `perSeries`.
    public let perSeries: Bool
    /// Scoring threads (0 = all cores).
    public let threads: Int
    /// Training means (empty until fitted).
    public private(set) var means: [Double] = []
    /// `(Σ + ρI)⁻¹`, `series × series`.
    public private(set) var precision: Matrix = .zeros(rows: 0, columns: 0)
    private var observed = 0

    /// Creates an unfitted detector.
    public init(ridge: Double = 1e-6, perSeries: Bool = true, threads: Int = 0) {
        self.ridge = ridge
        self.perSeries = perSeries
        self.threads = threads
    }

    /// Fits the mean, the regularised covariance and its inverse via Cholesky.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for an empty frame or a covariance
    ///   that stays singular (all series constant and ridge 0); `LinearAlgebraError` from LAPACK.
    public mutating func fit(training: MetricFrame) throws {
        let est = try CovarianceEstimate(training, model: "mahalanobis")
        let d = training.columns
        var cov = est.covariance
        var trace = 0.0
        for j in 0..<d { trace += cov[j, j] }
        let rho = ridge * (trace > 0 ? trace / Double(d) : 1) + (trace > 0 ? 0 : 1e-12)
        for j in 0..<d { cov[j, j] += rho }
        let chol: Cholesky
        do {
            chol = try Cholesky(cov)
        } catch LinearAlgebraError.notPositiveDefinite(_, let order) {
            throw ModelError.insufficientData(what: "mahalanobis", reason: "covariance is not positive definite at order \(order); raise ridge")
        }
        precision = try chol.solve(Matrix.identity(d))
        precision.symmetrize(from: .lower)
        means = est.means
        observed = 0
    }

    /// The χ²(series) upper `alpha` quantile, the large-sample limit of T² (Wilson–Hilferty).
    public func chiSquareLimit(alpha: Double) -> Double {
        let k = Double(means.count)
        guard k > 0 else { return 0 }
        let z = standardNormalQuantile(1 - alpha)
        let h = 2 / (9 * k)
        let base = 1 - h + z * h.squareRoot()
        return k * base * base * base
    }

    private var scorer: RowBlockScorer { RowBlockScorer(model: "mahalanobis", fill: means, threads: threads) }

    /// Scores every row: T², with per-series contributions when enabled.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard !means.isEmpty else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        return try scorer.scores(for: frame, perSeries: perSeries, kernel: kernel)
    }

    /// Scores one row (0 when unfitted or when the row has the wrong length).
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard !means.isEmpty else { return 0 }
        defer { observed += 1 }
        return (try? scorer.score(row: row, position: observed, kernel: kernel)) ?? 0
    }

    private func kernel(
        _ x: UnsafeMutablePointer<Double>, _ b: Int, _ s: UnsafeMutablePointer<Double>, _ contrib: UnsafeMutablePointer<Double>?
    ) throws {
        let d = means.count
        for j in 0..<d {
            let col = x + j * b
            let mu = means[j]
            for i in 0..<b { col[i] -= mu }
        }
        var y = [Double](repeating: 0, count: b * d)
        try precision.withUnsafeBufferPointer { pp in
            try y.withUnsafeMutableBufferPointer { yp in
                try BLAS.gemm(m: b, n: d, k: d, a: UnsafeBufferPointer(start: x, count: b * d), lda: b, b: pp, ldb: d, c: yp, ldc: b)
            }
        }
        for i in 0..<b { s[i] = 0 }
        y.withUnsafeBufferPointer { yp in
            guard let yb = yp.baseAddress else { return }
            for j in 0..<d {
                let xc = x + j * b, yc = yb + j * b
                let out = contrib.map { $0 + j * b }
                for i in 0..<b {
                    let c = xc[i] * yc[i]
                    s[i] += c
                    out?[i] = c
                }
            }
        }
        for i in 0..<b where s[i] < 0 { s[i] = 0 }
    }
}
