import Evaluation
import Foundation
import Reports

/// The whole `faultline evaluate` job: resolve the spec, validate, run, write the reports.
public enum Experiments {
    /// What a finished run left behind.
    public struct Outcome: Sendable {
        public var result: RunResult
        public var folder: URL
        /// The leaderboard as printed on the terminal.
        public var summary: String
    }

    /// Resolves `specNameOrPath` (a built-in suite name or a YAML path), runs it and writes
    /// `results.json`, `summary.md`, `report.html`, `junit.xml` and `metrics.txt` into the run folder.
    public static func run(specNameOrPath: String, out: URL?, jobs: Int, quiet: Bool, recordTimings: Bool, command: String) throws -> Outcome {
        let spec: ExperimentSpec
        if let yaml = BuiltinSuites.yaml(named: specNameOrPath), !FileManager.default.fileExists(atPath: specNameOrPath) {
            spec = try ExperimentSpec.parse(yaml: yaml, source: "<builtin:\(specNameOrPath)>")
        } else {
            spec = try ExperimentSpec.load(path: specNameOrPath)
        }
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
        let options = RunOptions(outDir: folder, jobs: jobs, quiet: quiet, recordTimings: recordTimings, command: command)
        let progress = Progress("evaluating", quiet: quiet)
        let result = try ExperimentRunner(spec: spec).run(options: options, progress: progress)
        try ReportWriter.write(result, to: folder)
        return Outcome(result: result, folder: folder, summary: TerminalSummary.render(result))
    }
}
