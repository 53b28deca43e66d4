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
        let timestamps = try StoredDataset.read(datasetURL).timestamps
        let scores = try ScoreFile.read(scoresPath, timestamps: timestamps)
        // The scores are reported under their file's name, which must not pass for a baseline (null, random).
        var label = URL(fileURLWithPath: scoresPath).deletingPathExtension().lastPathComponent
        if ExperimentSpec.baselineLabels.contains(label) || RunFolder.unsafeLabelReason(label) != nil {
            label = RunFolder.fileComponent(URL(fileURLWithPath: scoresPath).lastPathComponent)
        }
        let spec = ExperimentSpec(
            name: "score-\(label)", source: scoresPath, datasets: [.stored(path: datasetPath)],
            split: .auto,
            models: [.init(name: ExperimentRunner.precomputedName, label: label, parameters: [:], threshold: nil, line: nil, keyPath: "--scores")],
            threshold: .init(policy: policy, parameters: policyParameters, line: nil, keyPath: "--threshold-policy"),
            randomBaselineSeeds: [1, 2, 3, 4, 5], warmupRows: 0, bootstrap: nil)
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(RunFolder.fileComponent(spec.name))
        let run = try RunFolder(destination: folder)
        let options = RunOptions(outDir: run.destination, jobs: 2, quiet: quiet, recordTimings: false, command: command, stagingDir: run.staging)
        let result = try ExperimentRunner(spec: spec, precomputed: [label: scores]).run(options: options, progress: Progress("scoring", quiet: quiet))
        try ReportWriter.write(result, to: run.staging)
        try run.commit()
        return Experiments.Outcome(result: result, folder: run.destination, summary: TerminalSummary.render(result))
    }
}
