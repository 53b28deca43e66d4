import Evaluation
import Foundation
import Models
import Reports
import Telemetry

/// `faultline correlate DATASET`: per-series alarms → alerts (hold, flapping suppression, deduplication) →
/// incidents (time and topology; benign changes explain some) → notifications, scored against the ground
/// truth (METRICS §9).
///
/// The dataset's automatic split (`split: auto`) gives the training rows; a univariate detector (a rolling z-score by
/// default) is fitted on them per series, and each series' threshold is the largest score its own training
/// rows reached (no training row alarms; no label is read). Alerts are taken on the scored rows only.
public enum CorrelateJob {
    /// Settings of one run.
    public struct Settings: Sendable {
        /// The rolling z-score with the default suite's one-hour window (at 15 s); see docs/CORRELATION.md for how it was chosen.
        public var detector = "zscore"
        public var parameters: [String: String] = ["window": "240"]
        public var rules = AlertRules()
        public var windowMs: Int64 = 600_000
        public var hops = 1
        public var benignMarginMs: Int64 = 600_000
        public var policy = NotificationPolicy()
        public init() {}
    }

    public struct Outcome: Sendable {
        public var output: String
        public var files: [URL]
        public var report: CorrelationReport
    }

    /// How long after a fault its alerts are still attributed to it (the simulator's tail).
    static let tailMs: Int64 = 15 * 60_000

    /// Runs the correlation on the dataset in `folder`.
    ///
    /// - Throws: `UsageError` for an unknown detector or parameter; `DataError` for a dataset that cannot be
    ///   read or split, or a detector without per-series scores.
    public static func run(folder: URL, settings: Settings, json: Bool, out: URL?, registry: ModelRegistry = .standard) throws -> Outcome {
        let ds = try StoredDataset.read(folder)
        let plan = try SplitPlan.make(ds, .auto)
        let frame = ds.frame
        let train = plan.trainRows
        var detector: any AnomalyDetector
        do {
            detector = try registry.make(
                name: settings.detector, parameters: settings.parameters, seed: 1, kinds: ds.series.map(\.kind), dataRows: frame.rows)
        } catch let e as ModelError {
            throw UsageError(e.description, hint: "per-series detectors: zscore, mad, ewma, … (`faultline models list`)")
        }
        try detector.fit(training: frame.rows(0..<train))
        guard let trained = try detector.scores(for: frame.rows(0..<train)).perSeries,
            let scored = try detector.scores(for: frame.rows(train..<frame.rows)).perSeries
        else {
            throw UsageError("'\(settings.detector)' gives no per-series scores", hint: "use a per-series detector (zscore, mad, ewma, …)")
        }
        let times = Array(ds.timestamps[train...])
        var alerts: [Alert] = []
        for c in 0..<frame.columns {
            var theta = -Double.infinity
            for v in trained.column(c) where v.isFinite { theta = max(theta, v) }
            let flags = scored.column(c).map { $0.isFinite && theta.isFinite && $0 > theta }
            flags.withUnsafeBufferPointer { f in
                alerts += settings.rules.alerts(
                    alarms: f, timestamps: times, series: c, seriesId: ds.series[c].id, entity: ds.series[c].entity)
            }
        }
        let grouper = IncidentGrouper(
            topology: ds.topology, windowMs: settings.windowMs, hops: settings.hops, benignMarginMs: settings.benignMarginMs)
        let benign = ds.groundTruth.benignChanges.filter { $0.endMs >= (times.first ?? 0) }
        let incidents = grouper.group(alerts, benign: benign, policy: settings.policy)
        let labels = alerts.map { label($0, plan.faultWindows) }
        let inputs = incidents.map { inc in
            CorrelationScore.IncidentInput(
                alertLabels: inc.alerts.map { labels[$0] }, startMs: inc.startMs, explained: inc.explainedBy != nil,
                notifications: inc.notifications)
        }
        let faults = plan.faultWindows.map { (id: $0.fault.id, startMs: $0.fault.injectionStartMs) }
        let step = ds.axis.stepMs
        let days = Double((times.last ?? 0) - (times.first ?? 0) + step) / 86_400_000
        let score = CorrelationScore(incidents: inputs, faults: faults, scoredDays: days)
        let printed: [String: String] = [
            "hold_rows": "\(settings.rules.holdRows)", "resolve_rows": "\(settings.rules.resolveRows)", "window_s": "\(settings.windowMs / 1000)",
            "hops": "\(settings.hops)", "benign_margin_s": "\(settings.benignMarginMs / 1000)",
            "group_wait_s": "\(settings.policy.groupWaitMs / 1000)", "group_interval_s": "\(settings.policy.groupIntervalMs / 1000)",
            "repeat_interval_s": "\(settings.policy.repeatIntervalMs / 1000)", "threshold": "per-series maximum of the training scores",
            "train_rows": "\(train)",
        ].merging(settings.parameters.mapKeys { "param." + $0 }) { $1 }
        let records = score.records(dataset: ds.info.name, seed: ds.info.seed, model: settings.detector, parameters: printed)
        let labelled = Set(inputs.compactMap(\.label))
        let rows = incidents.enumerated().map { k, inc in
            CorrelationReport.IncidentRow(
                id: "g\(k + 1)", startMs: inc.startMs, endMs: inc.endMs, alerts: inc.alerts.count, entities: inc.entities,
                label: inputs[k].label, explainedBy: inc.explainedBy, notifications: inc.notifications)
        }
        let report = CorrelationReport(
            dataset: folder.path, detector: settings.detector, settings: printed, records: records, incidents: rows,
            faults: Dictionary(uniqueKeysWithValues: faults.map { ($0.id, labelled.contains($0.id)) }))
        let files = try out.map { try CorrelationReportWriter.write(report, to: $0) } ?? []
        var text = json ? try report.json() : report.text()
        if !json, let out { text += "\nwrote     \(CorrelationReportWriter.files.joined(separator: ", ")) to \(out.path)\n" }
        return Outcome(output: text, files: files, report: report)
    }

    /// The fault an alert belongs to: one whose affected series it is and inside whose window (plus the
    /// tail) it fires; the earliest such fault, or nil (noise).
    static func label(_ a: Alert, _ windows: [(window: ClosedRange<Int64>, fault: FaultRecord)]) -> String? {
        windows.first { w in
            a.startMs >= w.window.lowerBound && a.startMs <= w.window.upperBound + tailMs
                && w.fault.affectedSeries.contains { $0.seriesId == a.seriesId }
        }?.fault.id
    }
}

extension Dictionary where Key == String {
    fileprivate func mapKeys(_ f: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (f($0.key), $0.value) })
    }
}
