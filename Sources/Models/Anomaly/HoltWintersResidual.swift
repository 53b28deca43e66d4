/// Additive Holt-Winters forecaster; the score is the one-step-ahead residual in units of its running scale.
///
/// Forecast `ŷ = ℓ + b + s[φ]` (φ = seasonal phase); residual `r = x − ŷ`; score = |r| / σ_r, where σ_r² is an
/// exponentially weighted mean of r² (weight 0.02, or 1/count while fewer than 50 residuals have been seen),
/// updated with r clipped at ±4σ_r so one spike does not blind the scorer; σ_r is floored at `minimumScale`.
/// Updates: `ℓ' = α(x − s[φ]) + (1 − α)(ℓ + b)`, `b' = β(ℓ' − ℓ) + (1 − β)b`, `s[φ] = γ(x − ℓ') + (1 − γ)s[φ]`.
///
/// The period comes from `learn` (the autocorrelation of the last max(8·maxPeriod, 2000) training values,
/// `SeasonalPeriod`) unless
/// fixed at construction; with no period the model is Holt's linear trend. Fitted, the level, trend and
/// seasonal terms start from the first two periods of training and the training values warm the state.
/// Unfitted, the level starts at the first value and there is no seasonality.
///
/// - Scores are 0 until 2 residuals have been seen.
/// - NaN rule: a NaN (or infinite) value scores 0; the seasonal phase still advances and the level moves
///   by its trend (time passes), nothing else changes.
/// - Complexity: O(1) per value; `learn` is O(min(n, 8·maxPeriod) · maxPeriod) for the period search.
public struct HoltWintersResidual: UnivariateScorer, Equatable {
    /// Level smoothing α ∈ (0, 1].
    public let alpha: Double
    /// Trend smoothing β ∈ [0, 1].
    public let beta: Double
    /// Seasonal smoothing γ ∈ [0, 1].
    public let gamma: Double
    /// A fixed period (> 1), or nil to learn it from training.
    public let fixedPeriod: Int?
    /// Largest period the autocorrelation search considers.
    public let maxPeriod: Int
    /// The period in use (0 = no seasonality).
    public private(set) var period = 0
    private var seasonal: [Double] = []
    private var phase = 0
    private var level = 0.0
    private var trend = 0.0
    private var started = false
    private var residualVar = 0.0
    private var residualCount = 0

    /// Creates the scorer.
    public init(alpha: Double, beta: Double, gamma: Double, period: Int? = nil, maxPeriod: Int) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.fixedPeriod = period
        self.maxPeriod = maxPeriod
    }

    /// Learns the period (unless fixed), initialises level, trend and seasonal terms, then warms the state.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        // The period search looks at the last max(8·maxPeriod, 2000) values only, bounding its cost.
        let searched = UnsafeBufferPointer(rebasing: training[Swift.max(0, training.count - Swift.max(8 * maxPeriod, 2000))...])
        let p = fixedPeriod ?? SeasonalPeriod.estimate(searched, maxPeriod: maxPeriod) ?? 0
        let finite = training.filter(\.isFinite)
        period = 0
        seasonal = []
        phase = 0
        started = false
        residualVar = 0
        residualCount = 0
        if p > 1 && training.count >= 2 * p {
            func meanOf(_ r: Range<Int>) -> Double {
                var s = 0.0, n = 0
                for i in r where training[i].isFinite { s += training[i]; n += 1 }
                return n > 0 ? s / Double(n) : (finite.first ?? 0)
            }
            let m1 = meanOf(0..<p), m2 = meanOf(p..<(2 * p))
            period = p
            level = m1
            trend = (m2 - m1) / Double(p)
            seasonal = (0..<p).map { i in
                let a = training[i], b = training[i + p]
                switch (a.isFinite, b.isFinite) {
                case (true, true): return 0.5 * ((a - m1) + (b - m2))
                case (true, false): return a - m1
                case (false, true): return b - m2
                case (false, false): return 0
                }
            }
            started = true
        } else if let first = finite.first {
            level = first
            trend = 0
            started = true
        }
        for x in training { _ = score(x) }
    }

    /// Scores the one-step residual of `x`, then updates the model.
    public mutating func score(_ x: Double) -> Double {
        let s = period > 1 ? seasonal[phase] : 0
        guard x.isFinite else {
            if started { level += trend }
            if period > 1 { phase = (phase + 1) % period }
            return 0
        }
        if !started {
            level = x
            trend = 0
            started = true
            return 0
        }
        let r = x - (level + trend + s)
        var out = 0.0
        let sigma = Swift.max(residualVar.squareRoot(), minimumScale)
        if residualCount >= 2 { out = abs(r) / sigma }
        let clipped = residualCount >= 2 ? Swift.min(Swift.max(r, -4 * sigma), 4 * sigma) : r
        residualCount += 1
        let w = Swift.max(0.02, 1.0 / Double(Swift.min(residualCount, 50)))
        residualVar += w * (clipped * clipped - residualVar)
        let newLevel = alpha * (x - s) + (1 - alpha) * (level + trend)
        trend = beta * (newLevel - level) + (1 - beta) * trend
        level = newLevel
        if period > 1 {
            seasonal[phase] = gamma * (x - newLevel) + (1 - gamma) * s
            phase = (phase + 1) % period
        }
        return out
    }
}
