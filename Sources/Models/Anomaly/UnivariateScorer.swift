/// The per-series core of a streaming univariate detector: state for one series, one score per value.
///
/// `PerSeriesDetector` runs one scorer per column of a `MetricFrame`, differences counters before
/// the scorer sees them, and combines the per-series scores by their maximum.
///
/// Contract for conformers:
/// - `score(_:)` returns the score of `x` given only the values seen before it, then folds `x` into
///   the state. It never returns NaN or ±∞.
/// - **NaN rule**: when `x` is NaN the score is 0 and the state is unchanged (a conformer may document
///   one exception, such as a seasonal phase that follows time rather than values).
/// - `learn(_:)` learns structural parameters from fault-free values (a period, a baseline mean and
///   standard deviation) and then leaves the state as if those values had been scored, so scoring
///   continues where the training data ended.
/// - `scoreBatch(_:into:)` gives bit-identical results to calling `score(_:)` on each value in turn.
public protocol UnivariateScorer: Sendable {
    /// Learns from fault-free values (NaN allowed) and warms the state with them.
    mutating func learn(_ training: UnsafeBufferPointer<Double>)
    /// Scores `x` from the state, then updates the state with `x`.
    mutating func score(_ x: Double) -> Double
    /// Scores every value of `input` in order into `output` (same count).
    mutating func scoreBatch(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>)
}

extension UnivariateScorer {
    /// Default: warm the state by scoring every training value.
    public mutating func learn(_ training: UnsafeBufferPointer<Double>) {
        for x in training { _ = score(x) }
    }

    /// Default: call `score(_:)` on each value.
    public mutating func scoreBatch(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(input.count == output.count)
        for i in 0..<input.count { output[i] = score(input[i]) }
    }
}

/// The smallest scale (standard deviation, MAD, residual scale) a scorer divides by. A constant
/// series therefore scores 0 while it stays constant and a large but finite value when it moves.
public let minimumScale: Double = 1e-9

/// Mean and population standard deviation of the finite values of `x` (0, 0 when there are none).
func finiteMeanStd(_ x: UnsafeBufferPointer<Double>) -> (mean: Double, std: Double, count: Int) {
    var n = 0
    var mean = 0.0
    var m2 = 0.0
    for v in x where !v.isNaN && v.isFinite {
        n += 1
        let d = v - mean
        mean += d / Double(n)
        m2 += d * (v - mean)
    }
    guard n > 0 else { return (0, 0, 0) }
    return (mean, (max(m2, 0) / Double(n)).squareRoot(), n)
}
