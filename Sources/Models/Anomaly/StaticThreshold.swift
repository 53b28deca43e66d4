/// A static per-series score that a fixed threshold turns into alarms: the baseline "static threshold" detector.
///
/// Two modes:
/// - `.deviation` (default): score = |x − μ| / σ with μ and σ the mean and population standard deviation of
///   the training values (σ floored at `minimumScale`). Unfitted, μ = 0 and σ = 1, i.e. the score is |x|.
/// - `.value`: score = x itself, so a fixed threshold θ alarms when any series reaches θ (a classic
///   static alert rule). Counters are differenced first, so the rule applies to the increment.
///
/// NaN rule: a NaN value scores 0 (the state holds no history, so nothing else changes).
/// Non-finite values are treated as NaN.
public struct StaticThreshold: UnivariateScorer, Equatable {
    /// What the score measures.
    public enum Mode: String, Sendable, CaseIterable {
        /// |x − training mean| / training std.
        case deviation
        /// The value itself.
        case value
    }

    /// The scoring mode.
    public let mode: Mode
    /// Training mean (0 until fitted).
    public private(set) var mean: Double = 0
    /// Training standard deviation, floored (1 until fitted).
    public private(set) var std: Double = 1

    /// Creates the scorer.
    public init(mode: Mode = .deviation) { self.mode = mode }

    /// Learns the training mean and population standard deviation of the finite values.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        let (m, s, n) = finiteMeanStd(training)
        if n > 0 {
            mean = m
            std = Swift.max(s, minimumScale)
        }
    }

    /// The score of `x` (no state changes).
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        switch mode {
        case .deviation: return abs(x - mean) / std
        case .value: return x
        }
    }
}
