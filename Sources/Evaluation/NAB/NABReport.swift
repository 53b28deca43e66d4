import Foundation

/// How `faultline score nab` picks each profile's threshold.
public enum NABThresholdMode: Sendable, Hashable {
    /// The detector's committed thresholds where the corpus or results provide them, else the sweep.
    case committedOrOptimize
    /// The exhaustive corpus sweep (in-sample optimum).
    case optimize
    /// One given threshold for every profile.
    case fixed(Double)
}

/// The NAB scores of one detector on one corpus, per profile, with how each threshold was chosen.
public struct NABReport: Sendable {
    /// One profile's result.
    public struct Entry: Sendable {
        /// The score at the chosen threshold.
        public var score: NABScore
        /// How the threshold was chosen: `committed`, `given`, or `optimized`.
        public var thresholdKind: String
        /// Where it came from (a file, `--threshold`, or the optimiser's name).
        public var thresholdSource: String

        public init(score: NABScore, thresholdKind: String, thresholdSource: String) {
            self.score = score
            self.thresholdKind = thresholdKind
            self.thresholdSource = thresholdSource
        }
    }

    /// Detector name.
    public var detector: String
    /// Corpus folder.
    public var corpus: String
    /// Number of files.
    public var fileCount: Int
    /// Rows, probation included.
    public var rowCount: Int
    /// Rows after probation.
    public var scoredRowCount: Int
    /// Scored rows inside windows.
    public var windowRowCount: Int
    /// Windows in the corpus.
    public var windowCount: Int
    /// Files whose timestamps repeat or step back (kept in file order).
    public var irregularFiles: [String]
    /// Scores clipped into [0, 1] while reading (0 unless clipping was asked for).
    public var clippedScores: Int
    /// One entry per profile, in NAB's order.
    public var entries: [Entry]

    public init(
        detector: String, corpus: String, fileCount: Int, rowCount: Int, scoredRowCount: Int, windowRowCount: Int,
        windowCount: Int, irregularFiles: [String], clippedScores: Int, entries: [Entry]
    ) {
        self.detector = detector
        self.corpus = corpus
        self.fileCount = fileCount
        self.rowCount = rowCount
        self.scoredRowCount = scoredRowCount
        self.windowRowCount = windowRowCount
        self.windowCount = windowCount
        self.irregularFiles = irregularFiles
        self.clippedScores = clippedScores
        self.entries = entries
    }

    /// Name of the sweep, printed wherever its threshold is used (METRICS §10.2: in-sample optimum).
    public static let optimiserName = "exhaustive sweep, in-sample optimum"

    /// The results as `MetricRecord`s (`nab_<profile>` normalised, `nab_raw_<profile>` raw).
    public func records(dataset: String = "nab") -> [MetricRecord] {
        entries.flatMap { e -> [MetricRecord] in
            let params = [
                "threshold": "\(e.score.threshold)", "threshold_policy": "\(e.thresholdKind): \(e.thresholdSource)",
                "tp_weight": "\(e.score.profile.tpWeight)", "fp_weight": "\(e.score.profile.fpWeight)",
                "fn_weight": "\(e.score.profile.fnWeight)",
            ]
            return [
                MetricRecord(
                    dataset: dataset, model: detector, metric: e.score.profile.metricIdentifier,
                    value: e.score.normalizedScore, parameters: params),
                MetricRecord(
                    dataset: dataset, model: detector, metric: e.score.profile.rawMetricIdentifier,
                    value: .defined(e.score.rawScore), parameters: params),
            ]
        }
    }
}
