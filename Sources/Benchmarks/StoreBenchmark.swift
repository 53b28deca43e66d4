import Dispatch
import Foundation
import Telemetry

/// Measures `DatasetWriter` throughput: a synthetic frame streamed in chunks, hashed, manifested
/// and renamed into place. Meant for `faultline bench store`.
public enum StoreBenchmark {
    /// Parameters of one measurement.
    public struct Configuration: Sendable {
        /// Series (columns) of the frame.
        public var series: Int
        /// Rows (time steps) of the frame.
        public var rows: Int
        /// Rows per `writeMetrics` chunk.
        public var chunkRows: Int
        /// Whether the writer `fsync`s.
        public var durable: Bool
        /// Number of timed repetitions (the median is reported).
        public var repetitions: Int

        public init(series: Int = 1_000, rows: Int = 100_000, chunkRows: Int = 1_000, durable: Bool = true, repetitions: Int = 3) {
            self.series = series
            self.rows = rows
            self.chunkRows = chunkRows
            self.durable = durable
            self.repetitions = repetitions
        }
    }

    /// Outcome of a measurement.
    public struct Result: Sendable, Codable {
        /// Bytes of metric values written per run (`series × rows × 8`).
        public var metricBytes: Int
        /// Wall-clock seconds of each run (begin … finish, including hashing and renaming).
        public var seconds: [Double]
        /// Median seconds.
        public var medianSeconds: Double
        /// Megabytes (10⁶ bytes) of metric values per second, from the median.
        public var megabytesPerSecond: Double
        /// Points (values) per second, from the median.
        public var pointsPerSecond: Double
    }

    /// Runs the measurement, writing into (and afterwards removing) `directory/bench-store`.
    ///
    /// Each repetition times `begin`, every `writeMetrics` chunk (the same synthetic chunk reused, so
    /// generation costs nothing) and `finish` (hashing, manifest, `fsync` when durable, rename).
    ///
    /// - Throws: any writer error.
    public static func run(_ configuration: Configuration, in directory: URL) throws -> Result {
        let c = configuration
        let chunkRows = max(1, min(c.chunkRows, c.rows))
        var chunk = MetricFrame(rows: chunkRows, columns: c.series)
        chunk.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = Double(i % 9_973) * 0.125 }
        }
        let tail = c.rows % chunkRows == 0 ? nil : chunk.rows(0..<(c.rows % chunkRows))
        let series = (0..<c.series).map { SeriesDescriptor(entity: "e\($0 / 10)", metric: "m\($0 % 10)", unit: "1", kind: .gauge) }
        let header = DatasetHeader(
            info: DatasetInfo(name: "bench-store", generator: "faultline bench"),
            axis: TimeAxis(startMs: 0, stepMs: 1_000, count: c.rows), series: series, topology: Topology())
        let destination = directory.appendingPathComponent("bench-store")
        var seconds: [Double] = []
        for _ in 0..<max(1, c.repetitions) {
            // Untimed: removing the previous run's 800 MB is not part of writing.
            try? FileManager.default.removeItem(at: destination)
            let start = DispatchTime.now().uptimeNanoseconds
            let writer = DatasetWriter(destination: destination, durable: c.durable)
            try writer.begin(header)
            var row = 0
            while row < c.rows {
                let piece = (c.rows - row >= chunkRows) ? chunk : (tail ?? chunk)
                try writer.writeMetrics(rowOffset: row, chunk: piece)
                row += piece.rows
            }
            try writer.finish(groundTruth: GroundTruth())
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        try? FileManager.default.removeItem(at: destination)
        let median = seconds.sorted()[seconds.count / 2]
        let bytes = c.series * c.rows * 8
        return Result(
            metricBytes: bytes, seconds: seconds, medianSeconds: median,
            megabytesPerSecond: Double(bytes) / 1e6 / median, pointsPerSecond: Double(c.series * c.rows) / median)
    }
}
