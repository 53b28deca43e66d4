import Telemetry

/// The null baseline: scores every row 0, so it never alarms under any positive threshold.
///
/// Reported beside every model (METRICS.md §10.4) so that a metric's value for "doing nothing" is in view.
public struct NullDetector: StreamingDetector, Equatable {
    /// Creates the null detector.
    public init() {}

    /// Nothing to learn.
    public mutating func fit(training: MetricFrame) throws {}

    /// One 0 per row; per-series scores are all 0 too.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        DetectorScores(
            scores: [Double](repeating: 0, count: frame.rows),
            perSeries: MetricFrame(rows: frame.rows, columns: frame.columns, repeating: 0))
    }

    /// Always 0.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double { 0 }
}
