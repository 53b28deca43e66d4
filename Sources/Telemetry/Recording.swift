/// Telemetry read from somewhere else, as it was recorded: blocks of series that share timestamps, the
/// labelled fault windows, and the series a reader could not use (with why).
///
/// A `Dataset` lies on one grid; a recording need not. A NAB corpus is one block per file (each file has its
/// own clock), a Nezha day folder one block whose rows are the union of its pods' minutes (a pod that
/// missed a minute has NaN there), a Faultline dataset one block. `faultline fidelity` compares two of them
/// statistic by statistic (METRICS.md §12); importers in `Interop` build them.
public struct Recording: Sendable {
    /// Series sharing one clock: column `j` of `frame` is `series[j]`, row `i` was recorded at `timestamps[i]`.
    public struct Block: Sendable {
        /// Epoch milliseconds, strictly increasing.
        public var timestamps: [Int64]
        /// One descriptor per column.
        public var series: [SeriesDescriptor]
        /// Values, rows = timestamps; NaN means missing.
        public var frame: MetricFrame

        /// Creates a block.
        ///
        /// - Throws: `TelemetryError.shapeMismatch` when the frame's shape differs from the timestamps and
        ///   series, or when the timestamps do not increase strictly (readers report the file and line first).
        public init(timestamps: [Int64], series: [SeriesDescriptor], frame: MetricFrame) throws {
            guard frame.rows == timestamps.count, frame.columns == series.count else {
                throw TelemetryError.shapeMismatch(
                    what: "Recording block", expected: "\(timestamps.count) rows × \(series.count) series",
                    found: "\(frame.rows) × \(frame.columns)")
            }
            if let bad = timestamps.indices.dropFirst().first(where: { timestamps[$0 - 1] >= timestamps[$0] }) {
                throw TelemetryError.shapeMismatch(
                    what: "Recording block timestamps", expected: "strictly increasing", found: "row \(bad) not after row \(bad - 1)")
            }
            self.timestamps = timestamps
            self.series = series
            self.frame = frame
        }
    }

    /// A labelled fault: when it was injected, where, and until when its effects may last.
    public struct Fault: Codable, Sendable, Hashable {
        /// Identifier (`f1`, the Nezha inject time, the NAB file and window number).
        public var id: String
        /// Fault kind as the source names it (`cpu-hog`, `network_delay`, `nab-window`).
        public var kind: String
        /// Root-cause entities (a service, pod or host); their series are the root cause's series.
        public var targets: [String]
        /// Root-cause series named directly (SMD interpretation labels, a NAB file's one series).
        public var seriesIds: [String]
        /// First labelled millisecond.
        public var startMs: Int64
        /// Last labelled millisecond (inclusive).
        public var endMs: Int64
        /// Last millisecond that is not fault-free (≥ `endMs`: effects that outlast the injection).
        public var settledMs: Int64

        /// Creates a fault; `settledMs` defaults to `endMs`.
        public init(id: String, kind: String, targets: [String], seriesIds: [String] = [], startMs: Int64, endMs: Int64, settledMs: Int64? = nil) {
            self.id = id
            self.kind = kind
            self.targets = targets
            self.seriesIds = seriesIds
            self.startMs = startMs
            self.endMs = endMs
            self.settledMs = max(settledMs ?? endMs, endMs)
        }
    }

    /// A series a reader left out, and why (constant placeholder columns, duplicates).
    public struct Skipped: Codable, Sendable, Hashable {
        /// The series' identifier.
        public var seriesId: String
        /// Why it was left out.
        public var reason: String

        /// Creates a record.
        public init(seriesId: String, reason: String) {
            self.seriesId = seriesId
            self.reason = reason
        }
    }

    /// Name for reports (the dataset's name, the folder or file name).
    public var name: String
    /// The reader that produced it (`dataset`, `nezha`, `smd`, `nab`, `csv`).
    public var format: String
    /// The series, by clock.
    public var blocks: [Block]
    /// Labelled faults, in start order (empty with `hasGroundTruth` false when the source has no labels).
    public var faults: [Fault]
    /// Whether the source labels its faults (a recording without labels has no fault statistics).
    public var hasGroundTruth: Bool
    /// Series the reader left out.
    public var skipped: [Skipped]

    /// Creates a recording; faults are sorted by start.
    public init(name: String, format: String, blocks: [Block], faults: [Fault] = [], hasGroundTruth: Bool, skipped: [Skipped] = []) {
        self.name = name
        self.format = format
        self.blocks = blocks
        self.faults = faults.sorted { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        self.hasGroundTruth = hasGroundTruth
        self.skipped = skipped
    }

    /// Number of series over all blocks.
    public var seriesCount: Int { blocks.reduce(0) { $0 + $1.series.count } }
}

extension Recording {
    /// A Faultline dataset as a recording: one block; every fault is labelled from injection start to end and
    /// is not fault-free until its last affected series' effect window ends; benign changes are not faults. A
    /// simulated dataset always has ground truth (possibly no faults); another has it when it lists faults.
    public init(dataset: Dataset, format: String = "dataset") throws {
        let block = try Block(timestamps: dataset.timestamps, series: dataset.series, frame: dataset.frame)
        let faults = dataset.groundTruth.faults.map { f in
            Fault(
                id: f.id, kind: f.kind, targets: [f.target], startMs: f.injectionStartMs, endMs: f.injectionEndMs,
                settledMs: f.affectedSeries.map(\.endMs).max())
        }
        self.init(
            name: dataset.info.name, format: format, blocks: [block], faults: faults,
            hasGroundTruth: !faults.isEmpty || dataset.info.scenario != nil || dataset.info.generator.hasPrefix("faultline-simulator"))
    }
}
