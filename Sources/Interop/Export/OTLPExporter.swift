import Foundation
import Telemetry

/// `faultline export DATASET --format otlp-json --out FILE`: the OpenTelemetry Collector file exporter's shape,
/// one request object per line — spans (`resourceSpans`, one resource per service, up to 1,000 spans a line),
/// log records (`resourceLogs`, likewise), and metrics (`resourceMetrics`, one line per series: a `gauge`, or a
/// monotonic cumulative `sum` for counters, labelled like the Prometheus exports). Ids are hex, 64-bit times
/// strings of Unix nanoseconds. `OTLPImporter` reads it back.
public enum OTLPExporter {
    /// Renders `dataset`.
    public static func render(_ dataset: Dataset) -> ExportResult {
        var out: [UInt8] = []
        func j(_ s: String) -> String { QueryRangeExporter.json(s) }
        func ns(_ ms: Int64) -> String { j(String(ms) + "000000") }
        func resource(_ service: String) -> String { "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\(j(service))}}]}" }
        func kv(_ attrs: [(String, String)]) -> String {
            "[" + attrs.map { "{\"key\":\(j($0.0)),\"value\":{\"stringValue\":\(j($0.1))}}" }.joined(separator: ",") + "]"
        }
        /// Batches of `items` grouped per service within each batch, one line per batch.
        func lines<T>(_ items: [T], service: (T) -> String, top: String, scope: String, list: String, render: (T) -> String) {
            var i = 0
            while i < items.count {
                let batch = items[i..<min(items.count, i + 1_000)]
                var order: [String] = []
                var groups: [String: [String]] = [:]
                for x in batch {
                    let s = service(x)
                    if groups[s] == nil { order.append(s) }
                    groups[s, default: []].append(render(x))
                }
                let resources = order.map { s in
                    "{\"resource\":\(resource(s)),\"\(scope)\":[{\"scope\":{\"name\":\"faultline\"},\"\(list)\":[\((groups[s] ?? []).joined(separator: ","))]}]}"
                }
                out += Array("{\"\(top)\":[\(resources.joined(separator: ","))]}\n".utf8)
                i += 1_000
            }
        }
        lines(dataset.spans, service: { $0.service }, top: "resourceSpans", scope: "scopeSpans", list: "spans") { s in
            let endNanos = s.startMs * 1_000_000 + Int64((s.durationMs * 1e6).rounded())
            var t = "{\"traceId\":\(j(s.traceId)),\"spanId\":\(j(s.spanId)),"
            if let p = s.parentSpanId { t += "\"parentSpanId\":\(j(p))," }
            t += "\"name\":\(j(s.operation)),\"kind\":2,\"startTimeUnixNano\":\(ns(s.startMs)),\"endTimeUnixNano\":\(j(String(endNanos))),"
            t += "\"status\":{\"code\":\(s.status == .ok ? 1 : s.status == .error ? 2 : 0)}}"
            return t
        }
        let numbers: [Severity: Int] = [.debug: 5, .info: 9, .warn: 13, .error: 17, .fatal: 21]
        lines(dataset.logs, service: { $0.entity }, top: "resourceLogs", scope: "scopeLogs", list: "logRecords") { l in
            var attrs = l.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            if let t = l.templateId { attrs.append(("faultline.template_id", t)) }
            return
                "{\"timeUnixNano\":\(ns(l.timeMs)),\"severityNumber\":\(numbers[l.severity] ?? 9),\"severityText\":\(j(l.severity.rawValue.uppercased())),"
                + "\"body\":{\"stringValue\":\(j(l.body))},\"attributes\":\(kv(attrs))}"
        }
        let names = PrometheusNaming.names(dataset.series, typed: true)
        for (c, s) in dataset.series.enumerated() {
            var attrs = names[c].labels.filter { $0.0 != "entity" && $0.0 != "faultline_unit" && $0.0 != "faultline_kind" }
            if s.id != "\(s.entity)/\(s.metric)" && !attrs.contains(where: { $0.0 == "faultline_id" }) { attrs.append(("faultline_id", s.id)) }
            let counterName = ["_total", "_count", "_sum", "_bucket"].contains { s.metric.hasSuffix($0) }
            if s.kind == .quantile || (s.kind == .gauge && counterName) { attrs.append(("faultline_kind", s.kind.rawValue)) }
            let a = kv(attrs)
            var points: [String] = []
            dataset.frame.withColumn(c) { col in
                for r in 0..<col.count where !col[r].isNaN {
                    let v =
                        col[r].isFinite
                        ? TimeText.value(col[r])
                        : j(TimeText.value(col[r]) == "+Inf" ? "Infinity" : TimeText.value(col[r]) == "-Inf" ? "-Infinity" : "NaN")
                    points.append("{\"timeUnixNano\":\(ns(dataset.timestamps[r])),\"asDouble\":\(v),\"attributes\":\(a)}")
                }
            }
            guard !points.isEmpty else { continue }
            let data =
                s.kind == .counter
                ? "\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,\"dataPoints\":[\(points.joined(separator: ","))]}"
                : "\"gauge\":{\"dataPoints\":[\(points.joined(separator: ","))]}"
            out += Array(
                "{\"resourceMetrics\":[{\"resource\":\(resource(s.entity)),\"scopeMetrics\":[{\"scope\":{\"name\":\"faultline\"},\"metrics\":[{\"name\":\(j(s.metric)),\"unit\":\(j(s.unit)),\(data)}]}]}]}\n"
                    .utf8)
        }
        var notes: [String] = []
        if !dataset.groundTruth.faults.isEmpty {
            notes.append("\(dataset.groundTruth.faults.count) faults are not exported (OTLP has no ground truth; use openmetrics or query-range)")
        }
        if !dataset.events.isEmpty { notes.append("\(dataset.events.count) ops events are not exported") }
        return ExportResult(files: [("", out)], notes: notes)
    }
}
