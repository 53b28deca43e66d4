/// Everything the metric panel needs for one (dataset, model, seed) run.
public struct PanelInput: Sendable {
    /// Dataset name (and content hash where known).
    public var dataset: String
    /// Model name.
    public var model: String
    /// Seed of the run, when there is one.
    public var seed: UInt64?
    /// Row timestamps in stored order, epoch ms.
    public var timestamps: [Int64]
    /// Labelled windows in time (both ends inclusive), with optional impact times.
    public var windows: [LabelWindow]
    /// Point labels `y_t`, one per row; when set they are used instead of `windows` (each maximal run
    /// of `true` is one event).
    public var pointLabels: [Bool]?
    /// One score per row, higher = more anomalous; must be finite.
    public var scores: [Double]
    /// The model's own scores for the threshold-free metrics (AUC-PR, ROC-AUC, VUS), when `scores` are a
    /// margin over a per-row threshold (SPOT/DSPOT); nil: `scores` themselves. One per timestamp.
    public var rankingScores: [Double]?
    /// The decision threshold θ (`s_t ≥ θ` alarms).
    public var threshold: Double
    /// How θ was chosen (`fixed 0.5`, `quantile q=0.99`, `bestOnTest (upper bound)`, …), printed.
    public var thresholdPolicy: String
    /// Rows at the start excluded from every metric (declared warm-up).
    public var warmUpRows: Int
    /// PA%K grid, percent.
    public var kGrid: [Int]
    /// Range-based metric parameters.
    public var range: RangeBasedMetrics.Parameters
    /// Detection-timing parameters.
    public var timing: DetectionTiming.Parameters
    /// Largest buffer L (rows) for VUS-ROC/PR; nil → VUS is not computed. The experiment runner sets it
    /// from the training rows' dominant period (`DominantPeriod.vusMaxBuffer`, METRICS §3.3).
    public var vusMaxBuffer: Int?

    /// Creates a panel input with METRICS defaults for every metric parameter.
    public init(
        dataset: String, model: String, seed: UInt64? = nil, timestamps: [Int64], windows: [LabelWindow],
        scores: [Double], threshold: Double, thresholdPolicy: String, warmUpRows: Int = 0,
        kGrid: [Int] = PointAdjustment.defaultGrid, range: RangeBasedMetrics.Parameters = .init(),
        timing: DetectionTiming.Parameters = .init(), vusMaxBuffer: Int? = nil
    ) {
        self.dataset = dataset
        self.model = model
        self.seed = seed
        self.timestamps = timestamps
        self.windows = windows
        self.pointLabels = nil
        self.rankingScores = nil
        self.scores = scores
        self.threshold = threshold
        self.thresholdPolicy = thresholdPolicy
        self.warmUpRows = warmUpRows
        self.kGrid = kGrid
        self.range = range
        self.timing = timing
        self.vusMaxBuffer = vusMaxBuffer
    }
}
