import Telemetry

/// What a failure predictor reads: a metric frame in time order with its series descriptors and row times.
/// Never ground truth.
public struct PredictionInput: Sendable {
    /// Rows = time, columns = series; `NaN` is missing.
    public var frame: MetricFrame
    /// One descriptor per column (entity, metric name): predictors pick resource series by metric name.
    public var series: [SeriesDescriptor]
    /// Row times, epoch ms, non-decreasing.
    public var timestamps: [Int64]
    /// Known memory limits by entity, bytes (`Entity.memoryLimitBytes`): configuration an operator's telemetry
    /// has (Kubernetes exports it), not a label. A `memory_bytes` series of such an entity saturates there.
    public var memoryLimits: [String: Double]
    /// The dataset's log records in time order (empty when it has none): read by log-precursor models only. A
    /// record counts at the row whose step holds it; records past the last row's step are not read.
    public var logs: [LogRecord]

    /// Creates an input.
    ///
    /// - Throws: `ModelError.shapeMismatch` when descriptors or timestamps disagree with the frame.
    public init(
        frame: MetricFrame, series: [SeriesDescriptor], timestamps: [Int64], memoryLimits: [String: Double] = [:], logs: [LogRecord] = []
    ) throws {
        guard series.count == frame.columns else {
            throw ModelError.shapeMismatch(model: "prediction input", expected: "\(frame.columns) series descriptors", found: "\(series.count)")
        }
        guard timestamps.count == frame.rows else {
            throw ModelError.shapeMismatch(model: "prediction input", expected: "\(frame.rows) timestamps", found: "\(timestamps.count)")
        }
        self.frame = frame
        self.series = series
        self.timestamps = timestamps
        self.memoryLimits = memoryLimits
        self.logs = logs
    }

    /// The first `count` rows (a view of the frame; the log records are shared, and those past the rows are not read).
    public func prefix(_ count: Int) -> PredictionInput {
        // Shapes are preserved by construction.
        PredictionInput(
            unchecked: frame.rows(0..<count), series: series, timestamps: Array(timestamps[0..<count]), memoryLimits: memoryLimits, logs: logs)
    }

    init(unchecked frame: MetricFrame, series: [SeriesDescriptor], timestamps: [Int64], memoryLimits: [String: Double], logs: [LogRecord]) {
        self.frame = frame
        self.series = series
        self.timestamps = timestamps
        self.memoryLimits = memoryLimits
        self.logs = logs
    }

    /// The sampling step: median positive difference of the timestamps (0 with fewer than two rows).
    public var stepMs: Int64 {
        var d: [Int64] = []
        for i in timestamps.indices.dropFirst() where timestamps[i] > timestamps[i - 1] { d.append(timestamps[i] - timestamps[i - 1]) }
        d.sort()
        return d.isEmpty ? 0 : d[d.count / 2]
    }
}

/// A labelled run for predictors that learn: its input and, per row, whether a failure starts within the
/// prediction period after the warning time (METRICS §7's `Win(t)`), built by the workbench from the ground truth
/// of *training* seeds only. Rows that are not eligible (inside a failure, window past the end) are `nil`.
public struct LabelledPredictionRun: Sendable {
    public var input: PredictionInput
    public var targets: [Bool?]

    /// Creates a labelled run.
    public init(input: PredictionInput, targets: [Bool?]) {
        self.input = input
        self.targets = targets
    }
}

/// What `fit` gets: the scored dataset's own leading fault-free rows (no labels) and, for learned predictors,
/// labelled runs of other seeds.
public struct PredictorTraining: Sendable {
    /// Leading fault-free rows of the dataset that will be scored.
    public var normal: PredictionInput
    /// Labelled runs of the spec's training seeds (empty when it names none).
    public var labelled: [LabelledPredictionRun]

    /// Creates training data.
    public init(normal: PredictionInput, labelled: [LabelledPredictionRun] = []) {
        self.normal = normal
        self.labelled = labelled
    }
}

/// A predictor's output: one score per row (higher = a failure more likely within the prediction period after
/// the warning time) and, for forecast models, the predicted time to failure.
public struct PredictionScores: Sendable, Equatable {
    /// One finite score per row.
    public var scores: [Double]
    /// Predicted seconds from the row to the failure (the forecast's first crossing of a saturation limit);
    /// `+∞` where none is predicted; nil for models that do not estimate it.
    public var timeToFailureSeconds: [Double]?

    /// Creates the output.
    public init(scores: [Double], timeToFailureSeconds: [Double]? = nil) {
        self.scores = scores
        self.timeToFailureSeconds = timeToFailureSeconds
    }
}

/// A failure predictor (ARCHITECTURE.md, "Model contracts"; METRICS §7).
///
/// `fit` sees fault-free rows of the scored dataset and, when the model learns, labelled runs of other seeds;
/// `predict` returns one score per row. **Causality**: the score (and time to failure) at row t depends only on
/// rows ≤ t and on the fit, so the output for a prefix equals the prefix of the output. Every registered
/// predictor passes that contract test, and none reads ground truth (it is not in its input).
public protocol FailurePredictor: Sendable {
    /// Learns from the training data.
    ///
    /// - Throws: `ModelError.insufficientData` naming what is missing (a learned model without labelled runs).
    mutating func fit(_ training: PredictorTraining) throws
    /// Scores every row of `input`, in time order.
    func predict(_ input: PredictionInput) throws -> PredictionScores
}
