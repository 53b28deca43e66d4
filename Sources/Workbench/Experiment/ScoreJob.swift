import Evaluation
import Foundation
import Reports
import Telemetry

/// `faultline score DATASET --scores FILE`: evaluate scores a user computed elsewhere against a
/// dataset's ground truth, with the same split, threshold policies, panel, baselines and reports
/// as a built-in model.
public enum ScoreJob {
    /// Runs the job and writes the reports.
    ///
    /// - Parameters:
    ///   - datasetPath: a dataset folder.
    ///   - scoresPath: `.npy` float64 (one per row, or rows × series) or CSV with a timestamp column and
    ///     a score column (`timestamp,score`; the timestamps must be the dataset's, in order).
    ///   - policy, policyParameters: threshold policy (METRICS.md §5) fitted on the leading fault-free rows.
    /// - Throws: `DataError` naming the file and row for length, order or NaN mismatches (exit 3);
    ///   `SpecError`/`UsageError` for a bad policy (exit 2).
    public static func run(
        datasetPath: String, scoresPath: String, policy: String, policyParameters: [String: String],
        out: URL?, quiet: Bool, command: String
    ) throws -> Experiments.Outcome {
        let datasetURL = URL(fileURLWithPath: datasetPath)
        let timestamps = try DatasetStore.read(from: datasetURL).timestamps
        let scores = try readScores(scoresPath, timestamps: timestamps)
        let label = URL(fileURLWithPath: scoresPath).deletingPathExtension().lastPathComponent
        let spec = ExperimentSpec(
            name: "score-\(label)", source: scoresPath, datasets: [.stored(path: datasetPath)],
            split: .leadingFaultFree(marginMinutes: 30),
            models: [.init(name: ExperimentRunner.precomputedName, label: label, parameters: [:], threshold: nil, line: nil, keyPath: "--scores")],
            threshold: .init(policy: policy, parameters: policyParameters, line: nil, keyPath: "--threshold-policy"),
            randomBaselineSeeds: [1, 2, 3, 4, 5], warmupRows: 0, bootstrap: nil)
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
        let options = RunOptions(outDir: folder, jobs: 2, quiet: quiet, recordTimings: false, command: command)
        let result = try ExperimentRunner(spec: spec, precomputed: [label: scores]).run(options: options, progress: Progress("scoring", quiet: quiet))
        try ReportWriter.write(result, to: folder)
        return Experiments.Outcome(result: result, folder: folder, summary: TerminalSummary.render(result))
    }

    /// Reads a score file and checks it row by row against the dataset's timestamps.
    static func readScores(_ path: String, timestamps: [Int64]) throws -> [Double] {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no scores file at '\(path)'") }
        if path.hasSuffix(".npy") {
            do {
                return try ExternalModel.readScores(url, rows: timestamps.count)
            } catch let f as ExternalModel.Failure {
                throw DataError(f.reason)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError("cannot read '\(path)'") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }),
            let tCol = header.firstIndex(of: "timestamp")
        else {
            throw DataError("the first line must be a header with a 'timestamp' column (\(path):1)")
        }
        guard let sCol = header.firstIndex(where: { $0 == "score" || $0 == "anomaly_score" }) ?? (header.count == 2 ? 1 - tCol : nil) else {
            throw DataError("no 'score' column in the header (\(path):1)")
        }
        var scores: [Double] = []
        scores.reserveCapacity(timestamps.count)
        for (i, raw) in lines.dropFirst().enumerated() {
            let lineNo = i + 2
            if raw.isEmpty && i == lines.count - 2 { break }
            let cells = raw.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else {
                throw DataError("expected \(header.count) fields, found \(cells.count) (\(path):\(lineNo))")
            }
            let row = scores.count
            guard row < timestamps.count else { throw DataError("more score rows than the dataset's \(timestamps.count) rows (\(path):\(lineNo))") }
            guard let t = parseTimestamp(String(cells[tCol])) else {
                throw DataError("unreadable timestamp '\(cells[tCol])' (\(path):\(lineNo))")
            }
            guard t == timestamps[row] else {
                throw DataError(
                    "timestamp \(t) does not match the dataset's row \(row) at \(timestamps[row]) (\(path):\(lineNo))",
                    hint: "one score per dataset row, in the dataset's order")
            }
            guard let s = Double(cells[sCol].trimmingCharacters(in: .whitespaces)), s.isFinite else {
                throw DataError("score '\(cells[sCol])' is not a finite number (\(path):\(lineNo))")
            }
            scores.append(s)
        }
        guard scores.count == timestamps.count else {
            throw DataError("\(scores.count) score rows for the dataset's \(timestamps.count) rows (\(path))")
        }
        return scores
    }

    /// Epoch milliseconds, or an ISO-8601 UTC time.
    static func parseTimestamp(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let ms = Int64(t) { return ms }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: t) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: t) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }
}
