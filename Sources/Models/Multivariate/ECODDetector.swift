import Dispatch
import Foundation
import Telemetry

/// ECOD: empirical-cumulative-distribution-based outlier detection (Li et al., TKDE 2022).
///
/// Fit: the finite training values of each series are sorted once (``RadixSort``); their sample skewness `γⱼ`
/// (Fisher–Pearson, biased, as `scipy.stats.skew`) is kept, and a table `−log((c + 1)/(m + 1))` for
/// `c = 0…m` so that scoring needs no logarithms.
///
/// Score of a row `x`, per series `j`, from the training ECDF by binary search:
/// - left tail  `Uₗ = −log F̂ⱼ(xⱼ)`, `F̂ⱼ(v) = (#{train ≤ v} + 1)/(m + 1)`;
/// - right tail `Uᵣ = −log Ŝⱼ(xⱼ)`, `Ŝⱼ(v) = (#{train ≥ v} + 1)/(m + 1)`;
/// - skewness-corrected `Uₛ = Uₗ` when `γⱼ < 0`, else `Uᵣ` (the paper's rule).
///
/// The row score is `O = max(Σⱼ Uₗ, Σⱼ Uᵣ, Σⱼ Uₛ)` (the paper's aggregation; PyOD 3 instead takes the
/// per-series maximum before summing). The `+1` keeps the tails finite for values outside the
/// training range, where the in-sample ECDF of the paper (which counts the point itself) is
/// undefined for new data. `perSeries` holds the per-series tail scores of the winning sum, so they
/// add up to the score.
///
/// - NaN rule: a missing value is replaced by the training median of its series (tail scores near
///   `log 2`) and its contribution is reported as 0; NaNs in training are left out of the ECDF.
/// - Causality: row-wise after `fit`; the ECDF is the training one. Unfitted, every row scores 0.
/// - Complexity: fit O(m log m) per series; score O(rows·n·log m).
public struct ECODDetector: StreamingDetector {
    /// Whether `scores(for:)` fills `perSeries`.
    public let perSeries: Bool
    /// Threads for fitting and scoring (0 = all cores).
    public let threads: Int

    /// Sorted finite training values per series.
    private var sorted: [[Double]] = []
    /// `−log((c + 1)/(mⱼ + 1))` for `c = 0…mⱼ`, per series.
    private var tails: [[Double]] = []
    /// Training medians (imputation values).
    private var medians: [Double] = []
    /// Sample skewness per series.
    public private(set) var skewness: [Double] = []

    /// Creates an unfitted detector.
    public init(perSeries: Bool = true, threads: Int = 0) {
        self.perSeries = perSeries
        self.threads = threads
    }

    /// Sorts each series' training values and computes skewness and the tail table.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "ecod", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        var cols = [[Double]](repeating: [], count: d)
        var tabs = [[Double]](repeating: [], count: d)
        var skew = [Double](repeating: 0, count: d)
        var med = [Double](repeating: 0, count: d)
        let workers = RowBlockScorer.workers(threads, blocks: d)
        let lock = NSLock()
        let work = { (w: Int) in
            var j = w
            while j < d {
                var v = training.withColumn(j) { c in c.filter { $0.isFinite } }
                RadixSort.sort(&v)
                let n = v.count
                var mean = 0.0
                for x in v { mean += x }
                mean /= Double(max(n, 1))
                var m2 = 0.0, m3 = 0.0
                for x in v {
                    let e = x - mean
                    m2 += e * e
                    m3 += e * e * e
                }
                m2 /= Double(max(n, 1))
                m3 /= Double(max(n, 1))
                let g = m2 > 0 ? m3 / pow(m2, 1.5) : 0
                let median = n == 0 ? 0 : (n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]))
                let logM1 = log(Double(n + 1))
                let tab = (0...n).map { logM1 - log(Double($0 + 1)) }
                lock.lock()
                cols[j] = v
                tabs[j] = tab
                skew[j] = g
                med[j] = median
                lock.unlock()
                j += workers
            }
        }
        ParallelWorkers.run(workers, work)
        sorted = cols
        tails = tabs
        skewness = skew
        medians = med
    }

    private var scorer: RowBlockScorer { RowBlockScorer(model: "ecod", fill: medians, threads: threads, padsStreamingRows: false) }

    /// Scores every row, with per-series tail scores when enabled.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard !medians.isEmpty else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        return try scorer.scores(for: frame, perSeries: perSeries, kernel: kernel)
    }

    /// Scores one row.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard !medians.isEmpty else { return 0 }
        return (try? scorer.score(row: row, position: 0, kernel: kernel)) ?? 0
    }

    /// Number of values `< v` in `a` (branch-free binary search).
    @inline(__always)
    static func countLess(_ a: UnsafePointer<Double>, _ n: Int, _ v: Double) -> Int {
        guard n > 0 else { return 0 }
        var base = 0, len = n
        while len > 1 {
            let half = len >> 1
            base = a[base + half - 1] < v ? base + half : base
            len -= half
        }
        return base + (a[base] < v ? 1 : 0)
    }

    /// Number of values `≤ v` in `a` (branch-free binary search).
    @inline(__always)
    static func countLessOrEqual(_ a: UnsafePointer<Double>, _ n: Int, _ v: Double) -> Int {
        guard n > 0 else { return 0 }
        var base = 0, len = n
        while len > 1 {
            let half = len >> 1
            base = a[base + half - 1] <= v ? base + half : base
            len -= half
        }
        return base + (a[base] <= v ? 1 : 0)
    }

    private func kernel(_ x: UnsafeMutablePointer<Double>, _ b: Int, _ s: UnsafeMutablePointer<Double>, _ contrib: UnsafeMutablePointer<Double>?) throws {
        let d = medians.count
        var left = [Double](repeating: 0, count: b * d)
        var right = [Double](repeating: 0, count: b * d)
        var sumL = [Double](repeating: 0, count: b), sumR = [Double](repeating: 0, count: b), sumS = [Double](repeating: 0, count: b)
        for j in 0..<d {
            let useLeft = skewness[j] < 0
            sorted[j].withUnsafeBufferPointer { sp in
                tails[j].withUnsafeBufferPointer { tp in
                    guard let a = sp.baseAddress else {
                        // No finite training values: every tail is −log(1/1) = 0.
                        return
                    }
                    let n = sp.count
                    for i in 0..<b {
                        let v = x[j * b + i]
                        let less = Self.countLess(a, n, v)
                        let lessEq = less < n && a[less] == v ? Self.countLessOrEqual(a, n, v) : less
                        let ul = tp[lessEq], ur = tp[n - less]
                        left[j * b + i] = ul
                        right[j * b + i] = ur
                        sumL[i] += ul
                        sumR[i] += ur
                        sumS[i] += useLeft ? ul : ur
                    }
                }
            }
        }
        for i in 0..<b { s[i] = max(sumL[i], max(sumR[i], sumS[i])) }
        if let contrib {
            for i in 0..<b {
                let winner = sumL[i] >= sumR[i] && sumL[i] >= sumS[i] ? 0 : (sumR[i] >= sumS[i] ? 1 : 2)
                for j in 0..<d {
                    let k = j * b + i
                    contrib[k] = winner == 0 ? left[k] : (winner == 1 ? right[k] : (skewness[j] < 0 ? left[k] : right[k]))
                }
            }
        }
    }
}
