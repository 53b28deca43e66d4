import ArgumentParser
import Foundation
import Workbench

/// `faultline fidelity DATASET --reference PATH`: how realistic a simulated dataset is, against a recording.
struct Fidelity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fidelity",
        abstract: "Compare a dataset with a real recording, statistic by statistic per metric family (a realism report).",
        discussion: """
            Families (cpu, memory, latency, request_rate, errors, network) come from metric names; both sides are \
            resampled to the coarser step. Each row gives the simulated and reference median [IQR] and a verdict \
            (docs/METRICS.md §12). Formats: nezha (root or day folder), smd (<root>/test/<machine>.txt), nab \
            (corpus or one CSV), csv (timestamp,<series>,…), dataset (a Faultline dataset).
            """
    )

    @Argument(help: "The Faultline dataset folder (from `faultline simulate … --out DIR`).")
    var dataset: String

    @Option(name: .long, help: "The recording to compare with (a folder or file).")
    var reference: String

    @Option(name: .long, help: "nezha | smd | nab | csv | dataset (default: inferred from the reference).")
    var format: String?

    @Flag(name: .long, help: "Print the report as one JSON object instead of the table.")
    var json = false

    @Option(name: .long, help: "Also write fidelity.json, fidelity.md and fidelity.html into this folder (atomically).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            let outcome = try FidelityJob.run(
                dataset: URL(fileURLWithPath: dataset), reference: URL(fileURLWithPath: reference), format: format, json: json,
                out: out.map { URL(fileURLWithPath: $0) })
            print(outcome.output, terminator: "")
        }
    }
}
