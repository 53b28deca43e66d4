/// Computes the whole metric panel for one run (METRICS §2, §3, §3.1, §3.2, §6).
///
/// Labels become one event list, scores at θ one alarm track; every metric reads those two, so the same
/// alarms are never counted two ways. Every record carries θ and the policy; each metric adds its own
/// parameters (K grid, α/γ/δ, early/late tolerances, step).
///
/// - Parameter input: the run's labels, timestamps, scores and threshold.
/// - Returns: typed results and the records.
/// - Throws: `EvaluationError` for misaligned inputs, non-finite scores, malformed windows or parameters.
/// - Complexity: O(n log n) (two sorts for AP and ROC-AUC); everything else O(n).
public func evaluatePanel(_ input: PanelInput) throws -> PanelResult {
    let series = input.dataset
    guard input.scores.count == input.timestamps.count else {
        throw EvaluationError.lengthMismatch(series: series, what: "scores", expected: input.timestamps.count, actual: input.scores.count)
    }
    guard input.warmUpRows >= 0 && input.warmUpRows <= input.scores.count else {
        throw EvaluationError.invalidParameter(name: "warmUpRows", reason: "\(input.warmUpRows) outside 0…\(input.scores.count)")
    }
    let scores = Array(input.scores[input.warmUpRows...])
    if let r = input.rankingScores, r.count != input.scores.count {
        throw EvaluationError.lengthMismatch(series: series, what: "ranking scores", expected: input.scores.count, actual: r.count)
    }
    // Threshold-free metrics read the model's scores, never a margin over a threshold (METRICS §2).
    let ranking = input.rankingScores.map { Array($0[input.warmUpRows...]) } ?? scores
    let timestamps = Array(input.timestamps[input.warmUpRows...])
    let timeline: EventTimeline
    if let labels = input.pointLabels {
        guard labels.count == input.scores.count else {
            throw EvaluationError.lengthMismatch(series: series, what: "point labels", expected: input.scores.count, actual: labels.count)
        }
        timeline = try EventTimeline(series: series, pointLabels: Array(labels[input.warmUpRows...]), timestamps: timestamps)
    } else {
        timeline = try EventTimeline(series: series, windows: input.windows, timestamps: timestamps)
    }
    let alarms = try AlarmTrack(series: series, scores: scores, threshold: input.threshold)
    let events = timeline.eventRows
    let counts = ConfusionCounts(labels: timeline.labels, alarms: alarms.alarms)
    let (ap, roc) = RankingMetrics.averagePrecisionAndROCAUC(scores: ranking, labels: timeline.labels)
    let apChance = RankingMetrics.averagePrecisionChance(labels: timeline.labels)
    let detected = PointAdjustment.detectedRows(events: events, alarms: alarms.alarms)
    let curve = try PointAdjustment.curve(base: counts, events: events, detected: detected, grid: input.kGrid)
    let eventWise = EventWiseMetrics(events: events, episodes: alarms.episodes)
    let range = try RangeBasedMetrics(real: events, predicted: alarms.episodes, parameters: input.range)
    let affiliation = AffiliationMetrics(rowCount: timeline.rowCount, events: events, episodes: alarms.episodes)
    let timing = try DetectionTiming(timeline: timeline, alarms: alarms, parameters: input.timing)
    let rangeAUC = try input.vusMaxBuffer.map { try RangeAUC(scores: ranking, events: events, maxBuffer: $0) }

    var base: [String: String] = ["threshold": "\(input.threshold)", "threshold_policy": input.thresholdPolicy]
    if input.warmUpRows > 0 { base["warm_up_rows"] = "\(input.warmUpRows)" }
    if timeline.windowsWithoutRows > 0 { base["windows_without_rows"] = "\(timeline.windowsWithoutRows)" }
    var records: [MetricRecord] = []
    func add(_ metric: MetricID, _ value: MetricValue, _ extra: [String: String] = [:]) {
        records.append(
            MetricRecord(
                dataset: input.dataset, seed: input.seed, model: input.model, metric: metric,
                value: value, parameters: base.merging(extra) { $1 }))
    }
    let grid = ["k_grid": input.kGrid.map(String.init).joined(separator: ",")]
    let rangeParams = input.range.printable
    let timingParams = ["early_s": "\(Double(input.timing.earlyMs) / 1000)", "late_s": "\(Double(input.timing.lateMs) / 1000)"]
    add("precision", counts.precision)
    add("recall", counts.recall)
    add("f1", counts.f1)
    add("auc_pr", ap, ["threshold_free": "true"])
    add("auc_pr_chance", apChance, ["threshold_free": "true"])
    add("roc_auc", roc, ["threshold_free": "true"])
    add(
        "roc_auc_chance", .defined(0.5).definedOnly(if: roc.value != nil, else: roc.undefinedReason ?? "undefined"),
        ["threshold_free": "true"])
    add("pa_f1", PointAdjustment.f1(base: counts, events: events, detected: detected))
    var paParams = grid
    for p in curve.points { paParams["f1_k\(p.k)"] = p.f1.description }
    add("pa_k_auc", curve.auc, paParams)
    add("event_recall", eventWise.recall)
    add("event_precision", eventWise.precision)
    add("composite_f", eventWise.compositeF(pointPrecision: counts.precision))
    add("range_precision", range.precision, rangeParams)
    add("range_recall", range.recall, rangeParams)
    add("range_f1", range.f, rangeParams)
    add("affiliation_precision", affiliation.precision)
    add("affiliation_recall", affiliation.recall)
    if let rangeAUC {
        let vusParams = [
            "L": "\(rangeAUC.maxBuffer)", "vus_thresholds": rangeAUC.thresholds.printable, "threshold_free": "true",
        ]
        add("vus_roc", rangeAUC.vusROC, vusParams)
        add("vus_pr", rangeAUC.vusPR, vusParams)
    }
    add(
        "time_to_detect_median_s", timing.medianTimeToDetect,
        timingParams.merging([
            "p90_s": timing.p90TimeToDetect.description, "mean_s": timing.meanTimeToDetect.description,
            "detected_events": "\(timing.detectedCount)", "missed_events": "\(timing.missedCount)",
        ]) { $1 })
    add("mttd_s", timing.meanTimeToDetect, timingParams.merging(["missed_events": "\(timing.missedCount)"]) { $1 })
    add("missed_events", .defined(Double(timing.missedCount)), timingParams.merging(["events": "\(timeline.events.count)"]) { $1 })
    add("impact_lead_time_median_s", timing.medianImpactLead, timingParams)
    for band in SeverityBand.allCases {
        guard let recall = SeverityBand.recall(band, events: timeline.events, delays: timing.delaysSeconds) else { continue }
        add(band.metric, recall.value, timingParams.merging(["peak_z": band.range, "events": "\(recall.events)"]) { $1 })
    }
    add(
        "false_alarms_per_day", timing.falseAlarmsPerDay,
        timingParams.merging([
            "step_ms": "\(timing.stepMs)", "scored_days": "\(timing.scoredDays)",
            "false_alarm_episodes": "\(timing.falseAlarmEpisodes)",
        ]) { $1 })
    return PanelResult(
        timeline: timeline, alarms: alarms, counts: counts, averagePrecision: ap, rocAUC: roc,
        paK: curve, eventWise: eventWise, range: range, affiliation: affiliation, timing: timing,
        rangeAUC: rangeAUC, records: records)
}
