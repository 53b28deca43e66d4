import ArgumentParser
import Foundation
import Workbench

/// `faultline import FORMAT PATH… --out DATASET`: foreign telemetry to a dataset folder.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import foreign telemetry (CSV, Prometheus query_range JSON, OpenMetrics, NAB, SMD, RCAEval, Nezha) as a dataset.",
        discussion: """
            Formats: csv, query-range, openmetrics, prom-text, nab, smd, rcaeval, nezha (docs/INTEROP.md). Every \
            repair (rows sorted, duplicates merged by the named policy, gaps filled with NaN, zone assumed) is printed; \
            anything else that does not fit is an error naming the file, line and column (exit 3).
            """
    )

    @Argument(help: "The format: csv | query-range | openmetrics | prom-text | nab | smd | rcaeval | nezha.")
    var format: String

    @Argument(help: "Input files (query-range, openmetrics and prom-text merge several) or folder.")
    var paths: [String]

    @Option(name: .long, help: "The dataset folder to write.")
    var out: String

    @Option(name: .long, help: "The dataset's name (default: the --out folder's name).")
    var name: String?

    @Option(name: .long, help: "csv: the time column's header name (default: the first column).")
    var timeColumn: String?

    @Option(name: .long, help: "csv: a column of 0/1 fault labels (each run of 1s is a fault).")
    var labelColumn: String?

    @Option(name: .long, help: "csv: a label-windows JSON file ([[start, end], …] or [{\"start\",\"end\",\"kind\",\"target\"}, …]).")
    var labels: String?

    @Option(name: .long, help: "csv: the field separator, one character or 'tab' (default ',').")
    var delimiter: String?

    @Option(name: .long, help: "csv: the entity of columns not named entity/metric (default: the file's name).")
    var entity: String?

    @Option(name: .long, help: "Rows sharing a timestamp: last | first | mean | error (default last; always reported).")
    var duplicates: String = "last"

    @Option(name: .long, help: "Missing steps: auto | fill | keep (default auto: fill with NaN when that at most doubles the rows).")
    var gaps: String = "auto"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            var delim: UInt8?
            if let delimiter {
                if delimiter == "tab" || delimiter == "\\t" {
                    delim = 0x09
                } else {
                    guard delimiter.utf8.count == 1, let d = delimiter.utf8.first, d != 0x0A, d != 0x0D, d != 0x22 else {
                        throw UsageError("--delimiter must be one ASCII character (or 'tab'), got '\(delimiter)'")
                    }
                    delim = d
                }
            }
            guard let outURL = try outFolder(out) else { return }
            let csv = ImportJob.CSVFlags(timeColumn: timeColumn, labelColumn: labelColumn, delimiter: delim, entity: entity)
            let outcome = try ImportJob.run(
                format: format, paths: paths, out: outURL, name: name, csv: csv, labels: labels, duplicates: duplicates, gaps: gaps)
            if !global.quiet { print(outcome.output, terminator: "") }
        }
    }
}
