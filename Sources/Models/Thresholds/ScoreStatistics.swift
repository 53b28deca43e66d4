import Telemetry

/// Summary statistics threshold policies use, with the definitions of METRICS.md §1 and §5.
public enum ScoreStatistics {
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
        let med = Quantile.type7(sortedNonEmpty: x.sorted(), 0.5)
        let mad = Quantile.type7(sortedNonEmpty: x.map { abs($0 - med) }.sorted(), 0.5)
        return (med, mad)
    }
}
