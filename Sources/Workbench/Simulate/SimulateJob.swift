import Foundation
import Simulator
import Telemetry

/// `faultline simulate`: a scenario and a seed in, a dataset folder out (written atomically).
public enum SimulateJob {
    /// What was written.
    public struct Outcome: Sendable {
        public var folder: URL
        public var summary: SimulationSummary
        public var scenario: String
        public var seed: UInt64

        /// One line for the terminal.
        public var line: String {
            let s = summary
            return "\(scenario) seed \(seed): \(s.rows) rows × \(s.series) series, \(s.logLines) log lines, \(s.spans) spans, "
                + "\(s.events) events, \(s.groundTruth.faults.count) faults, \(s.groundTruth.benignChanges.count) benign changes"
        }
    }

    /// Simulates `scenario` (a built-in name or a YAML path) into `out`.
    ///
    /// - Parameters:
    ///   - out: dataset folder; default `Datasets/<scenario>-<seed>`.
    ///   - days, services, seed: command-line overrides of the scenario.
    ///   - intensity: `drawn`, `mild` or `severe`: every fault's intensity replaced by that drawn form.
    ///   - jobs: worker threads (output is identical for any value).
    /// - Throws: `ScenarioError` (exit 2) for a bad scenario, `TelemetryError` (exit 3) when writing fails.
    public static func run(
        scenario nameOrPath: String, out: URL?, days: Double?, services: Int?, seed: UInt64?, intensity: String? = nil, jobs: Int,
        quiet: Bool
    ) throws -> Outcome {
        let drawn = try intensity.map { word in
            guard let form = FaultSpec.Intensity(word: word) else {
                throw UsageError(
                    "--intensity: unknown intensity '\(word)'\(NearestName.hint(word, among: FaultSpec.Intensity.words))",
                    hint: "one of \(FaultSpec.Intensity.words.joined(separator: ", "))")
            }
            return form
        }
        let overrides = ScenarioOverrides(days: days, services: services, seed: seed, intensity: drawn)
        let scenario = try ScenarioLoader.resolve(nameOrPath, overrides: overrides)
        let seed = overrides.seed ?? scenario.seed
        let folder = out ?? URL(fileURLWithPath: "Datasets").appendingPathComponent("\(scenario.name)-\(seed)")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        let progress = Progress("simulating \(scenario.name)", quiet: quiet)
        var writer = DatasetWriter(destination: folder, generatorVersion: SimulatorVersion.string)
        let summary = try Simulation.run(scenario: scenario, seed: seed, jobs: jobs, into: &writer) { progress.update($0) }
        progress.finish()
        return Outcome(folder: folder, summary: summary, scenario: scenario.name, seed: seed)
    }
}
