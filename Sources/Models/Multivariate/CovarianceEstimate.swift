import Dispatch
import LinearAlgebra
import Telemetry

/// Column means and the sample covariance of a training frame, the fit step shared by
/// ``PCADetector`` and ``MahalanobisDetector``.
///
/// One blocked pass over the data: each block of rows is shifted by a reference row (the first
/// row, imputed) into a small scratch buffer while its column sums are accumulated, and added to
/// the Gram matrix with `dsyrk`. The centred Gram matrix is then `G − m·δδᵀ` with `δ = μ − shift`;
/// because the shift is a data row, `δ` is of the order of one standard deviation and the
/// correction does not cancel catastrophically (the accuracy of the two-pass algorithm at the cost
/// of one pass). The two halves of the rows are accumulated on two threads and added.
///
/// NaN rule: missing (non-finite) training values are replaced by the mean of the finite values of
/// their series (a series with no finite value gets mean 0); that is also the imputation value the
/// detectors use when scoring.
struct CovarianceEstimate: Sendable {
    /// Column means (of the finite values).
    var means: [Double]
    /// Sample covariance (divided by `rows − 1`, or by 1 for a single row), full and symmetric.
    var covariance: Matrix
    /// Number of training rows.
    var rows: Int

    /// Estimates means and covariance of `frame`.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` when the frame has no rows or no series.
    init(_ frame: MetricFrame, model: String) throws {
        let m = frame.rows, d = frame.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: model, reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        let clean: MetricFrame
        if (0..<d).contains(where: { j in frame.withColumn(j) { $0.contains { !$0.isFinite } } }) {
            var copy = frame
            let finiteMeans = Self.finiteMeans(frame)
            copy.withUnsafeMutableBufferPointer { p in
                for j in 0..<d {
                    for i in 0..<m where !p[j * m + i].isFinite { p[j * m + i] = finiteMeans[j] }
                }
            }
            clean = copy
        } else {
            clean = frame
        }
        let shift = (0..<d).map { clean[0, $0] }
        let halves = m >= 8192 ? 2 : 1
        var parts = [(sums: [Double], gram: [Double])](repeating: ([], []), count: halves)
        let failure = FirstError()
        parts.withUnsafeMutableBufferPointer { out in
            clean.withUnsafeColumns { src, ld in
                let work = { (h: Int) in
                    let lo = m * h / halves, hi = m * (h + 1) / halves
                    do {
                        out[h] = try Self.shiftedGram(src, rows: ld, columns: d, range: lo..<hi, shift: shift)
                    } catch {
                        failure.record(error)
                    }
                }
                ParallelFor.workers(halves, work)
            }
        }
        if let error = failure.error { throw error }
        var sums = [Double](repeating: 0, count: d)
        var gram = [Double](repeating: 0, count: d * d)
        for part in parts {
            for j in 0..<d { sums[j] += part.sums[j] }
            for k in 0..<(d * d) { gram[k] += part.gram[k] }
        }
        let mD = Double(m)
        let delta = sums.map { $0 / mD }
        means = (0..<d).map { shift[$0] + delta[$0] }
        let denominator = m > 1 ? Double(m - 1) : 1
        var cov = Matrix.zeros(rows: d, columns: d)
        for j in 0..<d {
            for i in 0...j {
                let v = (gram[j * d + i] - mD * delta[i] * delta[j]) / denominator
                cov[i, j] = v
                cov[j, i] = v
            }
        }
        for j in 0..<d where cov[j, j] < 0 { cov[j, j] = 0 }
        covariance = cov
        rows = m
    }

    /// Means of the finite values per column (0 for a column without any).
    static func finiteMeans(_ frame: MetricFrame) -> [Double] {
        (0..<frame.columns).map { j in
            frame.withColumn(j) { c in
                var s = 0.0, n = 0
                for v in c where v.isFinite { s += v; n += 1 }
                return n > 0 ? s / Double(n) : 0
            }
        }
    }

    /// Column sums of `X − shift` and the upper triangle of `(X − shift)ᵀ(X − shift)` over `range`.
    private static func shiftedGram(
        _ src: UnsafeBufferPointer<Double>, rows ld: Int, columns d: Int, range: Range<Int>,
        shift: [Double]
    ) throws -> (sums: [Double], gram: [Double]) {
        let blockRows = 2048
        var sums = [Double](repeating: 0, count: d)
        var gram = [Double](repeating: 0, count: d * d)
        guard !range.isEmpty, let base = src.baseAddress else { return (sums, gram) }
        var scratch = [Double](repeating: 0, count: min(blockRows, range.count) * d)
        var first = true
        try scratch.withUnsafeMutableBufferPointer { w in
            try gram.withUnsafeMutableBufferPointer { g in
                guard let dst = w.baseAddress else { return }
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let b = min(blockRows, range.upperBound - r0)
                    for j in 0..<d {
                        let s = base + (j * ld + r0)
                        let t = dst + j * b
                        let c = shift[j]
                        var acc = 0.0
                        for i in 0..<b {
                            let v = s[i] - c
                            t[i] = v
                            acc += v
                        }
                        sums[j] += acc
                    }
                    try BLAS.syrk(
                        triangle: .upper, transpose: true, n: d, k: b, alpha: 1,
                        a: UnsafeBufferPointer(rebasing: w[0..<(b * d)]), lda: b,
                        beta: first ? 0 : 1, c: g, ldc: d)
                    first = false
                    r0 += b
                }
            }
        }
        return (sums, gram)
    }
}
