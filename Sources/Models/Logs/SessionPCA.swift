import Foundation
import LinearAlgebra
import Telemetry

/// PCA anomaly detection on event-count vectors with the Q-statistic (squared prediction error)
/// threshold of Jackson and Mudholkar (1979), as in Xu et al. (SOSP 2009) and loglizer.
///
/// Fitting weights the columns by TF-IDF (`log(n / df)`, `df` = sessions holding the event;
/// optional), centres them on the training means, and takes the eigenvectors of the covariance
/// `XᵀX / n` (`dsyrk` + `dsyevr`). The normal subspace is spanned by the leading `k` components
/// that explain ``varianceExplained`` of the variance. A session's score is its squared distance
/// from that subspace, `SPE = ‖(I − PPᵀ)x‖²`, and it is anomalous when `SPE > Q_α` where, with
/// `φᵢ = Σ_{j>k} λⱼⁱ` and `h₀ = 1 − 2φ₁φ₃ / (3φ₂²)`,
///
/// `Q_α = φ₁ · [c_α·√(2φ₂h₀²)/φ₁ + 1 + φ₂h₀(h₀ − 1)/φ₁²]^(1/h₀)`,
///
/// `c_α` being the standard normal `1 − α` quantile. The threshold is fixed on the training data.
public struct SessionPCA: Sendable {
    /// Column weights (IDF, or ones).
    public let weights: [Double]
    /// Training means of the weighted columns.
    public let means: [Double]
    /// Columns are the `k` principal directions of the normal subspace (`events × k`).
    public let components: Matrix
    /// Eigenvalues of the covariance, descending.
    public let eigenvalues: [Double]
    /// The Q-statistic threshold `Q_α`.
    public let threshold: Double
    /// Share of variance the normal subspace explains.
    public let varianceExplained: Double
    /// Whether the columns were weighted by inverse document frequency.
    public let isTFIDF: Bool

    /// Fits the detector on training counts (labels are not used).
    ///
    /// - Parameters:
    ///   - counts: `sessions × events` training counts.
    ///   - varianceExplained: Variance share that fixes `k` (0 < v < 1).
    ///   - alpha: Significance level of the Q-statistic (0.001 gives `c_α` = 3.0902).
    ///   - tfidf: Weight columns by inverse document frequency first.
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` without rows or without residual
    ///   variance; LinearAlgebra errors from the eigen-decomposition.
    /// - Complexity: O(n·m²) for the covariance plus O(m³) for the eigen-decomposition.
    public init(fitting counts: Matrix, varianceExplained: Double = 0.95, alpha: Double = 0.001, tfidf: Bool = true) throws {
        let n = counts.rows, m = counts.columns
        guard n > 1, m > 0 else {
            throw ModelError.insufficientData(what: "pca", reason: "need at least 2 training sessions, got \(n)")
        }
        isTFIDF = tfidf
        var w = [Double](repeating: 1, count: m)
        if tfidf {
            counts.withUnsafeBufferPointer { p in
                for j in 0..<m {
                    var df = 0
                    for i in 0..<n where p[j * n + i] > 0 { df += 1 }
                    w[j] = df > 0 ? log(Double(n) / Double(df)) : 0
                }
            }
        }
        let weighted = Self.weight(counts, w)
        let (mu, gram) = try weighted.centeredGram()
        var covariance = gram
        covariance.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] /= Double(n) }
        }
        let eig = try SymmetricEigen(covariance)
        let lambdas = eig.values.reversed().map { max(0, $0) }
        let total = lambdas.reduce(0, +)
        guard total > 0 else {
            throw ModelError.insufficientData(what: "pca", reason: "training counts have no variance")
        }
        var k = 0, acc = 0.0
        while k < m {
            acc += lambdas[k]
            k += 1
            if acc / total >= varianceExplained { break }
        }
        k = min(k, m - 1)
        var phi = [0.0, 0.0, 0.0]
        for j in k..<m {
            let l = lambdas[j]
            phi[0] += l; phi[1] += l * l; phi[2] += l * l * l
        }
        guard phi[0] > 0, phi[1] > 0 else {
            throw ModelError.insufficientData(what: "pca", reason: "no residual variance after \(k) components")
        }
        let h0 = 1 - 2 * phi[0] * phi[2] / (3 * phi[1] * phi[1])
        let c = standardNormalQuantile(1 - alpha)
        let inner = c * (2 * phi[1] * h0 * h0).squareRoot() / phi[0] + 1 + phi[1] * h0 * (h0 - 1) / (phi[0] * phi[0])
        let q = phi[0] * pow(max(inner, 0), 1 / h0)
        // Leading k eigenvectors (dsyevr returns ascending order).
        var comp = [Double](repeating: 0, count: m * k)
        for c in 0..<k {
            let src = m - 1 - c
            for r in 0..<m { comp[c * m + r] = eig.vectors[r, src] }
        }
        weights = w
        means = mu
        components = try Matrix(rows: m, columns: k, columnMajor: comp)
        eigenvalues = lambdas
        threshold = q
        self.varianceExplained = acc / total
    }

    /// The squared prediction error of each row of `counts`.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the column count differs
    ///   from training.
    /// - Complexity: two `dgemm` calls, O(n·m·k).
    public func scores(_ counts: Matrix) throws -> [Double] {
        let m = weights.count
        guard counts.columns == m else {
            throw ModelError.shapeMismatch(model: "pca", expected: "\(m) event columns", found: "\(counts.columns)")
        }
        var x = Self.weight(counts, weights)
        let n = x.rows
        x.withUnsafeMutableBufferPointer { p in
            for j in 0..<m {
                let mu = means[j]
                for i in 0..<n { p[j * n + i] -= mu }
            }
        }
        // residual = X − (X P) Pᵀ
        let projected = try Matrix.multiply(x, components)
        var residual = x
        try Matrix.gemm(projected, components, into: &residual, transposeB: true, alpha: -1, beta: 1)
        var spe = [Double](repeating: 0, count: n)
        residual.withUnsafeBufferPointer { p in
            for j in 0..<m {
                for i in 0..<n { let v = p[j * n + i]; spe[i] += v * v }
            }
        }
        return spe
    }

    /// `true` for each row whose SPE exceeds the threshold.
    public func predict(_ counts: Matrix) throws -> [Bool] {
        try scores(counts).map { $0 > threshold }
    }

    private static func weight(_ counts: Matrix, _ w: [Double]) -> Matrix {
        var x = counts
        let n = x.rows
        x.withUnsafeMutableBufferPointer { p in
            for j in 0..<w.count where w[j] != 1 {
                for i in 0..<n { p[j * n + i] *= w[j] }
            }
        }
        return x
    }
}
