/// The metric panel of one run: the typed results and the flat `MetricRecord`s of METRICS §11.
public struct PanelResult: Sendable {
    /// The shared event model the metrics were computed on.
    public var timeline: EventTimeline
    /// The alarms at θ.
    public var alarms: AlarmTrack
    /// Point-wise counts.
    public var counts: ConfusionCounts
    /// Average precision and its chance level.
    public var averagePrecision: MetricValue
    /// ROC-AUC.
    public var rocAUC: MetricValue
    /// PA%K curve (K = 0 is PA-F1).
    public var paK: PointAdjustment.Curve
    /// Event-wise counts.
    public var eventWise: EventWiseMetrics
    /// Range-based P/R.
    public var range: RangeBasedMetrics
    /// Affiliation P/R.
    public var affiliation: AffiliationMetrics
    /// Detection timing.
    public var timing: DetectionTiming
    /// Range-AUC per buffer and VUS, when `vusMaxBuffer` was given.
    public var rangeAUC: RangeAUC?
    /// One record per figure, identifiers from METRICS §11, chance levels with a `_chance` suffix.
    public var records: [MetricRecord]

    /// The record for `metric`, if present.
    public func record(_ metric: MetricID) -> MetricRecord? { records.first { $0.metric == metric } }
}
