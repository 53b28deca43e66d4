/// The in-control mean and standard deviation a control chart compares against.
///
/// Fitted, it is frozen at the training mean and population standard deviation. Unfitted, it is
/// self-starting: the running mean and standard deviation (Welford) of all finite values seen before
/// the current one. The standard deviation is floored at `minimumScale`.
public struct Baseline: Sendable, Equatable {
    /// True once fitted on training data.
    public private(set) var frozen = false
    private var n = 0
    private var runningMean = 0.0
    private var m2 = 0.0
    private var fixedMean = 0.0
    private var fixedStd = 1.0

    /// An unfitted, self-starting baseline.
    public init() {}

    /// Freezes the baseline at the training mean and standard deviation (if any finite value exists).
    public mutating func freeze(on training: UnsafeBufferPointer<Double>) {
        let (m, s, count) = finiteMeanStd(training)
        guard count > 0 else { return }
        frozen = true
        fixedMean = m
        fixedStd = Swift.max(s, minimumScale)
    }

    /// True when the baseline can score (frozen, or at least 2 values seen).
    public var isReady: Bool { frozen || n >= 2 }
    /// The baseline mean.
    public var mean: Double { frozen ? fixedMean : runningMean }
    /// The baseline standard deviation (floored).
    public var std: Double {
        frozen ? fixedStd : Swift.max((Swift.max(m2, 0) / Double(Swift.max(n, 1))).squareRoot(), minimumScale)
    }

    /// Folds a finite value into the running estimate (no-op when frozen).
    public mutating func update(_ x: Double) {
        guard !frozen else { return }
        n += 1
        let d = x - runningMean
        runningMean += d / Double(n)
        m2 += d * (x - runningMean)
    }
}
