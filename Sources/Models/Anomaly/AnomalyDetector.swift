import Telemetry

/// Scores a detector produced for a frame: one per row, and per series where the model can.
public struct DetectorScores: Sendable, Equatable {
    /// One score per row, higher = more anomalous. Never NaN for a row the detector scored.
    public var scores: [Double]
    /// Optional per-series contributions (rows × series), for root-cause dimensions and HitRate@P%.
    public var perSeries: MetricFrame?

    public init(scores: [Double], perSeries: MetricFrame? = nil) {
        self.scores = scores
        self.perSeries = perSeries
    }
}

/// An anomaly detector over a metric frame.
///
/// `fit(training:)` sees fault-free data only; `scores(for:)` returns one score per row.
/// **Causality**: the score at row t depends only on rows ≤ t of the scored frame (and on the
/// training data), so the scores of a prefix equal the prefix of the scores. Every registered
/// detector passes that contract test.
public protocol AnomalyDetector: Sendable {
    /// Learns normal behaviour from fault-free rows.
    mutating func fit(training: MetricFrame) throws
    /// Scores every row of `frame`, in time order.
    func scores(for frame: MetricFrame) throws -> DetectorScores
}

/// A detector that can also run live, one row at a time, with O(1) or bounded state.
public protocol StreamingDetector: AnomalyDetector {
    /// Consumes one row (one value per series) and returns its score.
    mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double
}
