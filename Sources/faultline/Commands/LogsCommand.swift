import ArgumentParser
import Foundation
import Workbench

/// `faultline logs …`: log template mining and log-session anomaly detection on public data.
struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Mine log templates and detect anomalous log sessions on Loghub data.",
        subcommands: [LogsParse.self, LogsSessions.self, LogsWindows.self]
    )
}

/// `faultline logs parse`: grouping accuracy of the template miner per Loghub system.
struct LogsParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Mine templates from each <System>/<System>_2k.log and score grouping accuracy (METRICS §9).",
        discussion: "Example: faultline logs parse --dataset ../shared/datasets/loghub-2k"
    )

    @Option(name: .long, help: "A loghub-2k folder (<System>/<System>_2k.log + _structured.csv).")
    var dataset: String

    @Option(name: .long, help: "Only this system (repeatable); default: every system found.")
    var system: [String] = []

    @Option(name: .long, help: "Parse-tree depth (Drain's depth, 3 to 100).")
    var depth: Int = 4

    @Option(name: .long, help: "Similarity threshold in (0, 1].")
    var similarity: Double = 0.5

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            guard depth >= 3, depth <= 100 else { throw UsageError("--depth must be between 3 and 100, got \(depth)") }
            guard similarity > 0, similarity <= 1 else { throw UsageError("--similarity must lie in (0, 1], got \(similarity)") }
            let report = try LogParseJob.run(
                dataset: URL(fileURLWithPath: dataset), systems: system.isEmpty ? nil : system,
                depth: depth, similarityThreshold: similarity)
            print(try LogParseJob.output(report, json: json), terminator: "")
        }
    }
}

/// `faultline logs sessions`: PCA, invariant mining and logistic regression on HDFS sessions.
struct LogsSessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Session anomaly detection on hdfs-100k-sessions: confusion matrix, P/R/F1 and the split's ceiling.",
        discussion: "Example: faultline logs sessions --dataset ../shared/datasets/hdfs-100k-sessions --model all"
    )

    @Option(name: .long, help: "An hdfs-100k-sessions folder (sessions.csv).")
    var dataset: String

    @Option(name: .long, help: "pca | invariants | logreg | all.")
    var model: String = "all"

    @Option(name: .long, help: "PCA column weighting: tfidf | none.")
    var pcaWeighting: String = "tfidf"

    @Option(name: .long, help: "Variance share (0, 1) that fixes PCA's normal subspace.")
    var pcaVariance: Double = 0.95

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            guard pcaWeighting == "tfidf" || pcaWeighting == "none" else {
                throw UsageError("unknown --pca-weighting '\(pcaWeighting)'", hint: "one of: tfidf, none")
            }
            guard pcaVariance > 0, pcaVariance < 1 else { throw UsageError("--pca-variance must lie in (0, 1), got \(pcaVariance)") }
            let models: [LogSessionJob.Model]
            if model == "all" {
                models = LogSessionJob.Model.allCases
            } else if let m = LogSessionJob.Model(rawValue: model) {
                models = [m]
            } else {
                throw UsageError(
                    "unknown model '\(model)'",
                    hint: "one of: \((LogSessionJob.Model.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))")
            }
            let report = try LogSessionJob.run(
                dataset: URL(fileURLWithPath: dataset), models: models,
                pcaTFIDF: pcaWeighting == "tfidf", pcaVariance: pcaVariance)
            print(try LogSessionJob.output(report, json: json), terminator: "")
        }
    }
}

/// `faultline logs windows`: a Faultline dataset's logs mined into per-window template counts.
struct LogsWindows: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "Mine a dataset's log bodies into per-window template counts; GA against recorded template ids.",
        discussion: "Example: faultline logs windows --data Datasets/default-42 --window-ms 60000 --step-ms 60000"
    )

    @Option(name: .long, help: "A Faultline dataset folder (from `faultline simulate` or an importer).")
    var data: String

    @Option(name: .long, help: "Window length in milliseconds (at most 366 days).")
    var windowMs: Int64 = 60_000

    @Option(name: .long, help: "Step between window starts in milliseconds (at most 366 days).")
    var stepMs: Int64 = 60_000

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            let longest: Int64 = 366 * 86_400_000
            guard windowMs > 0, stepMs > 0, windowMs <= longest, stepMs <= longest else {
                throw UsageError("--window-ms and --step-ms must be positive and at most \(longest) (366 days)")
            }
            let report = try LogWindowJob.run(dataset: URL(fileURLWithPath: data), windowMs: windowMs, stepMs: stepMs)
            print(try LogWindowJob.output(report, json: json), terminator: "")
        }
    }
}
