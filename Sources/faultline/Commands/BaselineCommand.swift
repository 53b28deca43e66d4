import ArgumentParser
import Foundation
import Workbench

/// `faultline baseline update RUN_DIR… --out Results/baselines/<suite>.json`.
struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Gate baselines: write a run's figures as the committed reference.",
        subcommands: [Update.self])

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite a baseline from run folders (sorted, one figure per line, written atomically).",
            discussion: "Keyed by suite, dataset, seed, model and metric; overall figures only, without run times. Review the diff, then commit it.")

        @Argument(help: "Run folders (each with results.json).")
        var runs: [String]

        @Option(name: .long, help: "The baseline file, e.g. Results/baselines/ci.json.")
        var out: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                guard !out.isEmpty else { throw UsageError("--out is empty; name the baseline file") }
                let outcome = try BaselineJob.update(runs: runs, out: URL(fileURLWithPath: out), command: commandLine())
                var line = "baseline: \(outcome.count) figures written to \(out)"
                if let c = outcome.changes { line += " (\(c.added) added, \(c.removed) removed, \(c.changed) changed)" }
                print(line)
            }
        }
    }
}
