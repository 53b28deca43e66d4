import ArgumentParser
import Foundation
import Models
import Telemetry
import Workbench

/// `faultline correlate DATASET`: alerts → incidents → pages, scored against the ground truth.
struct Correlate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "Turn per-series alarms into alerts and incidents, and score the grouping (compression, purity, incident recall, pages).",
        discussion: """
            Fits a per-series detector on the dataset's training rows (split: auto), alarms where a series passes the largest \
            score its own training rows reached, makes alerts (a hold of --hold rows, flapping suppressed for --resolve rows, one \
            active alert per series), groups them into incidents by time (--window) and topology (--hops on the call graph, hosts \
            linked to their services), marks incidents a benign change explains, and counts the notifications Alertmanager would \
            send (--group-wait, --group-interval, --repeat-interval). Metrics: docs/METRICS.md §9.
            """
    )

    @Argument(help: "A dataset folder (e.g. written by `faultline simulate default --out DIR`).")
    var dataset: String

    @Option(name: .long, help: "The per-series detector (default zscore, with window=240 unless --param says otherwise).")
    var detector: String?

    @Option(name: .long, help: "key=value for the detector (repeatable).")
    var param: [String] = []

    @Option(name: .long, help: "Consecutive alarmed rows before a series fires (Prometheus `for`).")
    var hold = 2

    @Option(name: .long, help: "Quiet rows after which a firing alert resolves (flapping suppression).")
    var resolve = 20

    @Option(name: .long, help: "Longest quiet time between an incident's activity and an alert that joins it (e.g. 10m).")
    var window = "10m"

    @Option(name: .long, help: "Largest call-graph distance between an alert's entity and an incident's.")
    var hops = 1

    @Option(name: .long, help: "Alertmanager group_wait.")
    var groupWait = "30s"

    @Option(name: .long, help: "Alertmanager group_interval.")
    var groupInterval = "5m"

    @Option(name: .long, help: "Alertmanager repeat_interval.")
    var repeatInterval = "4h"

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .long, help: "Also write correlation.json and correlation.md into this folder (atomically).")
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors {
            func duration(_ text: String, _ flag: String) throws -> Int64 {
                guard let ms = DurationText.milliseconds(text), ms >= 0, ms <= 366 * 86_400_000 else {
                    throw UsageError("\(flag) must be a duration like 30s, 10m or 4h (at most 366d), got '\(text)'")
                }
                return Int64(ms)
            }
            guard (1...10_000).contains(hold) else { throw UsageError("--hold must be 1…10000 rows, got \(hold)") }
            guard (1...100_000).contains(resolve) else { throw UsageError("--resolve must be 1…100000 rows, got \(resolve)") }
            guard (0...100).contains(hops) else { throw UsageError("--hops must be 0…100, got \(hops)") }
            var s = CorrelateJob.Settings()
            if let detector {
                s.detector = detector
                s.parameters = [:]
            }
            s.parameters.merge(try ModelRegistry.parameters(fromAssignments: param, model: s.detector)) { $1 }
            s.rules = AlertRules(holdRows: hold, resolveRows: resolve)
            s.windowMs = try duration(window, "--window")
            s.hops = hops
            s.policy = NotificationPolicy(
                groupWaitMs: try duration(groupWait, "--group-wait"), groupIntervalMs: max(1000, try duration(groupInterval, "--group-interval")),
                repeatIntervalMs: max(1000, try duration(repeatInterval, "--repeat-interval")))
            let outcome = try CorrelateJob.run(
                folder: URL(fileURLWithPath: dataset), settings: s, json: json, out: out.map { URL(fileURLWithPath: $0) })
            print(outcome.output, terminator: "")
        }
    }
}
