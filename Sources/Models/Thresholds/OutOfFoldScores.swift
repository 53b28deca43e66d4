import Telemetry

/// Training scores a threshold can be calibrated on without the in-sample bias (METRICS.md §5).
///
/// A model scored on the rows it was fitted on rates them as more normal than it will rate fresh normal
/// rows (kNN finds each training row as its own neighbour; PCA's subspace and ECOD's tails were fitted to
/// them), so a quantile of in-sample scores alarms more often than its nominal rate on new data. Here the
/// training span is cut into blocks of consecutive rows, assigned to `folds` folds in turn (block `b` to
/// fold `b mod folds`, about `blocksPerFold` blocks each, so every fold spans the whole training period,
/// its time of day included); for each fold a fresh model is fitted on the other folds' rows and scores
/// the training span causally, and each row keeps the score of the model that did not see it. Blocks, not
/// single rows, keep a row's near-duplicate neighbours in time out of its own fold's fit.
///
/// The model that scores the test span is still the one fitted on every training row; only the
/// calibration set is out of fold. Cost: `folds` extra fits on `(folds − 1)/folds` of the rows and
/// `folds` scorings of the training span.
public enum OutOfFoldScores {
    /// Folds of the split (5: each fit sees 80 % of the training rows).
    public static let folds = 5
    /// Blocks per fold, so a fold is spread over the training period.
    public static let blocksPerFold = 8

    /// Rows per block for a training span of `rows` rows (at least 1).
    public static func blockRows(_ rows: Int) -> Int { max(1, rows / (folds * blocksPerFold)) }

    /// The fold of training row `row`.
    public static func fold(ofRow row: Int, rows: Int) -> Int { (row / blockRows(rows)) % folds }

    /// Out-of-fold scores of every training row.
    ///
    /// - Parameters:
    ///   - training: the training rows.
    ///   - make: a fresh, unfitted model (same parameters and seed as the one scored on the test span).
    /// - Returns: one score per training row; the in-sample scores of one fitted model when the span is
    ///   too short to split (fewer than `2 · folds` rows).
    public static func scores(training: MetricFrame, make: () throws -> any AnomalyDetector) throws -> [Double] {
        let n = training.rows
        guard n >= 2 * folds else {
            var model = try make()
            try model.fit(training: training)
            return try model.scores(for: training).scores
        }
        var out = [Double](repeating: .nan, count: n)
        for k in 0..<folds {
            let keep = (0..<n).filter { fold(ofRow: $0, rows: n) != k }
            var model = try make()
            try model.fit(training: gather(training, rows: keep))
            let scored = try model.scores(for: training).scores
            for r in 0..<n where fold(ofRow: r, rows: n) == k { out[r] = scored[r] }
        }
        return out
    }

    /// The given rows of every column, as a compact frame (the fold's fitting rows).
    static func gather(_ frame: MetricFrame, rows: [Int]) -> MetricFrame {
        var out = MetricFrame(rows: rows.count, columns: frame.columns)
        out.withUnsafeMutableBufferPointer { dst in
            for c in 0..<frame.columns {
                frame.withColumn(c) { src in
                    for (i, r) in rows.enumerated() { dst[c * rows.count + i] = src[r] }
                }
            }
        }
        return out
    }
}
