import ArgumentParser
import Foundation
import Workbench

/// `faultline score …`: score a detector's saved output against a benchmark's labels.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score saved detector output against a dataset's ground truth or a benchmark's labels.",
        subcommands: [ScoreDataset.self, ScoreNAB.self],
        defaultSubcommand: ScoreDataset.self
    )
}

/// `faultline score nab`: the Numenta Anomaly Benchmark score of one detector's results (METRICS §4).
struct ScoreNAB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nab",
        abstract: "NAB score of one detector's results (NAB layout) on a NAB corpus.",
        discussion: """
            Without --threshold or --optimize, uses the detector's committed thresholds when the corpus or the \
            results folder provides them (config/thresholds.json, reference_<detector>_scores.json, \
            <detector>_<profile>_scores.csv), else the exhaustive corpus sweep (an in-sample optimum).
            """
    )

    @Option(name: .long, help: "NAB corpus folder (data/, labels/combined_windows.json).")
    var corpus: String

    @Option(name: .long, help: "Results folder: <category>/<detector>_<name>.csv with an anomaly_score column.")
    var results: String

    @Option(name: .long, help: "Results file prefix (default: the results folder's name, or inferred).")
    var detector: String?

    @Option(name: .long, help: "standard | reward_low_FP_rate | reward_low_FN_rate | all.")
    var profile: String = "all"

    @Option(name: .long, help: "Score every profile at this threshold (a_i >= T detects).")
    var threshold: Double?

    @Flag(name: .long, help: "Pick each profile's threshold by the exhaustive corpus sweep (in-sample optimum).")
    var optimize = false

    @Flag(name: .long, help: "Clip scores outside [0, 1] into it (counted and printed) instead of failing.")
    var clipScores = false

    @Flag(name: .long, help: "Print one JSON object keyed by profile name.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            let text = try NABScoreJob.run(
                corpus: URL(fileURLWithPath: corpus), results: URL(fileURLWithPath: results), detector: detector,
                profile: profile, threshold: threshold, optimize: optimize, clipScores: clipScores, json: json)
            print(text, terminator: "")
        }
    }
}
