/// Robust rolling z-score: |x − median| / (1.4826 · MAD) over the previous `window` values of one series.
///
/// The median and median absolute deviation are those of the last `window` finite values before x,
/// held in a `SortedWindow`. The scale is 1.4826·MAD (consistent with σ for Gaussian data); when more than
/// half the window holds one value (MAD = 0, common in integer or step-like series) it falls back to
/// 1.253314·(mean absolute deviation from the median), also σ-consistent, as the modified z-score does;
/// the scale is floored at `minimumScale`, so a flat window followed by a move scores large but finite.
///
/// - Scores are 0 until the window holds 3 values.
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves the window unchanged.
/// - Complexity: O(window) worst case per value (sorted insertion and the MAD merge walk).
public struct RollingMedianMAD: UnivariateScorer, Equatable {
    /// Number of previous values the median and MAD cover (≥ 3).
    public let window: Int
    private var values: SortedWindow

    /// Creates the scorer; `window` must be ≥ 3.
    public init(window: Int) {
        precondition(window >= 3)
        self.window = window
        self.values = SortedWindow(capacity: window)
    }

    /// Scores `x` against the previous window, then adds it.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        var out = 0.0
        if values.count >= 3 {
            let mad = values.medianAbsoluteDeviation
            let spread = mad > 0 ? 1.4826 * mad : 1.253314 * values.meanAbsoluteDeviation
            let scale = Swift.max(spread, minimumScale)
            out = abs(x - values.median) / scale
        }
        values.push(x)
        return out
    }
}
