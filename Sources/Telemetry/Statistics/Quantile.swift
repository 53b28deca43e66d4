/// Type-7 quantiles (METRICS §1), the default of R and NumPy: the one implementation every module
/// uses (thresholds, detectors, metrics, bootstrap intervals).
public enum Quantile {
    /// `Q(p)` of `values`: ascending `x_(0…m−1)`, `h = (m−1)p`,
    /// `Q(p) = x_(⌊h⌋) + (h−⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋))`.
    ///
    /// - Parameters:
    ///   - values: the sample, in any order; must be finite.
    ///   - p: the probability, clamped to [0, 1].
    /// - Returns: the quantile, or nil for an empty sample.
    /// - Complexity: O(m log m) (one sort).
    public static func type7(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return type7(sorted: values.sorted(), p)
    }

    /// `Q(p)` of a sample already sorted ascending.
    public static func type7(sorted x: [Double], _ p: Double) -> Double? {
        let m = x.count
        guard m > 0 else { return nil }
        let pp = min(max(p, 0), 1)
        let h = Double(m - 1) * pp
        let lo = Int(h.rounded(.down))
        if lo >= m - 1 { return x[m - 1] }
        return x[lo] + (h - Double(lo)) * (x[lo + 1] - x[lo])
    }

    /// `Q(p)` of a non-empty sample sorted ascending, with `p ∈ [0, 1]`.
    ///
    /// - Precondition: `x` is non-empty (a programmer error otherwise).
    public static func type7(sortedNonEmpty x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty, "type-7 quantile of an empty sample")
        return type7(sorted: x, p) ?? x[0]
    }
}
