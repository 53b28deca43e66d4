import Evaluation
import Foundation
import Interop
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
    ///   - policy, policyParameters: threshold policy (METRICS.md §5) fitted on the `auto` split's training rows (no ground truth read).
    /// - Throws: `DataError` naming the file and row for length, order or NaN mismatches (exit 3);
    ///   `SpecError`/`UsageError` for a bad policy (exit 2).
    public static func run(
        datasetPath: String, scoresPath: String, policy: String, policyParameters: [String: String],
        out: URL?, quiet: Bool, command: String
    ) throws -> Experiments.Outcome {
        let datasetURL = URL(fileURLWithPath: datasetPath)
        let timestamps = try DatasetStore.read(from: datasetURL).timestamps
        let scores = try ScoreFile.read(scoresPath, timestamps: timestamps)
        let label = URL(fileURLWithPath: scoresPath).deletingPathExtension().lastPathComponent
        let spec = ExperimentSpec(
            name: "score-\(label)", source: scoresPath, datasets: [.stored(path: datasetPath)],
            split: .auto,
            models: [.init(name: ExperimentRunner.precomputedName, label: label, parameters: [:], threshold: nil, line: nil, keyPath: "--scores")],
            threshold: .init(policy: policy, parameters: policyParameters, line: nil, keyPath: "--threshold-policy"),
            randomBaselineSeeds: [1, 2, 3, 4, 5], warmupRows: 0, bootstrap: nil)
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
        let options = RunOptions(outDir: folder, jobs: 2, quiet: quiet, recordTimings: false, command: command)
        let result = try ExperimentRunner(spec: spec, precomputed: [label: scores]).run(options: options, progress: Progress("scoring", quiet: quiet))
        try ReportWriter.write(result, to: folder)
        return Experiments.Outcome(result: result, folder: folder, summary: TerminalSummary.render(result))
    }
}
