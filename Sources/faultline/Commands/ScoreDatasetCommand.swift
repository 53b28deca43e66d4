import ArgumentParser
import Foundation
import Workbench

/// `faultline score DATASET --scores FILE`: evaluate scores computed elsewhere.
struct ScoreDataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Evaluate precomputed scores against a dataset's ground truth (also: faultline score DATASET --scores FILE).",
        discussion: """
            FILE is float64 .npy (one score per row, or rows × series) or CSV with a timestamp column (epoch ms \
            or ISO-8601) and a score column, one line per dataset row in the dataset's order. The threshold is \
            fitted on the leading fault-free rows; the same panel, baselines and report files as `evaluate`.
            """)

    @Argument(help: "Dataset folder.")
    var dataset: String

    @Option(name: .long, help: "Scores file (.npy or .csv).")
    var scores: String

    @Option(name: .long, help: "Threshold policy: fixed, quantile, kSigma, kMAD, spot, dspot, bestOnTest.")
    var thresholdPolicy: String = "quantile"

    @Option(name: .long, parsing: .singleValue, help: "Threshold policy parameter key=value (repeatable), e.g. q=0.995.")
    var param: [String] = []

    @Option(name: .long, help: "Run folder (default Results/score-<scores file name>).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            var parameters: [String: String] = [:]
            for p in param {
                let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { throw UsageError("--param takes key=value, got '\(p)'") }
                parameters[kv[0]] = kv[1]
            }
            if thresholdPolicy == "quantile" && parameters.isEmpty { parameters["q"] = "0.995" }
            let outcome = try ScoreJob.run(
                datasetPath: dataset, scoresPath: scores, policy: thresholdPolicy, policyParameters: parameters,
                out: try outFolder(out), quiet: global.quiet, command: commandLine())
            print(outcome.summary, terminator: "")
            print("report: \(outcome.folder.appendingPathComponent("report.html").path)")
        }
    }
}
