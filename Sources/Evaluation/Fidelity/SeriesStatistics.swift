import Foundation
import LinearAlgebra
import Telemetry

/// The per-series statistics of a fidelity report (METRICS.md §12.3), on one series at one step. NaN is a
/// missing value: means and spreads use the finite values, differences and lag pairs only pairs of adjacent
/// finite values. Every function returns nil where the statistic is undefined (too few values, a zero
/// denominator) rather than NaN.
public enum SeriesStatistics {
    /// Mean, spread and first-difference summary of a series, from two passes over the values.
    public struct Moments: Sendable, Equatable {
        /// Finite values.
        public var count: Int
        /// Their mean.
        public var mean: Double
        /// Their sample standard deviation (n − 1).
        public var std: Double
        /// First differences `x[t+1] − x[t]` with both ends finite.
        public var diffCount: Int
        /// Their sample standard deviation (n − 1).
        public var diffStd: Double
        /// `(Σ (x[t]−x̄)(x[t+1]−x̄) / pairs) / (Σ (x[t]−x̄)² / count)`, the lag-1 autocorrelation (0 when undefined).
        public var lag1Value: Double
        /// Whether `lag1Value` is defined (at least one pair, non-zero variance).
        public var lag1Defined: Bool

        /// std of first differences / √2 / |mean| (nil when the mean is 0 or fewer than 2 differences).
        public var noiseCV: Double? {
            guard diffCount >= 2, mean != 0, mean.isFinite else { return nil }
            return diffStd / 2.0.squareRoot() / abs(mean)
        }

        /// std of first differences / std (nil for a constant series or fewer than 2 differences).
        public var roughness: Double? {
            guard diffCount >= 2, count >= 3, std > 0 else { return nil }
            return diffStd / std
        }

        /// Lag-1 autocorrelation (nil for a constant series or no adjacent pair).
        public var lag1: Double? { lag1Defined ? lag1Value : nil }
    }

    /// The moments of `x`.
    ///
    /// - Complexity: O(n), two passes.
    public static func moments(_ x: UnsafeBufferPointer<Double>) -> Moments {
        let n = x.count
        var sum = 0.0, count = 0
        for i in 0..<n where x[i].isFinite {
            sum += x[i]
            count += 1
        }
        guard count > 0 else { return Moments(count: 0, mean: .nan, std: 0, diffCount: 0, diffStd: 0, lag1Value: 0, lag1Defined: false) }
        let mean = sum / Double(count)
        var ss = 0.0, cross = 0.0, pairs = 0
        var dSum = 0.0, dSq = 0.0
        var previous = Double.nan
        for i in 0..<n {
            let v = x[i]
            guard v.isFinite else {
                previous = .nan
                continue
            }
            let c = v - mean
            ss += c * c
            if previous.isFinite {
                cross += (previous - mean) * c
                let d = v - previous
                dSum += d
                dSq += d * d
                pairs += 1
            }
            previous = v
        }
        let std = count > 1 ? (ss / Double(count - 1)).squareRoot() : 0
        let dVar = pairs > 1 ? max(0, (dSq - dSum * dSum / Double(pairs)) / Double(pairs - 1)) : 0
        let defined = pairs > 0 && ss > 0
        let lag1 = defined ? (cross / Double(pairs)) / (ss / Double(count)) : 0
        return Moments(count: count, mean: mean, std: std, diffCount: pairs, diffStd: dVar.squareRoot(), lag1Value: lag1, lag1Defined: defined)
    }

    /// The moments of `x`.
    public static func moments(_ x: [Double]) -> Moments { x.withUnsafeBufferPointer { moments($0) } }

    /// Share of the periodogram's power at periods shorter than `cutoffMs` (METRICS.md §12.3): the longest run
    /// of finite values (at least 16), mean removed, zero-padded to the next power of two N, transformed
    /// (`LinearAlgebra.RadixTwoFFT`); with P_k = |X_k|² for k = 1…N/2 (weight ½ at N/2), the share is
    /// Σ_{k: N·step/k < cutoff} P_k / Σ_k P_k.
    ///
    /// - Returns: nil when the run is shorter than 16 values, no frequency qualifies (2·step ≥ cutoff) or the
    ///   run is constant.
    /// - Complexity: O(N log N).
    public static func shortPeriodShare(_ x: [Double], stepMs: Int64, cutoffMs: Int64 = 600_000) -> Double? {
        let run = Array(longestFiniteRun(x))
        guard run.count >= 16, stepMs > 0 else { return nil }
        var n = 2
        while n < run.count { n *= 2 }
        // Bin k has period n·step/k; it is short when k > n·step/cutoff.
        let kMin = Int((Double(n) * Double(stepMs) / Double(cutoffMs)).rounded(.down)) + 1
        guard kMin <= n / 2 else { return nil }
        var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
        let mean = run.reduce(0, +) / Double(run.count)
        for i in 0..<run.count { re[i] = run[i] - mean }
        let fft = RadixTwoFFT(length: n)
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { m in fft.transform(r, m, inverse: false) } }
        var total = 0.0, short = 0.0
        for k in 1...(n / 2) {
            let p = (re[k] * re[k] + im[k] * im[k]) * (k == n / 2 ? 0.5 : 1)
            total += p
            if k >= kMin { short += p }
        }
        guard total > 0 else { return nil }
        return short / total
    }

    /// The longest run of consecutive finite values (the first of equal length).
    public static func longestFiniteRun(_ x: [Double]) -> ArraySlice<Double> {
        var best = 0..<0
        var start = 0
        for i in 0...x.count {
            if i == x.count || !x[i].isFinite {
                if i - start > best.count { best = start..<i }
                start = i + 1
            }
        }
        return x[best]
    }

    /// Mean over windows of `windowRows` consecutive rows of std (n − 1) / |mean| (METRICS.md §12.3). Windows
    /// are aligned to the grid (`firstRow` is the grid row of `x[0]`, windows start at multiples of
    /// `windowRows`); a window counts when all its values are finite and its mean is not 0.
    ///
    /// - Returns: nil when `windowRows` < 2 or no window counts.
    public static func windowCV(_ x: [Double], firstRow: Int, windowRows: Int) -> Double? {
        guard windowRows >= 2 else { return nil }
        var total = 0.0, windows = 0
        // First grid row at or after firstRow that starts a window.
        var start = ((firstRow + windowRows - 1) / windowRows) * windowRows - firstRow
        x.withUnsafeBufferPointer { p in
            while start + windowRows <= p.count {
                var s = 0.0, ok = true
                for i in start..<(start + windowRows) {
                    if !p[i].isFinite { ok = false; break }
                    s += p[i]
                }
                if ok {
                    let m = s / Double(windowRows)
                    var ss = 0.0
                    for i in start..<(start + windowRows) { ss += (p[i] - m) * (p[i] - m) }
                    if m != 0 {
                        total += (ss / Double(windowRows - 1)).squareRoot() / abs(m)
                        windows += 1
                    }
                }
                start += windowRows
            }
        }
        return windows > 0 ? total / Double(windows) : nil
    }

    /// Q(0.99) / Q(0.5) of the finite values (type 7), nil when the median is not positive or there are
    /// fewer than 2 values.
    public static func tailRatio(_ x: [Double]) -> Double? {
        let v = x.filter(\.isFinite).sorted()
        guard v.count >= 2, let p50 = Quantile.type7(sorted: v, 0.5), let p99 = Quantile.type7(sorted: v, 0.99), p50 > 0 else { return nil }
        return p99 / p50
    }

    /// Excess kurtosis m₄/m₂² − 3 of the finite values (population moments), nil for fewer than 4 values or
    /// a constant series.
    public static func excessKurtosis(_ x: [Double]) -> Double? {
        var n = 0, sum = 0.0
        for v in x where v.isFinite {
            n += 1
            sum += v
        }
        guard n >= 4 else { return nil }
        let mean = sum / Double(n)
        var m2 = 0.0, m4 = 0.0
        for v in x where v.isFinite {
            let c = (v - mean) * (v - mean)
            m2 += c
            m4 += c * c
        }
        m2 /= Double(n)
        m4 /= Double(n)
        guard m2 > 0 else { return nil }
        return m4 / (m2 * m2) - 3
    }

    /// Pearson correlation of the first differences of two series on one grid: `a[0]` is grid row `aFirst`,
    /// `b[0]` row `bFirst`; a row counts when both series are finite there and one row later.
    ///
    /// - Returns: nil for fewer than 10 counted rows or a zero variance.
    public static func differenceCorrelation(_ a: [Double], aFirst: Int, _ b: [Double], bFirst: Int) -> Double? {
        let lo = max(aFirst, bFirst), hi = min(aFirst + a.count, bFirst + b.count) - 1
        guard hi > lo else { return nil }
        var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for r in lo..<hi {
                    let a0 = pa[r - aFirst], a1 = pa[r + 1 - aFirst], b0 = pb[r - bFirst], b1 = pb[r + 1 - bFirst]
                    guard a0.isFinite, a1.isFinite, b0.isFinite, b1.isFinite else { continue }
                    let da = a1 - a0, db = b1 - b0
                    n += 1
                    sa += da
                    sb += db
                    saa += da * da
                    sbb += db * db
                    sab += da * db
                }
            }
        }
        guard n >= 10 else { return nil }
        let va = saa - sa * sa / n, vb = sbb - sb * sb / n, cov = sab - sa * sb / n
        guard va > 0, vb > 0 else { return nil }
        return max(-1, min(1, cov / (va * vb).squareRoot()))
    }
}
