import Telemetry

/// The chance baseline: a uniform [0, 1) score per row from SplitMix64(seed, row), as the random detector's.
public struct RandomPredictor: FailurePredictor, Equatable {
    public let seed: UInt64

    /// Creates the baseline.
    public init(seed: UInt64) { self.seed = seed }

    public mutating func fit(_ training: PredictorTraining) throws {}

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        PredictionScores(scores: (0..<input.frame.rows).map { RandomDetector.uniform(seed: seed, position: UInt64($0)) })
    }
}
