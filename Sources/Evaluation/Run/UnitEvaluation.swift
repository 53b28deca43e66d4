import Telemetry

/// One evaluation unit — a model's scores on one dataset's scored span, with the threshold its policy
/// chose — as Evaluation needs it. The workbench fits, scores and thresholds (Models' job); everything
/// after that is `evaluateUnit`.
public struct UnitInput: Sendable {
    /// The threshold the policy produced: one θ, or one per row (SPOT/DSPOT).
    public enum Threshold: Sendable {
        case constant(Double)
        case perRow([Double])
    }

    /// What HitRate needs beyond the panel: the faults' affected columns and the model's contributions.
    public struct Contributions: Sendable {
        /// The labelled faults of the dataset.
        public var faults: [HitRate.LabelledFault]
        /// The dataset's column count.
        public var seriesCount: Int
        /// Per-series contributions over every row of the dataset, if the model gives them.
        public var frame: MetricFrame?
        /// Why the contributions are over other features than the dataset's series, or nil.
        public var foreignFeatures: String?
        /// The dataset row of the first row of `UnitInput.timestamps`.
        public var firstRow: Int

        public init(faults: [HitRate.LabelledFault], seriesCount: Int, frame: MetricFrame?, foreignFeatures: String?, firstRow: Int) {
            self.faults = faults
            self.seriesCount = seriesCount
            self.frame = frame
            self.foreignFeatures = foreignFeatures
            self.firstRow = firstRow
        }
    }

    public var dataset: String
    public var seed: UInt64?
    public var model: String
    /// Timestamps of the scored span (before the warm-up is dropped).
    public var timestamps: [Int64]
    /// Label windows (epoch ms).
    public var windows: [LabelWindow]
    /// Scores of the scored span, one per timestamp.
    public var scores: [Double]
    public var threshold: Threshold
    /// The policy as printed (`budget 1/day → θ = …`).
    public var thresholdPolicy: String
    /// Best-on-test: every panel record is marked an upper bound.
    public var isUpperBound: Bool
    /// Leading rows of the span left out of every metric.
    public var warmUpRows: Int
    /// Bootstrap intervals on event recall and MTTD, when asked for.
    public var bootstrap: EventBootstrap?
    /// Cost records (`fit_s`, `score_s`, `points_per_s`), appended as given.
    public var cost: [(MetricID, Double)]
    public var contributions: Contributions
    /// VUS's largest buffer L (rows), chosen without labels (`DominantPeriod.vusMaxBuffer`); nil: no VUS.
    public var vusMaxBuffer: Int?

    public init(
        dataset: String, seed: UInt64?, model: String, timestamps: [Int64], windows: [LabelWindow], scores: [Double],
        threshold: Threshold, thresholdPolicy: String, isUpperBound: Bool, warmUpRows: Int, bootstrap: EventBootstrap?,
        cost: [(MetricID, Double)], contributions: Contributions, vusMaxBuffer: Int? = nil
    ) {
        self.dataset = dataset
        self.seed = seed
        self.model = model
        self.timestamps = timestamps
        self.windows = windows
        self.scores = scores
        self.threshold = threshold
        self.thresholdPolicy = thresholdPolicy
        self.isUpperBound = isUpperBound
        self.warmUpRows = warmUpRows
        self.bootstrap = bootstrap
        self.cost = cost
        self.contributions = contributions
        self.vusMaxBuffer = vusMaxBuffer
    }
}

/// What `evaluateUnit` returns: the records, and what the report plots.
public struct UnitEvaluation: Sendable {
    /// Every record of the unit, in report order (panel, cost, HitRate).
    public var records: [MetricRecord]
    /// Alarm episodes of the scored rows, in epoch ms.
    public var episodes: [TimeWindow]
    /// The precision–recall curve of the scored rows, when there is one.
    public var prCurve: PRCurve?
    /// Time to detect of each detected event (s).
    public var delays: [Double]
}

/// Evaluates one unit: the metric panel (METRICS §2–§6) at its threshold, the bootstrap intervals, the
/// upper-bound label, the cost records, HitRate@100/150 (§8), the alarm episodes and the PR curve.
///
/// A per-row threshold (SPOT/DSPOT) makes its alarms as the margin over it, at θ = 0; the threshold-free
/// metrics (AUC-PR, ROC-AUC, the PR curve) always read the model's own scores.
///
/// - Throws: `EvaluationError` for misaligned inputs, non-finite scores or malformed windows.
public func evaluateUnit(_ input: UnitInput) throws -> UnitEvaluation {
    let panelScores: [Double]
    let theta: Double
    switch input.threshold {
    case let .constant(t):
        panelScores = input.scores
        theta = t
    case let .perRow(thetas):
        guard thetas.count == input.scores.count else {
            throw EvaluationError.lengthMismatch(
                series: input.dataset, what: "per-row thresholds", expected: input.scores.count, actual: thetas.count)
        }
        panelScores = zip(input.scores, thetas).map { $0 - $1 }
        theta = 0
    }
    var panelInput = PanelInput(
        dataset: input.dataset, model: input.model, seed: input.seed, timestamps: input.timestamps, windows: input.windows,
        scores: panelScores, threshold: theta, thresholdPolicy: input.thresholdPolicy, warmUpRows: input.warmUpRows,
        vusMaxBuffer: input.vusMaxBuffer)
    panelInput.rankingScores = input.scores
    let panel = try evaluatePanel(panelInput)
    var records = panel.records
    input.bootstrap?.annotate(&records, delays: panel.timing.delaysSeconds)
    if input.isUpperBound {
        for i in records.indices { records[i].parameters["upper_bound"] = "best-on-test" }
    }
    for (metric, v) in input.cost {
        records.append(MetricRecord(dataset: input.dataset, seed: input.seed, model: input.model, metric: metric, value: .defined(v)))
    }
    let offset = input.warmUpRows
    let scoredTimes = Array(input.timestamps[offset...])
    let c = input.contributions
    records += HitRate.records(
        dataset: input.dataset, seed: input.seed, model: input.model, faults: c.faults, seriesCount: c.seriesCount,
        contributions: c.frame, foreignFeatures: c.foreignFeatures, firstRow: c.firstRow + offset, times: scoredTimes,
        alarms: panel.alarms.alarms, base: panel.records.first?.parameters ?? [:])
    let episodes = panel.alarms.episodes.map { TimeWindow(startMs: scoredTimes[$0.start], endMs: scoredTimes[$0.end], label: "") }
    let curve = RankingMetrics.precisionRecallCurve(scores: Array(input.scores[offset...]), labels: panel.timeline.labels)
    return UnitEvaluation(
        records: records, episodes: episodes,
        prCurve: curve.recall.isEmpty ? nil : PRCurve(model: input.model, recall: curve.recall, precision: curve.precision),
        delays: panel.timing.delaysSeconds.compactMap { $0 })
}
