import ArgumentParser
import Foundation
import Workbench

/// `faultline evaluate SPEC`: run an experiment and write its reports.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an experiment spec: fit, score, threshold, evaluate, write Results/<run>/.",
        discussion: "SPEC is a YAML file (see docs/EXPERIMENTS.md) or the name of a built-in suite (default).")

    @Argument(help: "Experiment spec: a YAML path or a built-in suite name.")
    var spec: String

    @Option(name: .long, help: "Run folder (default Results/<spec name>).")
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "Worker threads across datasets and models (1 to 1024).")
    var jobs: Int = 2

    @Flag(name: .long, help: "Leave out run times and the git revision, so equal runs give byte-identical reports.")
    var noTimings = false

    @OptionGroup var global: GlobalOptions

    func validate() throws { try validateJobs(jobs) }

    func run() throws {
        try Self.run(spec: spec, out: out, jobs: jobs, noTimings: noTimings, global: global)
    }

    /// The body of `evaluate` (and of `demo`, which is `evaluate default --out Results/demo`).
    static func run(spec: String, out: String?, jobs: Int, noTimings: Bool, global: GlobalOptions) throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            // A spec with an `rca:` section ranks root causes, as `faultline rca` does, into the run folder.
            if let rca = try Experiments.rootCauseSpec(spec) {
                let (outcome, folder) = try rca.run(out: try outFolder(out))
                print(outcome.output, terminator: "")
                print("report: \(folder.appendingPathComponent("report.html").path)")
                if outcome.failureCount > 0 {
                    throw DataError("\(outcome.failureCount) case(s) could not be ranked (listed in rca.md; the others are scored)")
                }
                return
            }
            let outcome = try Experiments.run(
                specNameOrPath: spec, out: try outFolder(out), jobs: jobs,
                quiet: global.quiet, recordTimings: !noTimings, command: commandLine())
            print(outcome.summary, terminator: "")
            print("report: \(outcome.folder.appendingPathComponent("report.html").path)")
        }
    }
}

/// `faultline demo`: the main job on the built-in default scenario and suite.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate the built-in default scenario, run the default suite on it, write Results/demo/.")

    @Option(name: .long, help: "Run folder.")
    var out: String = "Results/demo"

    @Option(name: .long, parsing: .unconditional, help: "Worker threads (1 to 1024).")
    var jobs: Int = 2

    @Flag(name: .long, help: "Leave out run times and the git revision, so equal runs give byte-identical reports.")
    var noTimings = false

    @OptionGroup var global: GlobalOptions

    func validate() throws { try validateJobs(jobs) }

    /// `evaluate` on the built-in default suite.
    func run() throws {
        try Evaluate.run(spec: "default", out: out, jobs: jobs, noTimings: noTimings, global: global)
    }
}

/// The command line as typed, for the results' provenance.
func commandLine() -> String {
    (["faultline"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}
