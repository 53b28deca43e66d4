import Foundation
import Telemetry

/// `faultline replay DATASET --train-on OTHER`: the models learn normal behaviour from another recording of
/// the same system (last week's traffic), when the replayed one has no fault-free lead-in of its own (a
/// Nezha day has its first fault two minutes in). The training rows are OTHER's rows after the end of its
/// last labelled fault (all its rows when it has none); the replayed dataset is joined to them, series
/// matched by id, as one dataset whose declared training rows are OTHER's, so the models are fitted on
/// them and fed them before the replayed rows, exactly as a batch run over the joined dataset would.
enum TrainingRecording {
    /// Joins the training rows of `training` (read from `path`) before `replayed`.
    ///
    /// - Throws: `DataError` naming the file, when the steps differ, no series is shared, `training` has fewer
    ///   than 50 rows after its last fault, or they do not end before `replayed` begins (exit 3).
    static func join(training: Dataset, path: String, before replayed: Dataset) throws -> (dataset: Dataset, note: String) {
        let name = "training recording '\(path)'"
        guard training.axis.stepMs == replayed.axis.stepMs else {
            throw DataError(
                "\(name) has a step of \(DurationText.render(Double(training.axis.stepMs))), the replayed dataset one of "
                    + DurationText.render(Double(replayed.axis.stepMs)))
        }
        let lastFaultEnd = training.groundTruth.faults.map { f in
            max(f.injectionEndMs, f.affectedSeries.map(\.endMs).max() ?? f.injectionEndMs)
        }.max()
        let first = lastFaultEnd.map { end in training.timestamps.firstIndex { $0 > end } ?? training.timestamps.count } ?? 0
        let rows = first..<training.timestamps.count
        guard rows.count >= 50 else {
            throw DataError(
                "\(name) has \(rows.count) rows after its last labelled fault; at least 50 fault-free rows are needed to train on")
        }
        guard let lastTraining = training.timestamps.last, let firstReplayed = replayed.timestamps.first, lastTraining < firstReplayed else {
            throw DataError("\(name) must end before the replayed dataset begins (a replay trains on the past only)")
        }
        let column = Dictionary(training.series.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Series the training recording lacks cannot be modelled: they are left out, and the note says which.
        var columns: [Int] = [], kept: [Int] = [], missing: [String] = []
        for (j, s) in replayed.series.enumerated() {
            if let c = column[s.id] {
                columns.append(c)
                kept.append(j)
            } else {
                missing.append(s.id)
            }
        }
        guard !columns.isEmpty else {
            throw DataError(
                "\(name) shares no series with the replayed dataset (e.g. '\(replayed.series.first?.id ?? "")')",
                hint: "train on a recording of the same system with the same series")
        }
        let n = rows.count, m = replayed.frame.rows, total = n + m
        var values = [Double](repeating: 0, count: total * columns.count)
        for (j, c) in columns.enumerated() {
            training.frame.withColumn(c) { col in
                for (i, r) in rows.enumerated() { values[j * total + i] = col[r] }
            }
            replayed.frame.withColumn(kept[j]) { col in
                for r in 0..<m { values[j * total + n + r] = col[r] }
            }
        }
        let frame = try MetricFrame(rows: total, columns: columns.count, columnMajor: values)
        var info = replayed.info
        info.trainRows = n
        let timestamps = Array(training.timestamps[rows]) + replayed.timestamps
        let joined = try Dataset(
            info: info, axis: TimeAxis(startMs: timestamps[0], stepMs: replayed.axis.stepMs, count: total), timestamps: timestamps,
            series: kept.map { replayed.series[$0] }, frame: frame, logs: replayed.logs, spans: replayed.spans, events: replayed.events,
            topology: replayed.topology, groundTruth: replayed.groundTruth)
        let left = training.series.count - columns.count
        let dropped =
            missing.isEmpty
            ? ""
            : "; \(missing.count) series of the replayed dataset are not in it and were left out ("
                + missing.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > 3 ? ", …" : "") + ")"
        let note =
            "trained on \(n) rows of \(path) (\(DatasetInspection.iso8601(timestamps[0])) → \(DatasetInspection.iso8601(training.timestamps[rows.upperBound - 1])), "
            + (lastFaultEnd == nil ? "all its rows" : "after its last labelled fault") + ")"
            + (left > 0 ? "; \(left) of its series are not in the replayed dataset and were not used" : "") + dropped
        return (joined, note)
    }
}
