/// Receives a dataset piece by piece, in time order, so that a producer (the simulator, an
/// importer) never needs the whole run in memory.
///
/// Call order: `begin` once; then any interleaving of `writeMetrics` (chunks of consecutive rows,
/// in increasing `rowOffset`, covering `0..<axis.count` exactly) and `append` (records in time
/// order); then `finish` once. A sink that throws is left unusable; an unfinished sink never
/// leaves something that looks like a complete dataset.
public protocol DatasetSink {
    /// Starts the dataset.
    mutating func begin(_ header: DatasetHeader) throws
    /// Stores rows `rowOffset ..< rowOffset + chunk.rows` of every series (`chunk.columns` = series count).
    mutating func writeMetrics(rowOffset: Int, chunk: MetricFrame) throws
    /// Stores rows `rowOffset ..< rowOffset + rows` given time-major (`values[r * series + c]`).
    /// A sink may read `values` until its next `writeMetrics` or `finish` call returns (or any call
    /// throws), so the producer must leave the buffer unchanged until then. The default implementation
    /// transposes into a `MetricFrame` and calls `writeMetrics(rowOffset:chunk:)`.
    mutating func writeMetrics(rowOffset: Int, rows: Int, timeMajor values: UnsafeBufferPointer<Double>) throws
    /// Appends log records (time-ordered, continuing earlier calls).
    mutating func append(logs: [LogRecord]) throws
    /// Appends spans (ordered by start time, continuing earlier calls).
    mutating func append(spans: [Span]) throws
    /// Appends ops events (time-ordered, continuing earlier calls).
    mutating func append(events: [OpsEvent]) throws
    /// Completes the dataset with its ground truth.
    mutating func finish(groundTruth: GroundTruth) throws
}

extension DatasetSink {
    /// Transposes the time-major rows into a column-major chunk and stores that.
    public mutating func writeMetrics(rowOffset: Int, rows: Int, timeMajor values: UnsafeBufferPointer<Double>) throws {
        guard rows > 0 else { return }
        let columns = values.count / rows
        guard columns * rows == values.count else {
            throw TelemetryError.shapeMismatch(what: "metric chunk", expected: "a multiple of \(rows) values", found: "\(values.count) values")
        }
        var chunk = MetricFrame(rows: rows, columns: columns, repeating: 0)
        chunk.withUnsafeMutableBufferPointer { MetricTranspose.toColumnMajor(values, count: rows, columns: columns, into: $0, rows: rows, at: 0) }
        try writeMetrics(rowOffset: rowOffset, chunk: chunk)
    }
}

/// The reference `DatasetSink`: assembles a `Dataset` in memory. Used by tests and by callers that
/// want the value rather than a folder.
public struct InMemoryDatasetSink: DatasetSink {
    private var header: DatasetHeader?
    private var frame = MetricFrame(rows: 0, columns: 0)
    private var rowsWritten = 0
    private var logs: [LogRecord] = []
    private var spans: [Span] = []
    private var events: [OpsEvent] = []
    /// The finished dataset, set by `finish(groundTruth:)`.
    public private(set) var dataset: Dataset?

    public init() {}

    public mutating func begin(_ header: DatasetHeader) throws {
        self.header = header
        frame = MetricFrame(rows: header.axis.count, columns: header.series.count)
        rowsWritten = 0
    }

    public mutating func writeMetrics(rowOffset: Int, chunk: MetricFrame) throws {
        guard let header else { throw TelemetryError.invalidValue(field: "sink", reason: "writeMetrics before begin") }
        guard chunk.columns == header.series.count else {
            throw TelemetryError.shapeMismatch(what: "metric chunk", expected: "\(header.series.count) series", found: "\(chunk.columns)")
        }
        guard rowOffset == rowsWritten, rowOffset + chunk.rows <= frame.rows else {
            throw TelemetryError.invalidValue(
                field: "rowOffset", reason: "chunk at row \(rowOffset) (+\(chunk.rows)) does not continue row \(rowsWritten) of \(frame.rows)")
        }
        let total = frame.rows
        frame.withUnsafeMutableBufferPointer { dst in
            chunk.withUnsafeColumns { src, ld in
                for c in 0..<chunk.columns {
                    for r in 0..<chunk.rows { dst[c * total + rowOffset + r] = src[c * ld + r] }
                }
            }
        }
        rowsWritten += chunk.rows
    }

    /// Time-major rows (the simulator's chunks) are transposed straight into the frame: the only
    /// copy between the simulator and a model.
    public mutating func writeMetrics(rowOffset: Int, rows: Int, timeMajor values: UnsafeBufferPointer<Double>) throws {
        guard let header else { throw TelemetryError.invalidValue(field: "sink", reason: "writeMetrics before begin") }
        guard rows > 0 else { return }
        let columns = header.series.count
        guard values.count == rows * columns else {
            throw TelemetryError.shapeMismatch(what: "metric chunk", expected: "\(rows) × \(columns) values", found: "\(values.count) values")
        }
        guard rowOffset == rowsWritten, rowOffset + rows <= frame.rows else {
            throw TelemetryError.invalidValue(
                field: "rowOffset", reason: "chunk at row \(rowOffset) (+\(rows)) does not continue row \(rowsWritten) of \(frame.rows)")
        }
        let total = frame.rows
        frame.withUnsafeMutableBufferPointer {
            MetricTranspose.toColumnMajor(values, count: rows, columns: columns, into: $0, rows: total, at: rowOffset)
        }
        rowsWritten += rows
    }

    public mutating func append(logs: [LogRecord]) throws { self.logs.append(contentsOf: logs) }
    public mutating func append(spans: [Span]) throws { self.spans.append(contentsOf: spans) }
    public mutating func append(events: [OpsEvent]) throws { self.events.append(contentsOf: events) }

    public mutating func finish(groundTruth: GroundTruth) throws {
        guard let header else { throw TelemetryError.invalidValue(field: "sink", reason: "finish before begin") }
        guard rowsWritten == frame.rows else {
            throw TelemetryError.invalidValue(field: "rows", reason: "only \(rowsWritten) of \(frame.rows) rows were written")
        }
        dataset = try Dataset(
            info: header.info, axis: header.axis, series: header.series, frame: frame, logs: logs,
            spans: spans, events: events, topology: header.topology, groundTruth: groundTruth)
    }
}
