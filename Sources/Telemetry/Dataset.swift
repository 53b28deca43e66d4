/// Provenance of a dataset: who made it, from what, with which seed.
///
/// Carries no wall-clock time, so the same scenario and seed give a byte-identical manifest.
public struct DatasetInfo: Codable, Sendable, Hashable {
    /// Human name (`default`, `nab/realKnownCause/nyc_taxi`).
    public var name: String
    /// Generator and its version (`faultline-simulator 0.1.0`, `faultline-interop nab`).
    public var generator: String
    /// Scenario name, when simulated.
    public var scenario: String?
    /// Hex SHA-256 of the scenario's canonical text, when simulated.
    public var scenarioHash: String?
    /// Seed of the run, when simulated.
    public var seed: UInt64?
    /// Leading rows the source declares as training data (SMD's train half), when it declares any.
    public var trainRows: Int?

    public init(
        name: String, generator: String, scenario: String? = nil, scenarioHash: String? = nil, seed: UInt64? = nil,
        trainRows: Int? = nil
    ) {
        self.name = name
        self.generator = generator
        self.scenario = scenario
        self.scenarioHash = scenarioHash
        self.seed = seed
        self.trainRows = trainRows
    }
}

/// What is known about a dataset before its rows are produced: provenance, time axis, series
/// table and topology. Handed to a `DatasetSink` first.
public struct DatasetHeader: Codable, Sendable, Hashable {
    public var info: DatasetInfo
    public var axis: TimeAxis
    public var series: [SeriesDescriptor]
    public var topology: Topology

    public init(info: DatasetInfo, axis: TimeAxis, series: [SeriesDescriptor], topology: Topology) {
        self.info = info
        self.axis = axis
        self.series = series
        self.topology = topology
    }
}

/// One dataset in memory: metrics, logs, traces, events, topology and ground truth.
///
/// On disk a dataset is a folder (see `DatasetStore`); in memory it is this value. Rows of
/// `frame` correspond one to one with `timestamps`.
public struct Dataset: Sendable {
    public var info: DatasetInfo
    /// Summary axis (start, step, count). For irregular imported data `timestamps` is authoritative.
    public var axis: TimeAxis
    /// Epoch milliseconds of each row, in stored order.
    public var timestamps: [Int64]
    /// One descriptor per column of `frame`.
    public var series: [SeriesDescriptor]
    /// Rows = time, columns = series.
    public var frame: MetricFrame
    public var logs: [LogRecord]
    public var spans: [Span]
    public var events: [OpsEvent]
    public var topology: Topology
    public var groundTruth: GroundTruth

    public init(
        info: DatasetInfo, axis: TimeAxis, timestamps: [Int64]? = nil, series: [SeriesDescriptor], frame: MetricFrame,
        logs: [LogRecord] = [], spans: [Span] = [], events: [OpsEvent] = [], topology: Topology = Topology(),
        groundTruth: GroundTruth = GroundTruth()
    ) throws {
        let ts = timestamps ?? axis.timestamps
        guard ts.count == frame.rows else {
            throw TelemetryError.shapeMismatch(what: "Dataset timestamps", expected: "\(frame.rows) rows", found: "\(ts.count)")
        }
        guard series.count == frame.columns else {
            throw TelemetryError.shapeMismatch(what: "Dataset series table", expected: "\(frame.columns) series", found: "\(series.count)")
        }
        self.info = info
        self.axis = axis
        self.timestamps = ts
        self.series = series
        self.frame = frame
        self.logs = logs
        self.spans = spans
        self.events = events
        self.topology = topology
        self.groundTruth = groundTruth
    }

    /// The header this dataset would be written with.
    public var header: DatasetHeader { DatasetHeader(info: info, axis: axis, series: series, topology: topology) }

    /// Index of the series with `id`, if present.
    public func seriesIndex(id: String) -> Int? { series.firstIndex { $0.id == id } }
}
