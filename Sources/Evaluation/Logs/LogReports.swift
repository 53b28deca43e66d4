/// The results of the log jobs (`faultline logs parse | sessions | windows`): data only; Reports renders
/// them, Workbench computes them.

/// The template miner's parameters as reported (the same keys as `TemplateMiner.Configuration`).
public struct LogParserSettings: Sendable, Codable, Hashable {
    /// Parse-tree depth (Drain's `depth`).
    public var depth: Int
    /// Join threshold in 0…1 (Drain's `st`).
    public var similarityThreshold: Double
    /// Children per inner node.
    public var maxChildren: Int

    public init(depth: Int, similarityThreshold: Double, maxChildren: Int) {
        self.depth = depth
        self.similarityThreshold = similarityThreshold
        self.maxChildren = maxChildren
    }
}

/// `logs parse`: grouping accuracy (METRICS §9) of the template miner on each Loghub system.
public struct LogParsingReport: Sendable, Codable, Hashable {
    /// Result for one system.
    public struct System: Sendable, Codable, Hashable {
        /// System name.
        public var system: String
        /// Lines parsed.
        public var lines: Int
        /// Grouping accuracy in 0…1.
        public var groupingAccuracy: Double
        /// Templates the miner found.
        public var templates: Int
        /// Distinct ground-truth event ids.
        public var truthTemplates: Int
        /// Mining time per line in microseconds (best of 5 passes over the sample; wall clock).
        public var microsecondsPerLine: Double

        public init(system: String, lines: Int, groupingAccuracy: Double, templates: Int, truthTemplates: Int, microsecondsPerLine: Double) {
            self.system = system
            self.lines = lines
            self.groupingAccuracy = groupingAccuracy
            self.templates = templates
            self.truthTemplates = truthTemplates
            self.microsecondsPerLine = microsecondsPerLine
        }
    }

    /// Dataset folder.
    public var dataset: String
    /// Miner configuration used.
    public var configuration: LogParserSettings
    /// One entry per system, sorted by name.
    public var systems: [System]

    public init(dataset: String, configuration: LogParserSettings, systems: [System]) {
        self.dataset = dataset
        self.configuration = configuration
        self.systems = systems
    }
}

/// `logs sessions`: session anomaly detection on a train/test split, beside the split's ceiling.
public struct LogSessionReport: Sendable, Codable, Hashable {
    /// One model's result on the test split.
    public struct ModelResult: Sendable, Codable, Hashable {
        /// Model name.
        public var model: String
        /// How the alarm threshold was fixed.
        public var threshold: String
        /// Confusion counts on the test sessions.
        public var tp: Int, fp: Int, fn: Int, tn: Int
        /// Precision, recall, F1 (nil when undefined).
        public var precision: Double?, recall: Double?, f1: Double?
        /// Average precision and ROC-AUC of the model's scores on test (nil when undefined).
        public var averagePrecision: Double?, rocAUC: Double?
        /// Model details (components, invariants, iterations).
        public var details: String
        /// Fit plus scoring time, milliseconds (wall clock).
        public var milliseconds: Double

        public init(
            model: String, threshold: String, tp: Int, fp: Int, fn: Int, tn: Int, precision: Double?, recall: Double?, f1: Double?,
            averagePrecision: Double?, rocAUC: Double?, details: String, milliseconds: Double
        ) {
            self.model = model
            self.threshold = threshold
            self.tp = tp
            self.fp = fp
            self.fn = fn
            self.tn = tn
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.averagePrecision = averagePrecision
            self.rocAUC = rocAUC
            self.details = details
            self.milliseconds = milliseconds
        }
    }

    /// The split's separability ceiling: every distinct test count vector labelled by its
    /// majority label on the test split itself (ties count as anomalous).
    public struct Ceiling: Sendable, Codable, Hashable {
        /// Test anomalies whose count vector also occurs as Normal in the same split.
        public var ambiguousTestAnomalies: Int
        /// Confusion counts of the majority-vote oracle.
        public var tp: Int, fp: Int, fn: Int, tn: Int
        /// Its F1: no model on event counts can do better on this split.
        public var f1: Double?

        public init(ambiguousTestAnomalies: Int, tp: Int, fp: Int, fn: Int, tn: Int, f1: Double?) {
            self.ambiguousTestAnomalies = ambiguousTestAnomalies
            self.tp = tp
            self.fp = fp
            self.fn = fn
            self.tn = tn
            self.f1 = f1
        }

        /// The majority-vote oracle over the distinct count vectors of `rows` (ties → anomalous): no
        /// model that sees only these vectors can beat its F1 on this split.
        public static func majorityVote(rows: [[Double]], labels y: [Bool]) -> Ceiling {
            var tally: [[Double]: (normal: Int, anomalous: Int)] = [:]
            for (r, label) in zip(rows, y) {
                var t = tally[r] ?? (0, 0)
                if label { t.anomalous += 1 } else { t.normal += 1 }
                tally[r] = t
            }
            var ambiguous = 0
            var alarms = [Bool](repeating: false, count: y.count)
            for (i, (r, label)) in zip(rows, y).enumerated() {
                let t = tally[r] ?? (0, 0)
                if label, t.normal > 0 { ambiguous += 1 }
                alarms[i] = t.anomalous >= t.normal
            }
            let c = ConfusionCounts(labels: y, alarms: alarms)
            return Ceiling(ambiguousTestAnomalies: ambiguous, tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, f1: c.f1.value)
        }
    }

    /// Dataset folder.
    public var dataset: String
    /// Train and test sizes.
    public var trainSessions: Int, trainAnomalies: Int, testSessions: Int, testAnomalies: Int
    /// Event types (matrix columns).
    public var eventTypes: [String]
    /// The separability ceiling on test.
    public var ceiling: Ceiling
    /// One entry per model run.
    public var models: [ModelResult]

    public init(
        dataset: String, trainSessions: Int, trainAnomalies: Int, testSessions: Int, testAnomalies: Int, eventTypes: [String],
        ceiling: Ceiling, models: [ModelResult]
    ) {
        self.dataset = dataset
        self.trainSessions = trainSessions
        self.trainAnomalies = trainAnomalies
        self.testSessions = testSessions
        self.testAnomalies = testAnomalies
        self.eventTypes = eventTypes
        self.ceiling = ceiling
        self.models = models
    }
}

/// `logs windows`: a dataset's log bodies mined into per-window template counts.
public struct LogWindowReport: Sendable, Codable, Hashable {
    /// One mined template.
    public struct Template: Sendable, Codable, Hashable {
        /// Template id (matrix column).
        public var id: Int
        /// Template text.
        public var text: String
        /// Records assigned to it.
        public var records: Int
        /// Windows in which it occurs at least once.
        public var windows: Int

        public init(id: Int, text: String, records: Int, windows: Int) {
            self.id = id
            self.text = text
            self.records = records
            self.windows = windows
        }
    }

    /// Dataset folder.
    public var dataset: String
    /// Log records mined.
    public var records: Int
    /// Window length and step, milliseconds.
    public var windowMs: Int64, stepMs: Int64
    /// Number of windows (matrix rows).
    public var windows: Int
    /// Distinct `templateId`s recorded by the generator (nil when records carry none).
    public var recordedTemplates: Int?
    /// Grouping accuracy against the recorded `templateId`s (nil when records carry none).
    public var groupingAccuracy: Double?
    /// Mined templates, most frequent first.
    public var templates: [Template]

    public init(
        dataset: String, records: Int, windowMs: Int64, stepMs: Int64, windows: Int, recordedTemplates: Int?, groupingAccuracy: Double?,
        templates: [Template]
    ) {
        self.dataset = dataset
        self.records = records
        self.windowMs = windowMs
        self.stepMs = stepMs
        self.windows = windows
        self.recordedTemplates = recordedTemplates
        self.groupingAccuracy = groupingAccuracy
        self.templates = templates
    }
}
