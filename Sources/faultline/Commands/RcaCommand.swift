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
            minute, normal window the 30 minutes before outside other faults, call graph from dependency.csv); simulated (a scenario name or YAML path, simulated in memory, one case per fault). Every registered ranker runs unless --ranker is given (`faultline models list`). \
            One table per fault type, then all cases; ties are scored by expectation (docs/METRICS.md §8); then the tΔ curve \
            (the windows cut as if the incident had been detected tΔ seconds after its true start). \
            With --detected (a `faultline replay` run folder or its detections.csv), the suite's faults that the replay scored are \
            ranked again at the named --detector's alarm times: the coupled pipeline beside the oracle (docs/RCA.md "Detected time").
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

    @Option(
        name: .long,
        help:
            "Comma-separated detection offsets tΔ in seconds for the curve, written --offsets=-60,0,60 when the first is negative (default -60,-30,0,30,60,90,120; 0 = none)."
    )
    var offsets: String = RootCauseSuite.defaultOffsets.map(String.init).joined(separator: ",")

    @Option(name: .long, help: "A replay run folder (or its detections.csv): rank again at its detector's alarm times.")
    var detected: String?

    @Option(name: .long, help: "The model of --detected whose alarms count (default: the file's only model).")
    var detector: String?

    @Flag(name: .long, help: "Print the report as one JSON object instead of the tables.")
    var json = false

    @Option(name: .long, help: "Also write rca.json and rca.md into this folder (atomically).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            guard resamples >= 0 else { throw UsageError("--resamples must be ≥ 0, got \(resamples)") }
            var grid: [Int] = []
            for word in offsets.split(separator: ",", omittingEmptySubsequences: false) {
                guard let o = Int(word.trimmingCharacters(in: .whitespaces)) else {
                    throw UsageError("--offsets: '\(word)' is not a whole number of seconds", hint: "e.g. --offsets -60,0,60")
                }
                grid.append(o)
            }
            let outcome = try RootCauseJob.run(
                folder: URL(fileURLWithPath: folder), suite: suite, rankers: ranker, parameters: param, seed: seed, resamples: resamples,
                offsets: grid, json: json, out: out.map { URL(fileURLWithPath: $0) }, detected: detected.map { URL(fileURLWithPath: $0) },
                detector: detector)
            print(outcome.output, terminator: "")
            if outcome.failureCount > 0 {
                throw DataError("\(outcome.failureCount) case(s) could not be ranked (listed above; the others are scored)")
            }
        }
    }
}
