import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// Small datasets and helpers shared by the store tests.
enum StoreFixtures {
    static let axis = TimeAxis(startMs: 1_700_000_000_000, stepMs: 15_000, count: 7)

    static let series = [
        SeriesDescriptor(entity: "cart", metric: "latency_p99", unit: "ms", kind: .quantile),
        SeriesDescriptor(entity: "cart", metric: "cpu_util", unit: "ratio", kind: .gauge),
        SeriesDescriptor(entity: "db", metric: "requests_total", unit: "count", kind: .counter),
    ]

    /// Column `c`, row `r` → a value with a fractional part; a few NaNs (missing samples).
    static func value(row r: Int, column c: Int) -> Double {
        if (r == 2 && c == 0) || (r == 5 && c == 2) || (r == 0 && c == 1) { return .nan }
        return Double(c * 1_000 + r) + 0.1 * Double(r) - 1.0 / 3.0
    }

    static var frame: MetricFrame {
        var f = MetricFrame(rows: axis.count, columns: series.count)
        for c in 0..<series.count { for r in 0..<axis.count { f[r, c] = value(row: r, column: c) } }
        return f
    }

    static let logs = [
        LogRecord(
            timeMs: axis.time(at: 0), entity: "cart", severity: .info, templateId: "T1", body: "GET /cart 200",
            attributes: ["pod": "cart-1", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"]),
        LogRecord(
            timeMs: axis.time(at: 3), entity: "db", severity: .error, body: "query failed: \"timeout\", {retry: 3}, [x] \\ done\nnext ünïcødé 🚀"),
        LogRecord(timeMs: axis.time(at: 4), entity: "cart", severity: .warn, templateId: "T2", body: "slow, slower, slowest"),
    ]

    static let spans = [
        Span(
            traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", parentSpanId: nil, service: "cart",
            operation: "GET /cart", startMs: axis.time(at: 1), durationMs: 12.625, status: .ok),
        Span(
            traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "53995c3f42cd8ad8", parentSpanId: "00f067aa0ba902b7", service: "db",
            operation: "SELECT", startMs: axis.time(at: 1) + 2, durationMs: 0.1, status: .error),
    ]

    static let events = [
        OpsEvent(
            timeMs: axis.time(at: 2), kind: .deploy, entity: "cart", reason: "ScalingReplicaSet", message: "deploy v2",
            attributes: ["version": "v2", "replicas": "3"]),
        OpsEvent(
            timeMs: axis.time(at: 3), kind: .chaosStart, entity: "db", type: "Warning", reason: "ChaosInjected", message: "cpu hog",
            attributes: ["fault_id": "f1"]),
    ]

    static let topology = Topology(
        entities: [Entity(id: "cart", kind: .service, replicas: 3), Entity(id: "db", kind: .database), Entity(id: "host-1", kind: .host)],
        edges: [CallEdge(caller: "cart", callee: "db", fanOut: 2.5, timeoutMs: 250, retries: 2)],
        placement: ["db": ["host-1"], "cart": ["host-1", "host-2"]])

    static let groundTruth = GroundTruth(
        faults: [
            FaultRecord(
                id: "f1", kind: "cpu-hog", target: "db", injectionStartMs: axis.time(at: 3), injectionEndMs: axis.time(at: 5),
                firstSymptomMs: axis.time(at: 3), userImpactStartMs: axis.time(at: 4),
                affectedSeries: [AffectedSeries(seriesId: "db/requests_total", startMs: axis.time(at: 3), endMs: axis.time(at: 5))],
                propagationPath: ["db", "cart"], compound: false, intensity: 0.75),
            FaultRecord(id: "f2", kind: "memory-leak", target: "cart", injectionStartMs: axis.time(at: 5), injectionEndMs: axis.time(at: 6)),
        ],
        benignChanges: [BenignChange(id: "b1", kind: "deploy", target: "cart", startMs: axis.time(at: 2), endMs: axis.time(at: 2))],
        slos: [SLO(entity: "cart", latencyMetric: "latency_p99", latencyMs: 300, errorRatio: 0.01)])

    static let info = DatasetInfo(
        name: "tiny", generator: "faultline-simulator 0.1.0", scenario: "tiny",
        scenarioHash: String(repeating: "ab", count: 32), seed: 42)

    static func dataset() throws -> Dataset {
        try Dataset(
            info: info, axis: axis, series: series, frame: frame, logs: logs, spans: spans, events: events,
            topology: topology, groundTruth: groundTruth)
    }

    /// Writes the fixture to `<fresh temp dir>/<name>` and returns its URL.
    static func written(_ name: String = "tiny") throws -> URL {
        let url = try SharedData.temporaryDirectory("store").appendingPathComponent(name)
        try DatasetStore.write(dataset(), to: url, durable: false)
        return url
    }

    /// Recomputes the manifest's file lengths and hashes after a test modified a file on purpose,
    /// so that the check under test (not the hash check) is the one that fires.
    static func reseal(_ url: URL) throws {
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.files = try manifest.files.map { entry in
            let d = try FileDigest.sha256(path: url.appendingPathComponent(entry.name).path)
            return DatasetManifest.FileEntry(name: entry.name, bytes: d.bytes, sha256: d.hex)
        }
        try manifest.encoded().write(to: url.appendingPathComponent(DatasetStore.manifestFile))
    }

    /// Runs `body` and returns the `TelemetryError` it throws (nil, and a recorded issue, otherwise).
    static func error(_ body: () throws -> Void) -> TelemetryError? {
        do {
            try body()
            Issue.record("expected a TelemetryError, nothing was thrown")
            return nil
        } catch let e as TelemetryError {
            return e
        } catch {
            Issue.record("expected a TelemetryError, got \(error)")
            return nil
        }
    }

    /// Every file of a dataset folder, by name.
    static func files(_ url: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            out[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return out
    }

    /// Bit patterns, so NaN positions compare equal.
    static func bits(_ f: MetricFrame) -> [UInt64] { f.values.map(\.bitPattern) }
}
