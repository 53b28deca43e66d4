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
    /// `results.json`, `summary.md`, `report.html`, `junit.xml` and `metrics.txt` into the run folder, as a
    /// whole (`RunFolder`: a temporary twin renamed into place, replacing an older run folder only at the end).
    ///
    /// - Throws: `SpecError`/`UsageError` (exit 2) for a bad spec, `jobs` outside 1…1024, or an `out` a run may
    ///   not replace (`RunFolder.checkDestination`); data and runtime errors (exit 3) otherwise.
    public static func run(specNameOrPath: String, out: URL?, jobs: Int, quiet: Bool, recordTimings: Bool, command: String) throws -> Outcome {
        let spec = try loadSpec(specNameOrPath)
        try checkJobs(jobs)
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
        // The destination is checked before any work; everything is written into its temporary twin.
        let run = try RunFolder(destination: folder)
        let options = RunOptions(
            outDir: run.destination, jobs: jobs, quiet: quiet, recordTimings: recordTimings, command: command, stagingDir: run.staging)
        let progress = Progress("evaluating", quiet: quiet)
        let result = try ExperimentRunner(spec: spec).run(options: options, progress: progress)
        try ReportWriter.write(result, to: run.staging)
        try run.commit()
        return Outcome(result: result, folder: run.destination, summary: TerminalSummary.render(result))
    }

    /// The root-cause spec at `path` (a YAML file with a top-level `rca:` section), or nil for any other spec or name.
    ///
    /// - Throws: `SpecError` (exit 2) for a bad root-cause spec.
    public static func rootCauseSpec(_ path: String) throws -> RootCauseSpec? {
        guard BuiltinSuites.yaml(named: path) == nil || FileManager.default.fileExists(atPath: path),
            let data = try? RegularFile.read(path, maxBytes: ExperimentSpec.maxSpecBytes)
        else { return nil }
        return try RootCauseSpec.parse(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    /// The spec a name or path stands for: a YAML file when one exists there, else a built-in suite.
    ///
    /// - Throws: `SpecError` naming the file, line and key for a bad spec (exit 2).
    static func loadSpec(_ nameOrPath: String) throws -> ExperimentSpec {
        if let yaml = BuiltinSuites.yaml(named: nameOrPath), !FileManager.default.fileExists(atPath: nameOrPath) {
            return try ExperimentSpec.parse(yaml: yaml, source: "<builtin:\(nameOrPath)>")
        }
        return try ExperimentSpec.load(path: nameOrPath)
    }

    /// Refuses a worker count outside `1…RunOptions.maxJobs`.
    ///
    /// - Throws: `UsageError` (exit 2).
    public static func checkJobs(_ jobs: Int) throws {
        guard (1...RunOptions.maxJobs).contains(jobs) else {
            throw UsageError("--jobs must be between 1 and \(RunOptions.maxJobs), got \(jobs)")
        }
    }
}
