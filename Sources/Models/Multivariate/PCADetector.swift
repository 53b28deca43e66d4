import Foundation
import LinearAlgebra
import Telemetry

/// PCA reconstruction error: the squared prediction error (SPE, Q statistic) of each row outside the
/// principal subspace of the training data, with the Jackson–Mudholkar control limit.
///
/// Fit: column means and sample covariance `Σ` (``CovarianceEstimate``: one blocked `dsyrk` pass),
/// eigen-decomposition of `Σ` (`dsyevr`), and the `k` leading eigenvectors `P` (`series × k`): either
/// `components` of them, or (when `components` is 0) the fewest whose eigenvalues explain at least
/// `variance` of the total.
///
/// Score of a row `x`: `SPE = ‖r‖²` with `r = (x − μ) − P·Pᵀ(x − μ)`, computed for a block of rows at
/// a time with two `dgemm` calls. `perSeries` holds `r_j²` (the row's SPE split by series, summing
/// to the score).
///
/// ``qLimit`` is the Jackson–Mudholkar (1979) upper limit of SPE at confidence `1 − alpha`: with
/// `θᵢ = Σ_{j>k} λⱼⁱ` and `h₀ = 1 − 2θ₁θ₃/(3θ₂²)`,
/// `Q_α = θ₁·[c_α·√(2θ₂h₀²)/θ₁ + 1 + θ₂h₀(h₀ − 1)/θ₁²]^(1/h₀)`, `c_α` the standard normal
/// `1 − alpha` quantile. A row with `SPE > qLimit` is out of control.
///
/// - NaN rule: a missing value is replaced by the training mean of its series (its centred value is 0)
///   and its per-series contribution is reported as 0.
/// - Causality: row-wise after `fit`; see ``RowBlockScorer``. Unfitted, every row scores 0.
/// - Complexity: fit O(m·n²) + O(n³); score O(rows·n·k).
public struct PCADetector: StreamingDetector, RowSetDetector {
    /// Fixed number of components (0 = choose by `variance`).
    public let requestedComponents: Int
    /// Fraction of the total variance the chosen components must explain (when `components` is 0).
    public let varianceFraction: Double
    /// Significance level of ``qLimit``.
    public let alpha: Double
    /// Whether `scores(for:)` fills `perSeries`.
    public let perSeries: Bool
    /// Worker threads for scoring (0 = one per core).
    public let threads: Int

    /// Training means (empty until fitted).
    public private(set) var means: [Double] = []
    /// Eigenvalues of the training covariance, descending.
    public private(set) var eigenvalues: [Double] = []
    /// The principal axes, `series × components`, column-major.
    public private(set) var axes: Matrix = .zeros(rows: 0, columns: 0)
    /// Number of principal components kept.
    public var components: Int { axes.columns }
    /// The Jackson–Mudholkar SPE limit at confidence `1 − alpha` (0 until fitted, or when all components are kept).
    public private(set) var qLimit: Double = 0
    private var observed = 0

    /// Creates an unfitted detector.
    ///
    /// - Parameters:
    ///   - components: number of components, or 0 to choose by `variance`.
    ///   - variance: explained-variance fraction in (0, 1].
    ///   - alpha: significance of the Q limit, in (0, 1).
    ///   - perSeries: fill per-series contributions.
    ///   - threads: scoring threads (0 = all cores).
    public init(components: Int = 0, variance: Double = 0.9, alpha: Double = 0.01, perSeries: Bool = true, threads: Int = 0) {
        requestedComponents = max(0, components)
        varianceFraction = variance
        self.alpha = alpha
        self.perSeries = perSeries
        self.threads = threads
    }

    /// Fits means, covariance, principal axes and the Q limit.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for an empty frame,
    ///   ``ModelError/invalidParameter(model:key:value:reason:)`` when `components` exceeds the series
    ///   count; `LinearAlgebraError` when the eigen-solver fails.
    public mutating func fit(training: MetricFrame) throws {
        let est = try CovarianceEstimate(training, model: "pca")
        let d = training.columns
        guard requestedComponents <= d else {
            throw ModelError.invalidParameter(
                model: "pca", key: "components", value: "\(requestedComponents)",
                reason: "more components than the \(d) series")
        }
        let eig = try SymmetricEigen(est.covariance)
        let lambda = eig.values.reversed().map { max($0, 0) }
        var k = requestedComponents
        if k == 0 {
            let total = lambda.reduce(0, +)
            var acc = 0.0
            k = d
            if total > 0 {
                for (i, l) in lambda.enumerated() {
                    acc += l
                    if acc >= varianceFraction * total { k = i + 1; break }
                }
            }
        }
        var p = [Double](repeating: 0, count: d * k)
        for c in 0..<k {
            let src = d - 1 - c  // dsyevr returns ascending order
            for j in 0..<d { p[c * d + j] = eig.vectors[j, src] }
        }
        means = est.means
        eigenvalues = lambda
        axes = try Matrix(rows: d, columns: k, columnMajor: p)
        qLimit = Self.jacksonMudholkar(residualEigenvalues: Array(lambda[k...]), alpha: alpha)
        observed = 0
    }

    /// The Jackson–Mudholkar SPE limit for the given residual eigenvalues (0 when they sum to 0).
    public static func jacksonMudholkar(residualEigenvalues: [Double], alpha: Double) -> Double {
        let t1 = residualEigenvalues.reduce(0, +)
        let t2 = residualEigenvalues.reduce(0) { $0 + $1 * $1 }
        let t3 = residualEigenvalues.reduce(0) { $0 + $1 * $1 * $1 }
        guard t1 > 0, t2 > 0 else { return 0 }
        var h0 = 1 - 2 * t1 * t3 / (3 * t2 * t2)
        if h0 <= 1e-6 { h0 = 1e-6 }
        let c = standardNormalQuantile(1 - alpha)
        let inner = c * (2 * t2 * h0 * h0).squareRoot() / t1 + 1 + t2 * h0 * (h0 - 1) / (t1 * t1)
        return t1 * pow(max(inner, 0), 1 / h0)
    }

    private var scorer: RowBlockScorer { RowBlockScorer(model: "pca", fill: means, threads: threads) }

    /// Scores every row: its SPE, with per-series squared residuals when enabled.
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

    /// SPE of a block: centre, project (`T = Xc·P`), reconstruct (`R = Xc − T·Pᵀ`), square.
    private func kernel(
        _ x: UnsafeMutablePointer<Double>, _ b: Int, _ s: UnsafeMutablePointer<Double>, _ contrib: UnsafeMutablePointer<Double>?
    ) throws {
        let d = means.count, k = axes.columns
        for j in 0..<d {
            let col = x + j * b
            let mu = means[j]
            for i in 0..<b { col[i] -= mu }
        }
        let xb = UnsafeMutableBufferPointer(start: x, count: b * d)
        if k > 0 {
            var t = [Double](repeating: 0, count: b * k)
            try axes.withUnsafeBufferPointer { pp in
                try t.withUnsafeMutableBufferPointer { tp in
                    try BLAS.gemm(m: b, n: k, k: d, a: UnsafeBufferPointer(xb), lda: b, b: pp, ldb: d, c: tp, ldc: b)
                    try BLAS.gemm(
                        transposeB: true, m: b, n: d, k: k, alpha: -1, a: UnsafeBufferPointer(tp), lda: b,
                        b: pp, ldb: d, beta: 1, c: xb, ldc: b)
                }
            }
        }
        for i in 0..<b { s[i] = 0 }
        for j in 0..<d {
            let col = x + j * b
            for i in 0..<b {
                let r2 = col[i] * col[i]
                s[i] += r2
                col[i] = r2
            }
        }
        if let contrib { contrib.update(from: x, count: b * d) }
    }
}
