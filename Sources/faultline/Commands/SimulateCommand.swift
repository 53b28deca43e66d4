import ArgumentParser
import Foundation
import Workbench

/// `faultline simulate [SCENARIO] --seed N --out DIR`.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario into a dataset folder (metrics, logs, traces, events, ground truth).",
        discussion: "SCENARIO is a built-in name (see `faultline scenarios list`) or a YAML path; default: the built-in default.")

    @Argument(help: "Scenario name or YAML path.")
    var scenario: String = "default"

    @Option(name: .long, parsing: .unconditional, help: "Seed, 0 … 2^64 − 1 (default: the scenario's own).", transform: parseSeed)
    var seed: UInt64?

    @Option(name: .long, help: "Dataset folder (default Datasets/<scenario>-<seed>).")
    var out: String?

    // `.unconditional`: a negative value reaches the scenario checks (which say the allowed range)
    // instead of being taken for a flag ("Missing value for '--days <days>'").
    @Option(name: .long, parsing: .unconditional, help: "Run length in days (above 0, at most 366), replacing the scenario's.")
    var days: Double?

    @Option(name: .long, parsing: .unconditional, help: "Service count (2 … 5000), for scenarios that generate their graph.")
    var services: Int?

    @Option(
        name: .long,
        help: "drawn | mild | severe: every fault's intensity drawn per seed from its kind's severity mixture (Scenarios/README.md, Severity).")
    var intensity: String?

    @Option(name: .long, help: "Worker threads (the output is identical for any value).")
    var jobs: Int = 2

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            let outcome = try SimulateJob.run(
                scenario: scenario, out: out.map { URL(fileURLWithPath: $0) },
                days: days, services: services, seed: seed, intensity: intensity,
                jobs: jobs, quiet: global.quiet)
            print(outcome.line)
            print("dataset: \(outcome.folder.path)")
        }
    }
}
