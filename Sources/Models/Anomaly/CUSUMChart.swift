/// Two-sided tabular CUSUM on standardised values.
///
/// With u = (x − μ₀)/σ₀ from the `Baseline`: `S⁺ = max(0, S⁺ + u − k)`, `S⁻ = max(0, S⁻ − u − k)`,
/// score = max(S⁺, S⁻). k (the allowance, in σ) defaults to 0.5, tuned to detect a 1σ shift; the classic
/// decision interval is h = 4…5, so a threshold on the score plays the role of h. The sums are not reset
/// after a crossing: a persistent shift keeps the score high, which is what the alarm episode should show.
///
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves the sums and the baseline unchanged.
/// - Complexity: O(1) per value.
public struct CUSUMChart: UnivariateScorer, Equatable {
    /// Allowance k in standard deviations (≥ 0).
    public let allowance: Double
    private var baseline = Baseline()
    private var upper = 0.0
    private var lower = 0.0

    /// Creates the chart with allowance `allowance` (k, in σ).
    public init(allowance: Double) {
        precondition(allowance >= 0)
        self.allowance = allowance
    }

    /// Freezes the baseline on the training values, then runs them through the chart.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        baseline.freeze(on: training)
        for x in training { _ = score(x) }
    }

    /// Updates the two sums with `x` and returns the larger.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        guard baseline.isReady else {
            baseline.update(x)
            return 0
        }
        let u = (x - baseline.mean) / baseline.std
        upper = Swift.max(0, upper + u - allowance)
        lower = Swift.max(0, lower - u - allowance)
        baseline.update(x)
        return Swift.max(upper, lower)
    }
}
