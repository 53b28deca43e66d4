import Telemetry

/// The dominant period of a series in rows, which sets VUS's largest buffer L (METRICS §3.3).
///
/// The rule is the reference's `find_length` (TSB-UAD / TSB-AD `slidingWindows.py`, which TSB-AD passes to
/// its VUS as the window): the sample autocorrelation `r(k) = Σ_t (x_t − x̄)(x_{t+k} − x̄) / Σ_t (x_t − x̄)²`
/// of the first ≤ 20 000 rows at lags 3…400; among its strict local maxima (lags 4…399) the highest; a lag
/// outside 6…303 is no period. Missing values (NaN) count as the mean. Faultline reads only the training
/// rows, so L never sees a label or a test row.
public enum DominantPeriod {
    /// Rows read from the start of the series (the reference's 20 000).
    public static let maxRows = 20_000
    /// Largest autocorrelation lag (the reference's 400).
    public static let maxLag = 400
    /// The reference's window when no period is found.
    public static let fallback = 125
    /// Upper bound on L, so the O(L·n) volume stays bounded.
    public static let cap = 256

    /// The dominant period of `x`, or nil when the autocorrelation has no accepted peak (constant, too
    /// short, or no local maximum at lags 6…303).
    ///
    /// - Complexity: O(m·K), m = min(n, 20 000) rows, K = min(400, m − 1) lags.
    public static func estimate(_ x: [Double]) -> Int? {
        let m = min(x.count, maxRows)
        let lags = min(maxLag, m - 1)
        guard lags >= 5 else { return nil }
        var sum = 0.0, count = 0
        for v in x[0..<m] where v.isFinite {
            sum += v
            count += 1
        }
        guard count > 0 else { return nil }
        let mean = sum / Double(count)
        let d = x[0..<m].map { $0.isFinite ? $0 - mean : 0 }
        var r = [Double](repeating: 0, count: lags + 1)
        // Pointer loops with four partial sums: the plain `for` over a range costs ~4× more in debug builds.
        d.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for k in 0...lags {
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var a = base, b = base + k, left = m - k
                while left >= 4 {
                    s0 += a[0] * b[0]
                    s1 += a[1] * b[1]
                    s2 += a[2] * b[2]
                    s3 += a[3] * b[3]
                    a += 4
                    b += 4
                    left -= 4
                }
                while left > 0 {
                    s0 += a[0] * b[0]
                    a += 1
                    b += 1
                    left -= 1
                }
                r[k] = (s0 + s1) + (s2 + s3)
            }
        }
        guard r[0] > 0 else { return nil }
        var best: Int?
        for k in 4..<lags where r[k] > r[k - 1] && r[k] > r[k + 1] {
            if best.map({ r[k] > r[$0] }) ?? true { best = k }
        }
        guard let k = best, (6...303).contains(k) else { return nil }
        return k
    }

    /// L for a dataset: the median (type 7, rounded) of the periods of the training rows' series that have
    /// one; the reference's 125 when none does; at most `cap`.
    ///
    /// - Parameters:
    ///   - training: the training rows (fault-free, never the scored span).
    ///   - workers: threads for the per-series estimates (deterministic: results in column order).
    public static func vusMaxBuffer(training: MetricFrame, workers: Int = 1) -> Int {
        let periods = (try? ParallelFor.map(training.columns, workers: workers) { estimate(training.column($0)).map(Double.init) ?? -1 }) ?? []
        let found = periods.filter { $0 > 0 }
        guard let median = Quantile.type7(found, 0.5) else { return min(fallback, cap) }
        return min(Int(median.rounded()), cap)
    }
}
