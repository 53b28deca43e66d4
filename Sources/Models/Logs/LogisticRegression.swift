import Foundation
import LinearAlgebra

/// L2-regularised logistic regression fitted by iteratively reweighted least squares (Newton's
/// method), with each step solved on LAPACK.
///
/// Features are standardised on the training data (mean 0, standard deviation 1; constant
/// columns are left at 0) and an unpenalised intercept is added. Each Newton step solves
/// `(XᵀWX + λI′)·Δ = Xᵀ(y − p) − λβ′` (`I′`, `β′`: the identity and coefficients without the
/// intercept), with `W = diag(p(1 − p))`; `XᵀWX` is one `dsyrk` of `√W·X` and the system is
/// solved by Cholesky (`dpotrf`/`dpotrs`), falling back to LU (`dgesv`) if the Hessian is not
/// numerically positive definite. The ridge keeps the Hessian invertible and the coefficients
/// finite when the classes are separable. Iteration stops when the largest step is below
/// `tolerance` or after `maxIterations`.
public struct LogisticRegression: Sendable {
    /// Coefficients on the standardised features; index 0 is the intercept.
    public let coefficients: [Double]
    /// Training means of the features.
    public let means: [Double]
    /// Training standard deviations (1 for constant columns, whose standardised value is 0).
    public let scales: [Double]
    /// Newton iterations used.
    public let iterations: Int
    /// Probability at or above which a row is predicted positive.
    public let decisionThreshold: Double

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - features: `n × m` training features.
    ///   - labels: `n` labels (`true` = positive).
    ///   - ridge: L2 penalty `λ` on the standardised coefficients (> 0).
    ///   - decisionThreshold: Probability threshold for ``predict(_:)``.
    ///   - maxIterations: Newton iteration cap.
    ///   - tolerance: Stop when max |Δβ| falls below this.
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when labels and rows differ;
    ///   ``ModelError/insufficientData(what:reason:)`` when a class is missing or Newton does not
    ///   converge; LinearAlgebra errors from the solves.
    /// - Complexity: per iteration O(n·m²) for `dsyrk` plus O(m³) for the solve.
    public init(
        fitting features: Matrix, labels: [Bool], ridge: Double = 1e-2, decisionThreshold: Double = 0.5,
        maxIterations: Int = 100, tolerance: Double = 1e-8
    ) throws {
        let n = features.rows, m = features.columns
        guard labels.count == n else {
            throw ModelError.shapeMismatch(model: "logreg", expected: "\(n) labels", found: "\(labels.count)")
        }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < n else {
            throw ModelError.insufficientData(what: "logreg", reason: "training labels hold only one class (\(positives) of \(n) positive)")
        }
        var mu = [Double](repeating: 0, count: m)
        var sd = [Double](repeating: 1, count: m)
        features.withUnsafeBufferPointer { p in
            for j in 0..<m {
                var s = 0.0
                for i in 0..<n { s += p[j * n + i] }
                let mean = s / Double(n)
                var ss = 0.0
                for i in 0..<n { let d = p[j * n + i] - mean; ss += d * d }
                mu[j] = mean
                let v = (ss / Double(n)).squareRoot()
                sd[j] = v > 0 ? v : 1
            }
        }
        let x = Self.design(features, mu, sd)
        let p = m + 1
        let y = labels.map { $0 ? 1.0 : 0.0 }
        var beta = [Double](repeating: 0, count: p)
        var weighted = x
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            iteration += 1
            let eta = try x.multiplied(by: beta)
            var prob = [Double](repeating: 0, count: n)
            var sqrtW = [Double](repeating: 0, count: n)
            var residual = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let pi = Self.sigmoid(eta[i])
                prob[i] = pi
                sqrtW[i] = (max(pi * (1 - pi), 1e-12)).squareRoot()
                residual[i] = y[i] - pi
            }
            // √W·X, then H = (√W X)ᵀ(√W X) + λI′.
            x.withUnsafeBufferPointer { src in
                weighted.withUnsafeMutableBufferPointer { dst in
                    for j in 0..<p {
                        for i in 0..<n { dst[j * n + i] = src[j * n + i] * sqrtW[i] }
                    }
                }
            }
            var hessian = try Matrix.gram(weighted)
            var gradient = try x.multiplied(by: residual, transpose: true)
            for j in 1..<p {
                hessian[j, j] += ridge
                gradient[j] -= ridge * beta[j]
            }
            let step: [Double]
            do {
                step = try Cholesky(hessian).solve(gradient)
            } catch {
                step = try Matrix.solve(hessian, gradient)
            }
            var largest = 0.0
            for j in 0..<p {
                beta[j] += step[j]
                largest = max(largest, abs(step[j]))
            }
            if !largest.isFinite {
                throw ModelError.insufficientData(what: "logreg", reason: "Newton step diverged at iteration \(iteration)")
            }
            if largest < tolerance { converged = true; break }
        }
        guard converged else {
            throw ModelError.insufficientData(what: "logreg", reason: "IRLS did not converge in \(maxIterations) iterations")
        }
        coefficients = beta
        means = mu
        scales = sd
        iterations = iteration
        self.decisionThreshold = decisionThreshold
    }

    /// Predicted probability of the positive class for each row.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the column count differs.
    public func probabilities(_ features: Matrix) throws -> [Double] {
        guard features.columns == means.count else {
            throw ModelError.shapeMismatch(model: "logreg", expected: "\(means.count) feature columns", found: "\(features.columns)")
        }
        let eta = try Self.design(features, means, scales).multiplied(by: coefficients)
        return eta.map(Self.sigmoid)
    }

    /// `true` for each row whose probability reaches ``decisionThreshold``.
    public func predict(_ features: Matrix) throws -> [Bool] {
        try probabilities(features).map { $0 >= decisionThreshold }
    }

    @inline(__always) static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// `[1 | (X − μ)/σ]`.
    private static func design(_ features: Matrix, _ mu: [Double], _ sd: [Double]) -> Matrix {
        let n = features.rows, m = features.columns
        var out = Matrix(rows: n, columns: m + 1, repeating: 1)
        features.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for j in 0..<m {
                    let a = mu[j], s = sd[j]
                    for i in 0..<n { dst[(j + 1) * n + i] = (src[j * n + i] - a) / s }
                }
            }
        }
        return out
    }
}
