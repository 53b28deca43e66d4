/// Estimates the dominant seasonal period of a series from its autocorrelation.
///
/// The sample autocorrelation at lag L is `Σ (x_t − m)(x_{t+L} − m) / Σ (x_t − m)²` over the pairs where
/// both values are finite (m = mean of the finite values). The period is the lag in
/// `minPeriod…min(maxPeriod, n/2)` with the highest autocorrelation among the lags that are local maxima
/// (ACF(L) ≥ ACF(L−1) and ACF(L) ≥ ACF(L+1)), provided it reaches `minCorrelation`; otherwise there is
/// no period (nil). Requiring a local maximum keeps trends and slow drifts (whose ACF decays from lag 1)
/// from being mistaken for a short period.
public enum SeasonalPeriod {
    /// The autocorrelation of `x` at `lag` (0 when undefined).
    public static func autocorrelation(_ x: UnsafeBufferPointer<Double>, lag: Int, mean m: Double, variance: Double) -> Double {
        guard lag < x.count, variance > 0 else { return 0 }
        var acc = 0.0
        for t in 0..<(x.count - lag) {
            let a = x[t], b = x[t + lag]
            if a.isFinite && b.isFinite { acc += (a - m) * (b - m) }
        }
        return acc / variance
    }

    /// The estimated period, or nil when no lag qualifies.
    ///
    /// - Parameters:
    ///   - x: the series (NaN allowed).
    ///   - minPeriod: smallest period considered (≥ 2).
    ///   - maxPeriod: largest period considered; capped at half the series length.
    ///   - minCorrelation: the autocorrelation the period must reach.
    /// - Complexity: O(n · maxPeriod).
    public static func estimate(_ x: UnsafeBufferPointer<Double>, minPeriod: Int = 2, maxPeriod: Int, minCorrelation: Double = 0.3) -> Int? {
        let upper = Swift.min(maxPeriod, x.count / 2)
        let lower = Swift.max(2, minPeriod)
        guard upper > lower else { return nil }
        var n = 0
        var sum = 0.0
        for v in x where v.isFinite { n += 1; sum += v }
        guard n > 3 else { return nil }
        let m = sum / Double(n)
        var variance = 0.0
        for v in x where v.isFinite { variance += (v - m) * (v - m) }
        guard variance > 0 else { return nil }
        var acf = [Double](repeating: 0, count: upper + 2)
        for lag in (lower - 1)...(upper + 1) where lag < x.count {
            acf[lag] = autocorrelation(x, lag: lag, mean: m, variance: variance)
        }
        var best: Int?
        var bestValue = minCorrelation
        for lag in lower...upper where acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] >= bestValue {
            if best == nil || acf[lag] > bestValue {
                best = lag
                bestValue = acf[lag]
            }
        }
        return best
    }
}
