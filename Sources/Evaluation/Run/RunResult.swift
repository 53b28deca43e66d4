/// Everything one experiment run produced, in the shape `Reports` renders and `results.json`
/// stores (schema version `RunResult.schemaVersion`).
///
/// Reports compute nothing of their own: every number, curve and window they show is here.
public struct RunResult: Codable, Sendable, Equatable {
    /// Version of this schema; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// `results.json` schema version.
    public var schemaVersion: Int
    /// Who ran what.
    public var run: RunInfo
    /// The datasets evaluated, with their splits.
    public var datasets: [DatasetSummary]
    /// The models evaluated, with parameters and threshold policy.
    public var models: [ModelSummary]
    /// Every figure, one record each (METRICS.md §11).
    public var metrics: [MetricRecord]
    /// What the HTML report plots: series excerpts, label windows, alarms, curves.
    public var plots: [PlotPanel]
    /// Models that failed (external commands that exited non-zero, timed out, …) and why.
    public var failures: [ModelFailure]
    /// Free-form notes printed at the top of every report (warm-up, upper bounds, warnings).
    public var notes: [String]
    /// Lead times and precision/recall against Δt_l per predictor (and detector), pooled over the datasets of each
    /// role (METRICS §7): what the report's lead-time section plots. Absent when the spec predicts nothing.
    public var leadTimes: [ModelLeadTimes]?

    public init(
        run: RunInfo, datasets: [DatasetSummary] = [], models: [ModelSummary] = [], metrics: [MetricRecord] = [],
        plots: [PlotPanel] = [], failures: [ModelFailure] = [], notes: [String] = []
    ) {
        self.schemaVersion = RunResult.schemaVersion
        self.run = run
        self.datasets = datasets
        self.models = models
        self.metrics = metrics
        self.plots = plots
        self.failures = failures
        self.notes = notes
    }

    /// The value of `metric` for (`dataset`, `model`) in the overall group, if recorded and defined.
    public func value(_ metric: MetricID, dataset: String, model: String) -> Double? {
        metrics.first { $0.metric == metric && $0.dataset == dataset && $0.model == model && $0.group.isEmpty }?.value
    }
}

/// Provenance of a run.
public struct RunInfo: Codable, Sendable, Equatable {
    /// Run name (the `Results/<name>` folder).
    public var name: String
    /// The experiment spec's name or path.
    public var spec: String
    /// Faultline version that produced the run.
    public var faultlineVersion: String
    /// Git revision of the Faultline checkout, when known.
    public var gitRevision: String?
    /// The command line, for reproduction.
    public var command: String

    public init(name: String, spec: String, faultlineVersion: String, gitRevision: String? = nil, command: String) {
        self.name = name
        self.spec = spec
        self.faultlineVersion = faultlineVersion
        self.gitRevision = gitRevision
        self.command = command
    }
}

/// One evaluated dataset and its split.
public struct DatasetSummary: Codable, Sendable, Equatable {
    public var name: String
    /// Content hash (hex SHA-256 of the manifest, or of the scenario + seed), when known.
    public var hash: String?
    public var seed: UInt64?
    public var rows: Int
    public var series: Int
    public var stepMs: Int64
    /// Rows used for fitting (the leading fault-free span).
    public var trainRows: Int
    /// How the training span was chosen (`ExperimentSpec.Split`), saying so when it used ground truth.
    public var split: String?
    /// Rows scored and evaluated.
    public var testRows: Int
    /// Labelled events in the test span.
    public var events: Int
    /// Benign changes in the test span.
    public var benignChanges: Int

    public init(
        name: String, hash: String?, seed: UInt64?, rows: Int, series: Int, stepMs: Int64, trainRows: Int,
        split: String? = nil, testRows: Int, events: Int, benignChanges: Int
    ) {
        self.split = split
        self.name = name
        self.hash = hash
        self.seed = seed
        self.rows = rows
        self.series = series
        self.stepMs = stepMs
        self.trainRows = trainRows
        self.testRows = testRows
        self.events = events
        self.benignChanges = benignChanges
    }
}

/// One evaluated model.
public struct ModelSummary: Codable, Sendable, Equatable {
    public var name: String
    /// `detector`, `baseline`, `external`, …
    public var family: String
    public var parameters: [String: String]
    /// Threshold policy with its parameters, as printed (`quantile(q=0.99)`).
    public var thresholdPolicy: String
    /// True for the null and random baselines.
    public var isBaseline: Bool

    public init(name: String, family: String, parameters: [String: String], thresholdPolicy: String, isBaseline: Bool) {
        self.name = name
        self.family = family
        self.parameters = parameters
        self.thresholdPolicy = thresholdPolicy
        self.isBaseline = isBaseline
    }
}

/// A model that did not produce scores, and why.
public struct ModelFailure: Codable, Sendable, Equatable {
    public var dataset: String
    public var model: String
    public var reason: String
    /// Path of the kept stderr or log, relative to the run folder.
    public var logPath: String?

    public init(dataset: String, model: String, reason: String, logPath: String? = nil) {
        self.dataset = dataset
        self.model = model
        self.reason = reason
        self.logPath = logPath
    }
}

/// What one plot of the HTML report shows: a few series of one dataset with the label windows,
/// benign changes and each model's alarm episodes over the test span, plus PR curves.
public struct PlotPanel: Codable, Sendable, Equatable {
    public var dataset: String
    /// Timestamps (epoch ms) of the plotted points (decimated).
    public var timestamps: [Int64]
    /// Plotted series (decimated to the same timestamps).
    public var series: [PlotSeries]
    /// Labelled fault windows `[startMs, endMs]` with their kind.
    public var labelWindows: [TimeWindow]
    /// Benign changes `[startMs, endMs]`.
    public var benignWindows: [TimeWindow]
    /// Alarm episodes per model.
    public var alarms: [ModelAlarms]
    /// Precision–recall curve per model.
    public var prCurves: [PRCurve]
    /// Detection delays (s) per model for detected events (for the histogram).
    public var detectionDelays: [ModelDelays]

    public init(
        dataset: String, timestamps: [Int64], series: [PlotSeries], labelWindows: [TimeWindow], benignWindows: [TimeWindow],
        alarms: [ModelAlarms], prCurves: [PRCurve], detectionDelays: [ModelDelays]
    ) {
        self.dataset = dataset
        self.timestamps = timestamps
        self.series = series
        self.labelWindows = labelWindows
        self.benignWindows = benignWindows
        self.alarms = alarms
        self.prCurves = prCurves
        self.detectionDelays = detectionDelays
    }
}

/// One plotted series. `nil` values are gaps.
public struct PlotSeries: Codable, Sendable, Equatable {
    public var id: String
    public var values: [Double?]
    public init(id: String, values: [Double?]) {
        self.id = id
        self.values = values
    }
}

/// A labelled time window, both ends inclusive (epoch ms).
public struct TimeWindow: Codable, Sendable, Equatable {
    public var startMs: Int64
    public var endMs: Int64
    public var label: String
    public init(startMs: Int64, endMs: Int64, label: String) {
        self.startMs = startMs
        self.endMs = endMs
        self.label = label
    }
}

/// A model's alarm episodes.
public struct ModelAlarms: Codable, Sendable, Equatable {
    public var model: String
    public var episodes: [TimeWindow]
    public init(model: String, episodes: [TimeWindow]) {
        self.model = model
        self.episodes = episodes
    }
}

/// A precision–recall curve (points in decreasing threshold order).
public struct PRCurve: Codable, Sendable, Equatable {
    public var model: String
    public var recall: [Double]
    public var precision: [Double]
    public init(model: String, recall: [Double], precision: [Double]) {
        self.model = model
        self.recall = recall
        self.precision = precision
    }
}

/// Detection delays in seconds of the events a model detected.
public struct ModelDelays: Codable, Sendable, Equatable {
    public var model: String
    public var delaysSeconds: [Double]
    public init(model: String, delaysSeconds: [Double]) {
        self.model = model
        self.delaysSeconds = delaysSeconds
    }
}

/// One model's pooled failure-prediction figures over the datasets of one role (`test` or `train` seeds).
public struct ModelLeadTimes: Codable, Sendable, Equatable {
    public var model: String
    /// `test` or `train`.
    public var role: String
    /// `predictor` or `detector`.
    public var kind: String
    /// Lead time (s) of each predicted failure, with its fault kind.
    public var leadsSeconds: [Double]
    public var leadKinds: [String]
    /// Δt_l values (s), ascending, with precision and recall at each (nil = undefined).
    public var warningTimesSeconds: [Double]
    public var precision: [Double?]
    public var recall: [Double?]
    /// The run's Δt_l (s): the value of `warningTimesSeconds` the leads were measured at (the ungrouped pooled records).
    /// Absent in results written before it was recorded.
    public var runWarningTimeSeconds: Double?
    /// The run's Δt_p (s), the same at every Δt_l. Absent in results written before it was recorded.
    public var predictionPeriodSeconds: Double?

    public init(
        model: String, role: String, kind: String, leadsSeconds: [Double], leadKinds: [String], warningTimesSeconds: [Double],
        precision: [Double?], recall: [Double?], runWarningTimeSeconds: Double? = nil, predictionPeriodSeconds: Double? = nil
    ) {
        self.model = model
        self.role = role
        self.kind = kind
        self.leadsSeconds = leadsSeconds
        self.leadKinds = leadKinds
        self.warningTimesSeconds = warningTimesSeconds
        self.precision = precision
        self.recall = recall
        self.runWarningTimeSeconds = runWarningTimeSeconds
        self.predictionPeriodSeconds = predictionPeriodSeconds
    }
}
