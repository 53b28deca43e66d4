/// Summary statistics threshold policies use, with the definitions of METRICS.md §1 and §5.
public enum ScoreStatistics {
    /// Type-7 quantile of ascending `sorted`: `h = (m−1)p`, `Q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋)`.
    ///
    /// - Precondition: `sorted` is non-empty and ascending; `p ∈ [0, 1]`.
    public static func quantileType7(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty && p >= 0 && p <= 1)
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Mean and population standard deviation.
    public static func meanStd(_ x: [Double]) -> (mean: Double, std: Double) {
        guard !x.isEmpty else { return (0, 0) }
        let m = x.reduce(0, +) / Double(x.count)
        var v = 0.0
        for e in x { v += (e - m) * (e - m) }
        return (m, (v / Double(x.count)).squareRoot())
    }

    /// Median (type-7 quantile at ½) and median absolute deviation `median(|x − median|)`.
    public static func medianMAD(_ x: [Double]) -> (median: Double, mad: Double) {
        guard !x.isEmpty else { return (0, 0) }
        let med = quantileType7(sorted: x.sorted(), 0.5)
        let mad = quantileType7(sorted: x.map { abs($0 - med) }.sorted(), 0.5)
        return (med, mad)
    }
}
