/// EWMA control chart: the exponentially weighted mean of the series, in units of its control-limit scale.
///
/// `z_t = λ·x_t + (1 − λ)·z_{t−1}`; score = |z_t − μ₀| / (σ₀·sqrt(λ/(2 − λ))), where μ₀, σ₀ come from
/// the `Baseline` (training mean and std when fitted; self-starting otherwise). The classic chart alarms
/// at score ≥ L (L = 3 is usual), so scores read like σ-multiples. `z` starts at μ₀ after fitting, or
/// at the first value when unfitted.
///
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves z and the baseline unchanged.
/// - Complexity: O(1) per value.
public struct EWMAChart: UnivariateScorer, Equatable {
    /// Smoothing weight λ ∈ (0, 1].
    public let lambda: Double
    private var baseline = Baseline()
    private var z = 0.0
    private var started = false

    /// Creates the chart with smoothing weight `lambda` ∈ (0, 1].
    public init(lambda: Double) {
        precondition(lambda > 0 && lambda <= 1)
        self.lambda = lambda
    }

    /// Freezes the baseline on the training values, then runs them through the chart.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        baseline.freeze(on: training)
        if baseline.frozen { z = baseline.mean; started = true }
        for x in training { _ = score(x) }
    }

    /// Updates z with `x` and returns its distance from μ₀ in control-limit units.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        if !started { z = x; started = true }
        z = lambda * x + (1 - lambda) * z
        var out = 0.0
        if baseline.isReady {
            out = abs(z - baseline.mean) / (baseline.std * (lambda / (2 - lambda)).squareRoot())
        }
        baseline.update(x)
        return out
    }
}
