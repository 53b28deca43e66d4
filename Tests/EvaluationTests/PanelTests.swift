import Evaluation
import Telemetry
import Testing

@Suite struct PanelTests {
    static let identifiers: [MetricID] = [
        "precision", "recall", "f1", "auc_pr", "roc_auc", "pa_f1", "pa_k_auc", "event_recall",
        "event_precision", "composite_f", "range_precision", "range_recall", "range_f1",
        "affiliation_precision", "affiliation_recall", "time_to_detect_median_s", "mttd_s",
        "missed_events", "impact_lead_time_median_s", "false_alarms_per_day",
    ]

    static func input(scores: [Double] = RunningExample.scores, threshold: Double = 0.5) -> PanelInput {
        PanelInput(
            dataset: "running", model: "m", seed: 7, timestamps: RunningExample.timestamps,
            windows: RunningExample.windows, scores: scores, threshold: threshold, thresholdPolicy: "fixed 0.5")
    }

    @Test func panelEmitsEveryMetricIdentifierAndChanceLevels() throws {
        let r = try evaluatePanel(Self.input())
        let names = Set(r.records.map(\.metric))
        for id in Self.identifiers { #expect(names.contains(id), "missing \(id)") }
        #expect(names.contains("auc_pr_chance") && names.contains("roc_auc_chance"))
        #expect(r.records.allSatisfy { $0.dataset == "running" && $0.model == "m" && $0.seed == 7 })
        #expect(r.records.allSatisfy { $0.parameters["threshold"] == "0.5" && $0.parameters["threshold_policy"] == "fixed 0.5" })
        #expect(r.record("pa_k_auc")?.parameters["k_grid"] == "0,10,20,30,40,50,60,70,80,90,100")
        #expect(r.record("range_f1")?.parameters["gamma"] == "one")
        #expect(r.record("range_f1")?.parameters["delta_recall"] == "flat")
    }

    @Test func panelReproducesTheRunningExample() throws {
        let r = try evaluatePanel(Self.input())
        func v(_ id: MetricID) -> MetricValue { r.record(id)?.metricValue ?? .undefined("missing") }
        #expect(close(v("precision"), 0.75))
        #expect(close(v("recall"), 0.3))
        #expect(sixDecimals(v("f1"), 0.428571))
        #expect(sixDecimals(v("pa_f1"), 0.952381))
        #expect(sixDecimals(v("pa_k_auc"), 0.594444))
        #expect(v("event_recall") == .defined(1))
        #expect(close(v("event_precision"), 2.0 / 3.0))
        #expect(sixDecimals(v("composite_f"), 0.857143))
        #expect(sixDecimals(v("range_precision"), 0.666667))
        #expect(sixDecimals(v("range_recall"), 0.291667))
        #expect(sixDecimals(v("range_f1"), 0.405797))
        #expect(close(v("auc_pr_chance"), 0.5))
        #expect(v("roc_auc_chance") == .defined(0.5))
        // Rows one second apart: A detected 2 s after its start, B 1 s after.
        #expect(v("mttd_s") == .defined(1.5))
        #expect(v("time_to_detect_median_s") == .defined(1.5))
        #expect(v("missed_events") == .defined(0))
        #expect(v("impact_lead_time_median_s").undefinedReason != nil)
        // One false episode (row 9) over 20 s.
        #expect(close(v("false_alarms_per_day"), 86_400.0 / 20.0))
    }

    @Test func perfectDetectorScoresOneOnThePRFFamily() throws {
        let scores = RunningExample.labels.map { $0 ? 0.9 : 0.1 }
        let r = try evaluatePanel(Self.input(scores: scores))
        for id: MetricID in [
            "precision", "recall", "f1", "auc_pr", "roc_auc", "pa_f1", "pa_k_auc", "event_recall", "event_precision",
            "composite_f", "range_precision", "range_recall", "range_f1", "affiliation_precision", "affiliation_recall",
        ] {
            #expect(close(r.record(id)?.metricValue ?? .undefined(""), 1), "\(id)")
        }
        #expect(r.record("mttd_s")?.value == 0)
        #expect(r.record("false_alarms_per_day")?.value == 0)
    }

    @Test func allZeroDetectorHasRecallZeroF1ZeroAndUndefinedPrecision() throws {
        let r = try evaluatePanel(Self.input(scores: [Double](repeating: 0, count: 20)))
        #expect(r.record("recall")?.value == 0)
        #expect(r.record("f1")?.value == 0)
        #expect(r.record("precision")?.value == nil)
        #expect(r.record("precision")?.undefinedReason?.isEmpty == false)
        #expect(r.record("event_precision")?.undefinedReason?.isEmpty == false)
        #expect(r.record("range_precision")?.undefinedReason?.isEmpty == false)
        #expect(r.record("affiliation_precision")?.undefinedReason?.isEmpty == false)
        #expect(r.record("mttd_s")?.undefinedReason?.isEmpty == false)
        #expect(r.record("missed_events")?.value == 2)
        #expect(r.record("composite_f")?.value == 0)
        // Constant scores: AUC is chance.
        #expect(r.record("roc_auc")?.value == 0.5)
    }

    @Test func undefinedMetricsCarryReasonsAndNeverNaN() throws {
        var inp = Self.input()
        inp.windows = []
        let r = try evaluatePanel(inp)
        for rec in r.records {
            if let v = rec.value { #expect(!v.isNaN, "\(rec.metric)") } else { #expect(rec.undefinedReason?.isEmpty == false, "\(rec.metric)") }
        }
        #expect(r.record("recall")?.value == nil)
        #expect(r.record("roc_auc")?.value == nil)
        #expect(r.record("roc_auc_chance")?.value == nil)
        #expect(r.record("event_recall")?.undefinedReason == "no events")
    }

    @Test(arguments: [1, 2, 3])
    func permutingRowsFarFromEventsAndAlarmsChangesNothing(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let n = 400
        let ts = (0..<n).map { Int64($0) * 60_000 }
        let windows = [LabelWindow(startMs: 100 * 60_000, endMs: 120 * 60_000), LabelWindow(startMs: 300 * 60_000, endMs: 310 * 60_000)]
        var scores = (0..<n).map { _ in g.unit() * 0.8 }
        for t in [105, 108, 200, 301, 350] { scores[t] = 0.95 }
        let base = try evaluatePanel(
            PanelInput(
                dataset: "d", model: "m", timestamps: ts, windows: windows, scores: scores,
                threshold: 0.9, thresholdPolicy: "fixed"))
        // Rows 0–79 and 130–190 are far from every event and alarm: shuffle their scores among them.
        let far = Array(0..<80) + Array(130...190)
        var shuffled = far
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        var permuted = scores
        for (i, j) in zip(far, shuffled) { permuted[i] = scores[j] }
        #expect(permuted != scores)
        let after = try evaluatePanel(
            PanelInput(
                dataset: "d", model: "m", timestamps: ts, windows: windows, scores: permuted,
                threshold: 0.9, thresholdPolicy: "fixed"))
        #expect(base.records == after.records)
    }

    @Test func warmUpRowsAreExcludedFromEveryMetric() throws {
        var inp = Self.input()
        inp.warmUpRows = 10
        let r = try evaluatePanel(inp)
        // Only B (rows 12–17 → 2–7 after warm-up) and alarms 13, 14 remain.
        #expect(r.timeline.rowCount == 10)
        #expect(r.record("precision")?.value == 1)
        #expect(close(r.record("recall")?.metricValue ?? .undefined(""), 2.0 / 6.0))
        #expect(r.record("f1")?.parameters["warm_up_rows"] == "10")
    }

    @Test func nonFiniteScoreIsAnError() {
        var s = RunningExample.scores
        s[3] = .nan
        #expect(throws: EvaluationError.self) { try evaluatePanel(Self.input(scores: s)) }
    }
}
