import Foundation

/// The `manifest.json` of a stored dataset: everything about the dataset except its bulk data,
/// plus the length and SHA-256 of every other file in the folder.
///
/// It is written last, so a folder with a valid manifest whose files match it is complete. See
/// `docs/DATASET-FORMAT.md` for the format with an example.
public struct DatasetManifest: Codable, Sendable, Hashable {
    /// One file of the dataset folder, as the manifest records it.
    public struct FileEntry: Codable, Sendable, Hashable {
        /// File name inside the dataset folder (`metrics.npy`).
        public var name: String
        /// Length in bytes.
        public var bytes: Int
        /// Lower-case hex SHA-256 of the contents.
        public var sha256: String

        /// Creates an entry.
        public init(name: String, bytes: Int, sha256: String) {
            self.name = name
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// How many records each JSON Lines file holds.
    public struct RecordCounts: Codable, Sendable, Hashable {
        /// Lines of `logs.jsonl`.
        public var logs: Int
        /// Lines of `traces.jsonl` (one span each).
        public var spans: Int
        /// Lines of `events.jsonl`.
        public var events: Int

        /// Creates the counts.
        public init(logs: Int, spans: Int, events: Int) {
            self.logs = logs
            self.spans = spans
            self.events = events
        }
    }

    /// The format version this build writes: 2, where `metrics.npy` is time-major (C order).
    public static let currentFormatVersion = 2
    /// The versions this build reads: 1 (`metrics.npy` column-major, Fortran order) and 2 (time-major).
    public static let readableFormatVersions = 1...2

    /// True when this version's `metrics.npy` is stored column-major (Fortran order): version 1 only.
    public var metricsFortranOrder: Bool { formatVersion == 1 }

    /// Format version of the folder layout and manifest schema (see `currentFormatVersion`).
    public var formatVersion: Int
    /// Program and version that wrote the folder (`faultline 0.1.0`).
    public var generatorVersion: String
    /// Provenance: name, generator, scenario name and hash, seed.
    public var info: DatasetInfo
    /// Time axis summary (start, step, count).
    public var axis: TimeAxis
    /// Rows of `metrics.npy` and entries of `timestamps.npy`.
    public var rows: Int
    /// One descriptor per column of `metrics.npy`, in column order.
    public var series: [SeriesDescriptor]
    /// Entities, call edges and placement.
    public var topology: Topology
    /// Faults, benign changes and SLOs.
    public var groundTruth: GroundTruth
    /// Record counts of the JSON Lines files.
    public var records: RecordCounts
    /// Every other file of the folder, sorted by name.
    public var files: [FileEntry]

    /// Creates a manifest (the writer builds it; tests and tools may build one by hand).
    public init(
        formatVersion: Int = DatasetManifest.currentFormatVersion, generatorVersion: String, info: DatasetInfo,
        axis: TimeAxis, rows: Int, series: [SeriesDescriptor], topology: Topology, groundTruth: GroundTruth,
        records: RecordCounts, files: [FileEntry]
    ) {
        self.formatVersion = formatVersion
        self.generatorVersion = generatorVersion
        self.info = info
        self.axis = axis
        self.rows = rows
        self.series = series
        self.topology = topology
        self.groundTruth = groundTruth
        self.records = records
        self.files = files
    }

    /// The entry for file `name`, if listed.
    public func file(_ name: String) -> FileEntry? { files.first { $0.name == name } }

    /// Canonical bytes: pretty-printed, keys sorted, slashes unescaped, ending in a newline.
    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var data = try e.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes and validates manifest bytes.
    ///
    /// - Parameters:
    ///   - data: the contents of `manifest.json`.
    ///   - path: the file named in errors.
    /// - Throws: `.malformedJSON` when it does not parse or lacks fields, `.unsupportedFormat` for a
    ///   format version outside `readableFormatVersions`, `.corruptFile` when its content is inconsistent.
    public static func decode(_ data: Data, path: String) throws -> DatasetManifest {
        struct Version: Decodable { var formatVersion: Int }
        let decoder = JSONLines.decoder()
        let version: Version
        do { version = try decoder.decode(Version.self, from: data) } catch {
            throw TelemetryError.malformedJSON(path: path, line: nil, reason: JSONLines.describe(error))
        }
        guard readableFormatVersions.contains(version.formatVersion) else {
            throw TelemetryError.unsupportedFormat(path: path, found: version.formatVersion, supported: currentFormatVersion)
        }
        let manifest: DatasetManifest
        do { manifest = try decoder.decode(DatasetManifest.self, from: data) } catch {
            throw TelemetryError.malformedJSON(path: path, line: nil, reason: JSONLines.describe(error))
        }
        try manifest.validate(path: path)
        return manifest
    }

    /// Checks internal consistency: axis, rows, unique series ids, the required files listed once with sane entries.
    public func validate(path: String) throws {
        func bad(_ reason: String) -> TelemetryError { .corruptFile(path: path, reason: "inconsistent manifest: \(reason)") }
        guard axis.stepMs > 0, axis.count >= 0 else { throw bad("time axis needs stepMs > 0 and count ≥ 0") }
        guard rows >= 0 else { throw bad("rows is negative") }
        guard rows == axis.count else { throw bad("rows (\(rows)) differs from the time axis' count (\(axis.count))") }
        let (span, spanOverflow) = Int64(axis.count).multipliedReportingOverflow(by: axis.stepMs)
        let (end, endOverflow) = axis.startMs.addingReportingOverflow(span)
        guard axis.startMs >= GroundTruth.earliestTimeMs, !spanOverflow, !endOverflow, end <= GroundTruth.latestTimeMs else {
            throw bad("time axis (start \(axis.startMs) ms, \(axis.count) steps of \(axis.stepMs) ms) leaves years 1–9999")
        }
        if let t = info.trainRows, t < 0 || t > rows { throw bad("info.trainRows \(t) is outside 0…\(rows)") }
        guard records.logs >= 0, records.spans >= 0, records.events >= 0 else { throw bad("negative record count") }
        var ids = Set<String>()
        for s in series where !ids.insert(s.id).inserted { throw bad("series id '\(s.id)' appears twice") }
        var names = Set<String>()
        for f in files {
            guard names.insert(f.name).inserted else { throw bad("file '\(f.name)' listed twice") }
            guard !f.name.isEmpty, !f.name.contains("/"), f.name != ".", f.name != "..", f.name != DatasetStore.manifestFile else {
                throw bad("file name '\(f.name)' is not a plain file name")
            }
            guard f.bytes >= 0 else { throw bad("file '\(f.name)' has a negative length") }
            guard f.sha256.count == 64, f.sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                throw bad("file '\(f.name)' has a malformed sha256")
            }
        }
        for required in DatasetStore.dataFiles where !names.contains(required) {
            throw bad("required file '\(required)' is not listed")
        }
        try groundTruth.validate(seriesIDs: ids, path: path)
    }
}
