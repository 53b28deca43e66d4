/// Two-sided tabular CUSUM on standardised values.
///
/// With u = (x − μ₀)/σ₀ from the `Baseline`: `S⁺ = max(0, S⁺ + u − k)`, `S⁻ = max(0, S⁻ − u − k)`,
/// score = max(S⁺, S⁻). k (the allowance, in σ) defaults to 0.5, tuned to detect a 1σ shift. As in Page's
/// chart, once the score exceeds the decision interval h (default 5) it is reported and both sums restart
/// at 0, so a persistent shift signals again and again — each signal a separate alarm — instead of
/// holding one endless episode that no false-alarm count would ever see. h = 0 never restarts.
///
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves the sums and the baseline unchanged.
/// - Complexity: O(1) per value.
public struct CUSUMChart: UnivariateScorer, Equatable {
    /// Allowance k in standard deviations (≥ 0).
    public let allowance: Double
    /// Decision interval h (> 0), after which the sums restart; 0 = never restart.
    public let decisionInterval: Double
    private var baseline = Baseline()
    private var upper = 0.0
    private var lower = 0.0

    /// Creates the chart with allowance `allowance` (k, in σ) and decision interval `decisionInterval`
    /// (h, in σ; 0 = never restart).
    public init(allowance: Double, decisionInterval: Double = 5) {
        precondition(allowance >= 0 && decisionInterval >= 0)
        self.allowance = allowance
        self.decisionInterval = decisionInterval
    }

    /// Freezes the baseline on the training values, then runs them through the chart.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        baseline.freeze(on: training)
        for x in training { _ = score(x) }
    }

    /// Updates the two sums with `x` and returns the larger; restarts them after a signal (> h).
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
        let score = Swift.max(upper, lower)
        if decisionInterval > 0 && score > decisionInterval {
            upper = 0
            lower = 0
        }
        return score
    }
}
