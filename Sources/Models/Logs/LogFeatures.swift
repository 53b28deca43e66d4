import LinearAlgebra
import Telemetry

/// Log records as a metric-like frame: the dataset's log bodies mined into templates, counted per
/// row over a trailing window that ends with the row's step, one column per template.
///
/// Row t covers `[t_time + step − window, t_time + step)`, so it sees only logs up to the end of its
/// own step (as the row's rates do). Template ids come from one streaming miner over the records in
/// time order; a template first seen at row t has zeros before it, so the frame is causal.
public enum LogFeatures {
    /// The template-count frame of `dataset` (rows = the dataset's rows).
    ///
    /// - Throws: `DataError` when the dataset has no logs or irregular timestamps; `ModelError.invalidParameter` for a
    ///   window that is not positive or longer than the run.
    public static func frame(_ dataset: Dataset, windowMinutes: Double) throws -> MetricFrame {
        guard !dataset.logs.isEmpty else {
            throw DataError("dataset '\(dataset.info.name)' has no logs for a model with 'features: logs'")
        }
        let step = dataset.axis.stepMs
        // The window may cover the whole run but no more: a longer one only adds empty leading windows (memory).
        let spanMinutes = Double(max(1, dataset.timestamps.count)) * Double(step) / 60_000
        guard windowMinutes > 0, windowMinutes <= max(spanMinutes, Double(step) / 60_000) else {
            throw ModelError.invalidParameter(
                model: "features: logs", key: "log_window_minutes", value: "\(windowMinutes)",
                reason: "must be positive and at most the run's \((spanMinutes * 100).rounded() / 100) minutes (dataset '\(dataset.info.name)')")
        }
        let window = max(step, Int64(windowMinutes * 60_000))
        let start = dataset.timestamps[0] + step - window
        let rows = dataset.frame.rows
        // The last row's window ends at start + (rows − 1)·step + window; records up to there count.
        let counts = try LogWindowCounts(
            records: dataset.logs, startMs: start, endMs: start + Int64(rows - 1) * step + window,
            windowMs: window, stepMs: step)
        guard counts.counts.rows >= rows else {
            throw DataError("log windows (\(counts.counts.rows)) do not cover the rows of '\(dataset.info.name)' (\(rows))")
        }
        // Keep the first `rows` windows (later ones start after the last row).
        let all = counts.counts.values, total = counts.counts.rows
        var values: [Double] = []
        values.reserveCapacity(rows * counts.counts.columns)
        for c in 0..<counts.counts.columns { values.append(contentsOf: all[(c * total)..<(c * total + rows)]) }
        return try MetricFrame(rows: rows, columns: counts.counts.columns, columnMajor: values)
    }
}
