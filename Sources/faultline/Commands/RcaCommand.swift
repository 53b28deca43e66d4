import ArgumentParser
import Foundation
import Workbench

/// `faultline rca DIR [--suite sockshop]`: root-cause rankers on labelled incidents.
struct Rca: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rca",
        abstract: "Rank root causes on a labelled incident suite and score the rankings (AC@k, Avg@5, MRR, chance).",
        discussion: """
            Suites: sockshop (sockshop-rcd: cases.csv + cases/<service>-<fault>/<n>/{normal,anomalous}.csv, the \
            README's replay protocol); nezha (nezha-metrics root or day folder: each fault ranked at its injection \
            minute, normal window the 30 minutes before outside other faults). Every registered ranker runs unless --ranker is given (`faultline models list`). \
            One table per fault type, then all cases; ties are scored by expectation (docs/METRICS.md §8).
            """
    )

    @Argument(help: "The suite's dataset folder (e.g. /work/shared/datasets/sockshop-rcd).")
    var folder: String

    @Option(name: .long, help: "sockshop | nezha (default: inferred from the folder).")
    var suite: String?

    @Option(name: .long, help: "A ranker to run (repeatable; default: every registered ranker).")
    var ranker: [String] = []

    @Option(name: .long, help: "key=value for every chosen ranker that takes the key (repeatable).")
    var param: [String] = []

    @Option(name: .long, help: "Seed of the random ranker and of the bootstrap.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Bootstrap resamples over cases (0 = no intervals).")
    var resamples: Int = 1000

    @Flag(name: .long, help: "Print the report as one JSON object instead of the tables.")
    var json = false

    @Option(name: .long, help: "Also write rca.json and rca.md into this folder (atomically).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            guard resamples >= 0 else { throw UsageError("--resamples must be ≥ 0, got \(resamples)") }
            let outcome = try RootCauseJob.run(
                folder: URL(fileURLWithPath: folder), suite: suite, rankers: ranker, parameters: param, seed: seed, resamples: resamples,
                json: json, out: out.map { URL(fileURLWithPath: $0) })
            print(outcome.output, terminator: "")
        }
    }
}
