/// The spatial-anomaly rule: a value that leaves the range seen so far by more than a margin.
///
/// Keeps the running minimum and maximum of every finite value seen. A new value x scores 1 when the
/// range `r = max − min` is positive and `x > max + margin·r` or `x < min − margin·r` (checked before
/// the value widens the range); otherwise it scores 0. This is the post-processing rule NAB's HTM
/// detector applies (NAB-DETECTORS.md §3.7); here it is one channel of `NoveltyScorer`.
///
/// - NaN rule: a NaN or infinite value scores 0 and leaves the range unchanged.
/// - Complexity: O(1) per value, O(1) memory.
public struct SpatialExtremeRule: Sendable, Equatable {
    /// Fraction of the range a value must exceed it by (0.05 in NAB's rule).
    public let margin: Double
    /// Smallest finite value seen (+∞ before any).
    public private(set) var minimum = Double.infinity
    /// Largest finite value seen (−∞ before any).
    public private(set) var maximum = -Double.infinity

    /// Creates the rule.
    ///
    /// - Parameter margin: fraction of the seen range a value must exceed it by; ≥ 0.
    public init(margin: Double) {
        precondition(margin >= 0, "SpatialExtremeRule margin must be >= 0")
        self.margin = margin
    }

    /// Scores `x` against the range seen before it (1 = new extreme, else 0), then widens the range.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        var s = 0.0
        let range = maximum - minimum
        if range > 0 && (x > maximum + margin * range || x < minimum - margin * range) { s = 1 }
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
        return s
    }
}
