import ArgumentParser
import Foundation
import Workbench

/// `faultline export DATASET --format FORMAT --out PATH`: a dataset in a format other tools read.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a dataset as OpenMetrics, Prometheus query_range JSON, a NAB corpus or CSV.",
        discussion: """
            openmetrics: timestamps and a faultline_fault_active ground-truth series, for promtool tsdb \
            create-blocks-from openmetrics and Grafana. query-range: one /api/v1/query_range response. nab: a folder \
            data/<name>/<series>.csv + labels/combined_windows.json. csv: timestamp,<series>,… and FILE.labels.json. \
            Written atomically; what a format cannot hold is printed as a note (docs/INTEROP.md).
            """
    )

    @Argument(help: "The dataset folder.")
    var dataset: String

    @Option(name: .long, help: "openmetrics | query-range | nab | csv.")
    var format: String

    @Option(name: .long, help: "The file (a folder for nab) to write.")
    var out: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            guard !out.isEmpty else { throw UsageError("--out is empty; name the file to write") }
            let text = try ExportJob.run(dataset: URL(fileURLWithPath: dataset), format: format, out: URL(fileURLWithPath: out))
            if !global.quiet { print(text, terminator: "") }
        }
    }
}
