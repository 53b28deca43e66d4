extension LeadTimeEvaluation {
    /// The `results.json` records of one predictor on one dataset (METRICS §7, §11).
    ///
    /// At the run's Δt_l (`main`), overall: `prediction_precision`, `prediction_recall`, `prediction_f`,
    /// `lead_time_median_s`, `lead_time_p10_s`, `lead_time_p90_s`, `false_warnings_per_day`,
    /// `ttf_error_median_s` (when `timeToFailure` is true), `observed_failures`, `predicted_failures`; per fault
    /// kind (`group: {fault_type}`): recall and the three lead-time quantiles. For every evaluation of `grid`
    /// (the same Δt_p at other Δt_l): precision, recall and F with `group: {dt_l_s}`.
    ///
    /// - Parameters:
    ///   - base: parameters every record carries (threshold policy, horizon, split of seeds).
    public static func records(
        dataset: String, seed: UInt64?, model: String, main: LeadTimeEvaluation, grid: [LeadTimeEvaluation], timeToFailure: Bool,
        base: [String: String]
    ) -> [MetricRecord] {
        var out: [MetricRecord] = []
        func add(_ metric: MetricID, _ value: MetricValue, _ e: LeadTimeEvaluation, group: [String: String] = [:]) {
            out.append(
                MetricRecord(
                    dataset: dataset, seed: seed, model: model, metric: metric, value: value,
                    parameters: base.merging(e.recordParameters) { _, b in b }, group: group))
        }
        add(.predictionPrecision, main.precision, main)
        add(.predictionRecall, main.recall, main)
        add(.predictionF, main.f, main)
        add(.leadTimeMedian, main.leadTime(0.5), main)
        add(.leadTimeP10, main.leadTime(0.1), main)
        add(.leadTimeP90, main.leadTime(0.9), main)
        add(.falseWarningsPerDay, main.falseWarningsPerDay, main)
        if timeToFailure { add(.ttfErrorMedian, main.timeToFailureErrorMedian, main) }
        add(.observedFailures, .defined(Double(main.observedFailures)), main)
        add(.predictedFailures, .defined(Double(main.predictedFailures)), main)
        for kind in main.observedByKind.keys.sorted() {
            let g = ["fault_type": kind]
            add(.predictionRecall, main.recall(kind: kind), main, group: g)
            add(.leadTimeMedian, main.leadTime(0.5, kind: kind), main, group: g)
            add(.leadTimeP10, main.leadTime(0.1, kind: kind), main, group: g)
            add(.leadTimeP90, main.leadTime(0.9, kind: kind), main, group: g)
        }
        for e in grid {
            let g = ["dt_l_s": seconds(e.parameters.warningTimeMs)]
            add(.predictionPrecision, e.precision, e, group: g)
            add(.predictionRecall, e.recall, e, group: g)
            add(.predictionF, e.f, e, group: g)
        }
        return out
    }
}

extension MetricID {
    public static let predictionPrecision: MetricID = "prediction_precision"
    public static let predictionRecall: MetricID = "prediction_recall"
    public static let predictionF: MetricID = "prediction_f"
    public static let leadTimeMedian: MetricID = "lead_time_median_s"
    public static let leadTimeP10: MetricID = "lead_time_p10_s"
    public static let leadTimeP90: MetricID = "lead_time_p90_s"
    public static let falseWarningsPerDay: MetricID = "false_warnings_per_day"
    public static let ttfErrorMedian: MetricID = "ttf_error_median_s"
    public static let observedFailures: MetricID = "observed_failures"
    public static let predictedFailures: MetricID = "predicted_failures"
}
