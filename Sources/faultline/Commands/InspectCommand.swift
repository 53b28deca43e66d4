import ArgumentParser
import Foundation
import Workbench

/// `faultline inspect <dataset>`: validates a stored dataset and summarises it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Validate a dataset folder and summarise it: time span, series, faults, records, files.",
        discussion: """
            Every file's length and SHA-256 are checked against manifest.json first, then what `score` and \
            `evaluate` check (npy headers, timestamps, ground truth, every JSON line); a damaged dataset exits 3 \
            with the file (and line or key) named.
            """
    )

    @Argument(help: "The dataset folder (holding manifest.json).")
    var dataset: String

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            print(try InspectJob.output(dataset: URL(fileURLWithPath: dataset), json: json))
        }
    }
}
