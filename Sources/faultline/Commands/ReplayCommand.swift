import ArgumentParser
import Foundation
import Workbench

/// `faultline replay DATASET`: feed a recording through streaming models as if live.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a dataset row by row through the streaming models of a spec, as if live; report alarms and time to detect.",
        discussion: """
            DATASET is a dataset folder (`faultline import`, `faultline simulate`). The models, parameters and \
            thresholds come from --spec (default: the built-in default suite); the training rows are the \
            dataset's declared ones, else the first day (the first half of a shorter recording), the first \
            --train-hours, or those of another recording (--train-on: its rows after its last labelled fault). Each model is fitted on them, then fed every later row in time order; each alarm is \
            known at the row that raises it and printed on a terminal as it fires. The run is evaluated like \
            `faultline evaluate` (same report files) and alarms.csv lists every alarm episode with the fault \
            it fell in and its time to detect.
            """)

    @Argument(help: "Dataset folder.")
    var dataset: String

    @Option(name: .long, help: "Experiment spec (YAML path or built-in suite name) whose models are replayed.")
    var spec: String = "default"

    @Option(name: .long, help: "Comma-separated model names replacing the spec's models (default parameters, the spec's threshold).")
    var models: String?

    @Option(name: .long, help: "Train on the first H hours instead of the automatic split.")
    var trainHours: Double?

    @Option(name: .long, help: "Train on another recording of the same system: its rows after its last labelled fault.")
    var trainOn: String?

    @Option(
        name: .long, parsing: .singleValue,
        help:
            "Write a simulator fault into the recording first: kind=K,target=ENTITY,at=OFFSET|ISO[,for=15m][,z=6|intensity=mild|severe] (repeatable)."
    )
    var inject: [String] = []

    @Option(name: .long, help: "max (no waiting), realtime, or N× the recording's clock (e.g. 60x).")
    var speed: String = "max"

    @Option(name: .long, help: "Run folder (default Results/replay-<dataset name>).")
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "Worker threads across models (1 to 1024; paced replays run every model at once).")
    var jobs: Int = 2

    @Flag(name: .long, help: "Leave out run times, row latencies and the git revision, so equal runs give byte-identical reports.")
    var noTimings = false

    @OptionGroup var global: GlobalOptions

    func validate() throws { try validateJobs(jobs) }

    func run() throws {
        try runReportingErrors {
            Runtime.configure(blasThreads: global.blasThreads)
            let request = ReplayJob.Request(
                datasetPath: dataset, spec: spec, trainHours: trainHours, trainOn: trainOn, inject: inject,
                models: models.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                speed: try ReplaySpeed(parsing: speed),
                out: try outFolder(out),
                jobs: jobs, quiet: global.quiet, recordTimings: !noTimings, command: commandLine())
            let outcome = try ReplayJob.run(request)
            print(outcome.summary, terminator: "")
            print("alarms: \(outcome.folder.appendingPathComponent(ReplayJob.alarmsFile).path)")
            print("report: \(outcome.folder.appendingPathComponent("report.html").path)")
        }
    }
}
