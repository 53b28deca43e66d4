import Foundation

/// Reads and writes datasets as folders (`manifest.json`, `metrics.npy`, `timestamps.npy`,
/// `logs.jsonl`, `traces.jsonl`, `events.jsonl`); see `docs/DATASET-FORMAT.md`.
///
/// Writing goes through `DatasetWriter`, so it is atomic and deterministic: the same `Dataset`
/// always gives byte-identical files. Reading validates everything (manifest, lengths, hashes, npy
/// headers, every JSON line) and either returns the whole dataset or throws a `TelemetryError`
/// naming the file (and line); it never returns partial data.
public enum DatasetStore {
    /// The manifest, written last.
    public static let manifestFile = "manifest.json"
    /// Metric values: `<f8`, shape (rows, series), C order (time-major; Fortran order in format version 1).
    public static let metricsFile = "metrics.npy"
    /// Row timestamps: `<i8` epoch milliseconds, shape (rows,).
    public static let timestampsFile = "timestamps.npy"
    /// One `LogRecord` per line.
    public static let logsFile = "logs.jsonl"
    /// One `Span` per line.
    public static let tracesFile = "traces.jsonl"
    /// One `OpsEvent` per line.
    public static let eventsFile = "events.jsonl"
    /// Every file besides the manifest, sorted by name (the order of `DatasetManifest.files`).
    public static let dataFiles = [eventsFile, logsFile, metricsFile, timestampsFile, tracesFile]
    /// Generator recorded in manifests unless the caller names another (keep equal to `faultline --version`).
    public static let generatorVersion = "faultline 0.1.0"

    /// Writes `dataset` to the folder `url` (atomically replacing an existing dataset folder).
    ///
    /// - Parameters:
    ///   - dataset: the dataset.
    ///   - url: destination folder; its parent must exist.
    ///   - generatorVersion: recorded in the manifest.
    ///   - durable: `fsync` before and after the rename (default true).
    /// - Throws: `TelemetryError.io` on I/O failure.
    public static func write(_ dataset: Dataset, to url: URL, generatorVersion: String = DatasetStore.generatorVersion, durable: Bool = true) throws {
        let writer = DatasetWriter(destination: url, generatorVersion: generatorVersion, durable: durable)
        try writer.begin(dataset.header, timestamps: dataset.timestamps)
        try writer.writeMetrics(rowOffset: 0, chunk: dataset.frame)
        try writer.append(logs: dataset.logs)
        try writer.append(spans: dataset.spans)
        try writer.append(events: dataset.events)
        try writer.finish(groundTruth: dataset.groundTruth)
    }

    /// Reads and validates the manifest alone (no data file is opened): cheap, for `inspect`.
    ///
    /// - Throws: `.missingFile` when `manifest.json` is absent, `.malformedJSON`, `.unsupportedFormat`
    ///   or `.corruptFile` (inconsistent manifest), each naming `manifest.json`.
    public static func readManifest(from url: URL) throws -> DatasetManifest {
        let path = url.appendingPathComponent(manifestFile).path
        return try DatasetManifest.decode(try RegularFile.read(path, maxBytes: maxManifestBytes), path: path)
    }

    /// Longest `manifest.json` read (256 MiB: a manifest lists series and ground truth, not data).
    public static let maxManifestBytes = 256 << 20

    /// Checks that every file the manifest lists exists with the recorded length and SHA-256.
    ///
    /// Lengths are checked for all files before any hash is computed (a truncated file is reported
    /// without reading gigabytes); hashes are computed in parallel.
    /// - Returns: the validated manifest.
    /// - Throws: `.missingFile`, or `.corruptFile` for a wrong length or hash, naming the file.
    @discardableResult
    public static func verify(at url: URL) throws -> DatasetManifest {
        let manifest = try readManifest(from: url)
        let paths = manifest.files.map { url.appendingPathComponent($0.name).path }
        for (entry, path) in zip(manifest.files, paths) {
            // The length of a regular file, a symbolic link's target's (a FIFO or directory is refused).
            let size = try RegularFile.size(path)
            guard size == entry.bytes else {
                throw TelemetryError.corruptFile(path: path, reason: "length is \(size) bytes, manifest says \(entry.bytes) (truncated or modified)")
            }
        }
        let digests = try FileDigest.sha256(paths: paths)
        for ((entry, path), digest) in zip(zip(manifest.files, paths), digests) {
            guard digest.bytes == entry.bytes else {
                throw TelemetryError.corruptFile(
                    path: path, reason: "length changed while hashing (\(digest.bytes) bytes, manifest says \(entry.bytes))")
            }
            guard digest.hex == entry.sha256 else {
                throw TelemetryError.corruptFile(
                    path: path, reason: "SHA-256 is \(digest.hex), manifest says \(entry.sha256) (modified or corrupted)")
            }
        }
        return manifest
    }

    /// Reads a whole dataset, validating the manifest, every file's length and hash, the npy
    /// headers (dtype, shape, order) and every JSON line.
    ///
    /// - Throws: a `TelemetryError` naming the offending file (and 1-based line for JSON Lines).
    public static func read(from url: URL) throws -> Dataset {
        let manifest = try verify(at: url)
        let rows = manifest.rows, columns = manifest.series.count
        let metricsURL = url.appendingPathComponent(metricsFile)
        let frame = try NPYFile.readFrame(at: metricsURL, rows: rows, columns: columns, fortranOrder: manifest.metricsFortranOrder)
        let timestamps = try NPYFile.readInt64(at: url.appendingPathComponent(timestampsFile), count: rows)
        try checkTimes(timestamps, manifest: manifest, folder: url)
        let logs = try readLines(LogRecord.self, url.appendingPathComponent(logsFile), expected: manifest.records.logs)
        let spans = try readLines(Span.self, url.appendingPathComponent(tracesFile), expected: manifest.records.spans)
        let events = try readLines(OpsEvent.self, url.appendingPathComponent(eventsFile), expected: manifest.records.events)
        return try Dataset(
            info: manifest.info, axis: manifest.axis, timestamps: timestamps, series: manifest.series, frame: frame,
            logs: logs, spans: spans, events: events, topology: manifest.topology, groundTruth: manifest.groundTruth)
    }

    /// Checks the row timestamps (in time order, repeats allowed for irregular imports; years 1–9999) and that
    /// every fault and benign change of the ground truth lies within the rows' span.
    ///
    /// - Throws: `TelemetryError.corruptFile` naming `timestamps.npy` (and the row) or `manifest.json` (and the key).
    public static func checkTimes(_ timestamps: [Int64], manifest: DatasetManifest, folder url: URL) throws {
        let path = url.appendingPathComponent(timestampsFile).path
        for (i, t) in timestamps.enumerated() {
            guard t >= GroundTruth.earliestTimeMs, t <= GroundTruth.latestTimeMs else {
                throw TelemetryError.corruptFile(path: path, reason: "row \(i): timestamp \(t) ms is outside years 1–9999")
            }
            if i > 0, t < timestamps[i - 1] {
                throw TelemetryError.corruptFile(
                    path: path, reason: "row \(i): timestamp \(t) steps back from row \(i - 1)'s \(timestamps[i - 1]) (rows are in time order)")
            }
        }
        guard let first = timestamps.first, let last = timestamps.last else { return }
        try manifest.groundTruth.validate(
            firstRowMs: first, lastRowMs: last, stepMs: manifest.axis.stepMs, path: url.appendingPathComponent(manifestFile).path)
    }

    /// Parses every line of the three JSON Lines files and checks their record counts against the manifest,
    /// keeping nothing (what `inspect` needs; `read` keeps the records).
    ///
    /// - Throws: as `read`, naming the file and 1-based line.
    public static func checkRecords(at url: URL, manifest: DatasetManifest) throws {
        _ = try readLines(LogRecord.self, url.appendingPathComponent(logsFile), expected: manifest.records.logs)
        _ = try readLines(Span.self, url.appendingPathComponent(tracesFile), expected: manifest.records.spans)
        _ = try readLines(OpsEvent.self, url.appendingPathComponent(eventsFile), expected: manifest.records.events)
    }

    static func readLines<T: JSONScannable>(_ type: T.Type, _ url: URL, expected: Int) throws -> [T] {
        let data = try RegularFile.read(url.path)
        let records = try JSONLines.decodeScanning(type, from: data, path: url.path)
        guard records.count == expected else {
            throw TelemetryError.corruptFile(path: url.path, reason: "holds \(records.count) records, manifest says \(expected)")
        }
        return records
    }
}
