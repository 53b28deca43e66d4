/// Robust rolling z-score: |x − median| / (1.4826 · MAD) over the previous `window` values of one series.
///
/// The median and median absolute deviation are those of the last `window` finite values before x,
/// held in a `SortedWindow`. The scale 1.4826·MAD (consistent with σ for Gaussian data) is floored at
/// `minimumScale`, so a flat window followed by a move scores large but finite.
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
            let scale = Swift.max(1.4826 * values.medianAbsoluteDeviation, minimumScale)
            out = abs(x - values.median) / scale
        }
        values.push(x)
        return out
    }
}
