import ArgumentParser
import Foundation
import Workbench

/// `faultline nab …`: run detectors over the Numenta Anomaly Benchmark corpus.
struct NABCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nab",
        abstract: "Run a registered detector over the NAB corpus and write NAB-layout results.",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )

    /// `faultline nab run --detector NAME [--param k=v …] --corpus DIR --out DIR [--jobs J]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every corpus file with one detector (streaming, causal) and write <out>/<category>/<detector>_<name>.csv.",
            discussion: """
                Each file is scored from scratch, in row order and causally: a fresh detector learns on the file's \
                NAB probation rows p = min(⌊0.15·n⌋, 750) as they stream by, then scores the rest (a detector \
                with a 'probation' parameter is given p unless --param sets it). \
                Raw scores are mapped into [0, 1] by --calibration (auto: as they are for the novelty family, \
                else the causal anomaly likelihood). Score the output with \
                `faultline score nab --corpus DIR --results OUT --optimize`.
                """
        )

        @Option(name: .long, help: "Registered detector name (faultline models list).")
        var detector: String

        @Option(name: .long, parsing: .singleValue, help: "Detector parameter key=value (repeatable).")
        var param: [String] = []

        @Option(name: .long, help: "NAB corpus folder (data/, labels/combined_windows.json).")
        var corpus: String = "../shared/datasets/nab"

        @Option(name: .long, help: "Results folder to write.")
        var out: String

        @Option(name: .long, parsing: .unconditional, help: "Worker threads, 1 to 1024 (output is identical for any value).")
        var jobs: Int = 2

        @Option(name: .long, parsing: .upToNextOption, help: "Only corpus files whose name contains one of these strings.")
        var files: [String] = []

        @Option(name: .long, help: "auto | none | likelihood | squash.")
        var calibration: String = "auto"

        @Option(name: .long, parsing: .unconditional, help: "Seed for randomised detectors (0 to 2^64 − 1).", transform: parseSeed)
        var seed: UInt64 = 0

        @OptionGroup var global: GlobalOptions

        func validate() throws { try validateJobs(jobs) }

        func run() throws {
            try runReportingErrors {
                guard let cal = NABCalibration(rawValue: calibration) else {
                    throw UsageError(
                        "unknown calibration '\(calibration)'",
                        hint: "one of: \(NABCalibration.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let parameters = try ModelCatalog.parameters(fromAssignments: param, model: detector)
                let run = NABRun(
                    corpus: URL(fileURLWithPath: corpus), out: URL(fileURLWithPath: out), detector: detector,
                    parameters: parameters, jobs: jobs, fileFilter: files.isEmpty ? nil : files,
                    calibration: cal, seed: seed)
                let outcome = try run.run()
                if !global.quiet {
                    let secs = String(format: "%.2f", outcome.seconds)
                    print(
                        "\(detector): \(outcome.files.count) files, \(outcome.rows) rows, calibration \(outcome.calibration.rawValue), \(secs) s → \(out)"
                    )
                }
            }
        }
    }
}
