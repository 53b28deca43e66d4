import Foundation

/// What `faultline inspect` shows about a stored dataset: provenance, time span, series, ground
/// truth, record counts and files.
///
/// Built from the manifest and the row timestamps only (the metric values are hashed when
/// verifying, never decoded), so it is cheap even for large datasets.
public struct DatasetInspection: Codable, Sendable, Hashable {
    /// One injected fault, with its times in ISO-8601 UTC.
    public struct Fault: Codable, Sendable, Hashable {
        /// Fault id (`f1`).
        public var id: String
        /// Fault kind (`cpu-hog`).
        public var kind: String
        /// Root-cause entity.
        public var target: String
        /// Injection start.
        public var injectionStart: String
        /// Injection end (inclusive).
        public var injectionEnd: String
        /// First time a series left its normal band; nil when none did.
        public var firstSymptom: String?
        /// First SLO breach; nil when the fault had no user impact.
        public var userImpact: String?
        /// Number of series the fault affected.
        public var affectedSeries: Int
        /// True for faults the scenario asked to overlap.
        public var compound: Bool
    }

    /// One benign change (a hard negative).
    public struct Change: Codable, Sendable, Hashable {
        /// Change id.
        public var id: String
        /// `deploy`, `scale-out`, …
        public var kind: String
        /// Entity changed.
        public var target: String
        /// Start.
        public var start: String
        /// End (inclusive).
        public var end: String
    }

    /// One file of the folder.
    public struct File: Codable, Sendable, Hashable {
        /// File name in the folder.
        public var name: String
        /// Length in bytes.
        public var bytes: Int
        /// Hex SHA-256 as the manifest records it; nil for `manifest.json` itself.
        public var sha256: String?
    }

    /// Dataset name.
    public var name: String
    /// What produced the data (`faultline-simulator 0.1.0`).
    public var generator: String
    /// Program that wrote the folder.
    public var generatorVersion: String
    /// Format version of the folder.
    public var formatVersion: Int
    /// Scenario name, when simulated.
    public var scenario: String?
    /// Hex SHA-256 of the scenario, when simulated.
    public var scenarioHash: String?
    /// Seed, when simulated.
    public var seed: UInt64?
    /// First row time (ISO-8601 UTC), nil for an empty dataset.
    public var start: String?
    /// Last row time (ISO-8601 UTC), nil for an empty dataset.
    public var end: String?
    /// Step of the time axis in milliseconds.
    public var stepMs: Int64
    /// Rows (time steps).
    public var rows: Int
    /// Series (metric columns).
    public var seriesCount: Int
    /// Series per entity.
    public var seriesByEntity: [String: Int]
    /// Series per metric name.
    public var seriesByMetric: [String: Int]
    /// Injected faults, in ground-truth order.
    public var faults: [Fault]
    /// Benign changes (hard negatives).
    public var benignChanges: [Change]
    /// Log records.
    public var logs: Int
    /// Spans.
    public var spans: Int
    /// Ops events.
    public var events: Int
    /// Data files plus `manifest.json`, by name.
    public var files: [File]
    /// Sum of the file lengths.
    public var totalBytes: Int
    /// True when every file's length and SHA-256 were checked against the manifest.
    public var verified: Bool

    /// Summarises the dataset folder at `url`.
    ///
    /// With `verify` (the default) it checks what `DatasetStore.read` checks, so a folder it calls verified is
    /// one `score` and `evaluate` accept: every file's length and SHA-256, the manifest and its ground truth,
    /// `metrics.npy`'s header (dtype, shape, order, length; the values are hashed, not decoded), the row
    /// timestamps, and every line of the JSON Lines files against the record counts it prints.
    ///
    /// - Parameters:
    ///   - url: the dataset folder.
    ///   - verify: check the files as above (default true); false reads the manifest and timestamps only.
    /// - Throws: the `TelemetryError` of the first problem found (missing file, wrong length, bad
    ///   hash, malformed or unsupported manifest, bad npy header, bad timestamps, a malformed JSON line or a
    ///   record count that disagrees), naming the file (and line or key).
    public static func load(from url: URL, verify: Bool = true) throws -> DatasetInspection {
        let manifest = verify ? try DatasetStore.verify(at: url) : try DatasetStore.readManifest(from: url)
        let timestamps = try NPYFile.readInt64(at: url.appendingPathComponent(DatasetStore.timestampsFile), count: manifest.rows)
        if verify {
            try NPYFile.checkFrame(
                at: url.appendingPathComponent(DatasetStore.metricsFile), rows: manifest.rows, columns: manifest.series.count,
                fortranOrder: manifest.metricsFortranOrder)
            try DatasetStore.checkTimes(timestamps, manifest: manifest, folder: url)
            try DatasetStore.checkRecords(at: url, manifest: manifest)
        }
        let manifestBytes = (try? RegularFile.size(url.appendingPathComponent(DatasetStore.manifestFile).path)) ?? 0
        return DatasetInspection(
            manifest: manifest, firstTimeMs: timestamps.first, lastTimeMs: timestamps.last,
            manifestBytes: manifestBytes, verified: verify)
    }

    /// Summarises a manifest.
    ///
    /// - Parameters:
    ///   - manifest: the dataset manifest.
    ///   - firstTimeMs: time of the first row (defaults to the axis start when there are rows).
    ///   - lastTimeMs: time of the last row (defaults to the axis' last row).
    ///   - manifestBytes: length of `manifest.json`, listed with the other files when known.
    ///   - verified: whether lengths and hashes were checked.
    public init(manifest: DatasetManifest, firstTimeMs: Int64? = nil, lastTimeMs: Int64? = nil, manifestBytes: Int? = nil, verified: Bool = false) {
        let hasRows = manifest.rows > 0
        name = manifest.info.name
        generator = manifest.info.generator
        generatorVersion = manifest.generatorVersion
        formatVersion = manifest.formatVersion
        scenario = manifest.info.scenario
        scenarioHash = manifest.info.scenarioHash
        seed = manifest.info.seed
        start = (firstTimeMs ?? (hasRows ? manifest.axis.startMs : nil)).map(Self.iso8601)
        end = (lastTimeMs ?? (hasRows ? manifest.axis.time(at: manifest.rows - 1) : nil)).map(Self.iso8601)
        stepMs = manifest.axis.stepMs
        rows = manifest.rows
        seriesCount = manifest.series.count
        seriesByEntity = Dictionary(manifest.series.map { ($0.entity, 1) }, uniquingKeysWith: +)
        seriesByMetric = Dictionary(manifest.series.map { ($0.metric, 1) }, uniquingKeysWith: +)
        faults = manifest.groundTruth.faults.map {
            Fault(
                id: $0.id, kind: $0.kind, target: $0.target, injectionStart: Self.iso8601($0.injectionStartMs),
                injectionEnd: Self.iso8601($0.injectionEndMs), firstSymptom: $0.firstSymptomMs.map(Self.iso8601),
                userImpact: $0.userImpactStartMs.map(Self.iso8601), affectedSeries: $0.affectedSeries.count, compound: $0.compound)
        }
        benignChanges = manifest.groundTruth.benignChanges.map {
            Change(id: $0.id, kind: $0.kind, target: $0.target, start: Self.iso8601($0.startMs), end: Self.iso8601($0.endMs))
        }
        logs = manifest.records.logs
        spans = manifest.records.spans
        events = manifest.records.events
        var files = manifest.files.map { File(name: $0.name, bytes: $0.bytes, sha256: $0.sha256) }
        if let manifestBytes { files.append(File(name: DatasetStore.manifestFile, bytes: manifestBytes, sha256: nil)) }
        self.files = files.sorted { $0.name < $1.name }
        totalBytes = files.reduce(0) { $0 + $1.bytes }
        self.verified = verified
    }

    /// ISO-8601 UTC (`2023-11-14T22:13:20Z`, with `.mmm` when the milliseconds are not zero).
    public static func iso8601(_ ms: Int64) -> String {
        let (secondsTotal, millis) = floorDivide(ms, 1_000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(abs(v))
            return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, n - s.count)) + s
        }
        var text =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3_600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis != 0 { text += ".\(pad(millis, 3))" }
        return text + "Z"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}
