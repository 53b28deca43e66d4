import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// The writer's fast JSON Lines output must equal Foundation's `JSONEncoder` with the store's
/// settings, byte for byte, so the format has one definition.
@Suite struct CanonicalJSONTests {

    static let awkward: String = {
        var s = ""
        for c in 0..<0x80 { if let u = Unicode.Scalar(c) { s.unicodeScalars.append(u) } }
        return s + "\u{2028}\u{2029} é 🚀 / \\ \" \u{7F}"
    }()

    static func doubles() -> [Double] {
        var rng = SplitMix64(seed: 7)
        var out: [Double] = [
            0, -0.0, 1, 0.1, 12.625, 1e-5, 1.5e-7, 1e16, 1e17, 1e21, 1e22, 2.5e15, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .nan, .infinity, -.infinity, 3e-4, 100,
        ]
        for _ in 0..<300 { out.append(Double(bitPattern: rng.next())) }
        for _ in 0..<300 { out.append(Double(Int64.random(in: -1_000_000...1_000_000, using: &rng)) / 64) }
        return out.filter { !$0.isNaN || $0.bitPattern == Double.nan.bitPattern }
    }

    private func expectSameAsJSONEncoder(logs: [LogRecord] = [], spans: [Span] = [], events: [OpsEvent] = []) throws {
        let axis = TimeAxis(startMs: 0, stepMs: 1, count: 0)
        let url = try SharedData.temporaryDirectory("canonical").appendingPathComponent("d")
        let ds = try Dataset(
            info: DatasetInfo(name: "c", generator: "t"), axis: axis, series: [], frame: MetricFrame(rows: 0, columns: 0),
            logs: logs, spans: spans, events: events)
        try DatasetStore.write(ds, to: url, durable: false)
        let encoder = JSONLines.lineEncoder()
        #expect(try Data(contentsOf: url.appendingPathComponent("logs.jsonl")) == Data(JSONLines.encode(logs, with: encoder)))
        #expect(try Data(contentsOf: url.appendingPathComponent("traces.jsonl")) == Data(JSONLines.encode(spans, with: encoder)))
        #expect(try Data(contentsOf: url.appendingPathComponent("events.jsonl")) == Data(JSONLines.encode(events, with: encoder)))
        let back = try DatasetStore.read(from: url)
        #expect(back.logs == logs && back.events == events)
        #expect(back.spans.map(\.durationMs.bitPattern) == spans.map(\.durationMs.bitPattern))
    }

    @Test func logsWithAwkwardTextMatchJSONEncoder() throws {
        let logs = [
            LogRecord(
                timeMs: .min, entity: Self.awkward, severity: .fatal, templateId: Self.awkward, body: Self.awkward,
                attributes: [Self.awkward: Self.awkward, "B": "1", "a": "2", "a-": "3", "a_": "4", "aa": "5"]),
            LogRecord(timeMs: .max, entity: "", severity: .debug, body: ""),
            LogRecord(timeMs: -1, entity: "x", severity: .warn, templateId: "", body: "plain", attributes: ["k": ""]),
        ]
        try expectSameAsJSONEncoder(logs: logs)
    }

    @Test func spansWithEveryKindOfDoubleMatchJSONEncoder() throws {
        let spans = Self.doubles().enumerated().map { i, d in
            Span(
                traceId: String(format: "%032x", i), spanId: String(format: "%016x", i), parentSpanId: i % 3 == 0 ? nil : "00f067aa0ba902b7",
                service: "svc\(i % 4)", operation: i % 5 == 0 ? Self.awkward : "GET /x", startMs: Int64(i) * 1_000 - 500,
                durationMs: d, status: SpanStatus.allCases[i % 3])
        }
        try expectSameAsJSONEncoder(spans: spans)
    }

    @Test func eventsMatchJSONEncoder() throws {
        let events = OpsEventKind.allCases.enumerated().map { i, kind in
            OpsEvent(
                timeMs: Int64(i) * 60_000, kind: kind, entity: "e\(i)", type: i % 2 == 0 ? "Normal" : "Warning", reason: "Reason\(i)",
                message: i == 0 ? Self.awkward : "m", attributes: i % 2 == 0 ? [:] : ["z": "1", "fault_id": "f\(i)", "Version": Self.awkward])
        }
        try expectSameAsJSONEncoder(events: events)
    }

    /// Lines written by other tools: escaped slashes and unicode (with a surrogate pair), `null`
    /// for an optional, an unknown key, whitespace, a missing final newline.
    @Test func foreignButValidLinesAreReadLikeJSONDecoderReadsThem() throws {
        let url = try StoreFixtures.written()
        let lines = [
            #"{"timeMs": 5, "entity": "a\/b", "severity": "info", "body": "caf\u00e9 \ud83d\ude80 \t", "attributes": {}}"#,
            #"{"attributes":{"k":"v"},"body":"x","entity":"e","severity":"warn","templateId":null,"timeMs":-7,"extra":[1,2]}"#,
            #"  {"attributes":{},"body":"","entity":"e","severity":"debug","timeMs":9}  "#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: url.appendingPathComponent("logs.jsonl"))
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.records.logs = 3
        try manifest.encoded().write(to: url.appendingPathComponent("manifest.json"))
        try StoreFixtures.reseal(url)
        let logs = try DatasetStore.read(from: url).logs
        #expect(
            logs == [
                LogRecord(timeMs: 5, entity: "a/b", severity: .info, body: "café 🚀 \t"),
                LogRecord(timeMs: -7, entity: "e", severity: .warn, templateId: nil, body: "x", attributes: ["k": "v"]),
                LogRecord(timeMs: 9, entity: "e", severity: .debug, body: ""),
            ])
    }
}
