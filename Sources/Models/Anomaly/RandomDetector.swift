import Telemetry

/// The random baseline: a uniform score in [0, 1) per row, a pure function of the seed and the row's
/// position in the stream.
///
/// The score of the k-th row scored after `fit` (k = 0, 1, …) is `SplitMix64(seed, k)` mapped to
/// [0, 1) with 53 bits, so it is deterministic from the seed, causal (it ignores the data entirely), and
/// identical whether the rows arrive in one frame or one by one. `fit` does not consume draws.
public struct RandomDetector: StreamingDetector, Equatable {
    /// The seed the scores are derived from.
    public let seed: UInt64
    /// Rows scored since `fit` (or creation) by `observe`.
    public private(set) var position: UInt64 = 0

    /// Creates the random detector with an explicit seed.
    public init(seed: UInt64) { self.seed = seed }

    /// Resets the stream position; the training data is not used.
    public mutating func fit(training: MetricFrame) throws { position = 0 }

    /// The uniform score of stream position `k` for `seed`.
    @inlinable
    public static func uniform(seed: UInt64, position k: UInt64) -> Double {
        Double(SplitMix64.mix(seed &+ (k &+ 1) &* SplitMix64.golden) >> 11) * 0x1.0p-53
    }

    /// One uniform score per row, continuing from the current stream position.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        let start = position
        return DetectorScores(scores: (0..<frame.rows).map { Self.uniform(seed: seed, position: start &+ UInt64($0)) })
    }

    /// The next uniform score.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        defer { position &+= 1 }
        return Self.uniform(seed: seed, position: position)
    }
}
