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
    /// Scores of the training rows by models that did not see them, for calibrating a threshold
    /// (``OutOfFoldScores``); nil when the model's own scores of its training rows are fit to calibrate
    /// on, because a score depends on the fit only through a few statistics per series. Called on the
    /// fitted model with the rows it was fitted on; leaves the model as it is.
    func outOfFoldScores(training: MetricFrame) throws -> [Double]?
}

extension AnomalyDetector {
    /// In-sample scores are used (see the requirement).
    public func outOfFoldScores(training: MetricFrame) throws -> [Double]? { nil }
}

/// A detector fitted on rows as an unordered set (kNN, Isolation Forest, PCA, Mahalanobis, ECOD): it
/// memorises its training rows, so it rates them as more normal than fresh ones, and the order of the
/// rows it is fitted on does not matter. Its calibration scores come from ``OutOfFoldScores`` unless it
/// can leave each row out exactly (kNN).
public protocol RowSetDetector: AnomalyDetector {}

extension RowSetDetector {
    /// Out-of-fold scores: copies of this model refitted without each fold (``OutOfFoldScores``).
    public func outOfFoldScores(training: MetricFrame) throws -> [Double]? {
        try OutOfFoldScores.scores(training: training) { self }
    }
}

/// A detector that can also run live, one row at a time, with O(1) or bounded state.
public protocol StreamingDetector: AnomalyDetector {
    /// Consumes one row (one value per series) and returns its score.
    mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double
}
