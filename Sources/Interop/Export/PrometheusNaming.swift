import Foundation
import Telemetry

/// How a dataset's series become Prometheus series (shared by the OpenMetrics and `query_range` exporters):
/// the metric name is the series' metric, sanitised to `[a-zA-Z_:][a-zA-Z0-9_:]*` (counters end in `_total`);
/// labels `entity`, plus `faultline_id` when the id is not `entity/metric` or the name had to change,
/// `faultline_unit` when the series has a unit, `faultline_kind` when the importer could not tell the kind
/// from the name and type. `SampleSet` reads them back.
struct PrometheusNaming {
    struct Named {
        var name: String
        var labels: [(String, String)]
        var type: String
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`: other bytes become `_`, a leading digit gets a `_` before it.
    static func sanitize(_ s: String) -> String {
        var out = String(
            decoding: s.utf8.map { c -> UInt8 in
                (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 58 ? c : 95
            }, as: UTF8.self)
        if out.isEmpty { out = "value" }
        if let f = out.utf8.first, f >= 48 && f <= 57 { out = "_" + out }
        return out
    }

    /// Abbreviated units `promtool check metrics` objects to in a name part, spelled out.
    static let spelledUnits: [String: String] = [
        "s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds", "sec": "seconds", "b": "bytes", "kb": "kilobytes",
        "mb": "megabytes", "gb": "gigabytes", "tb": "terabytes", "pb": "petabytes", "m": "minutes", "h": "hours", "d": "days",
    ]

    /// `sanitize`, with abbreviated unit parts spelled out (`requests_per_s` → `requests_per_seconds`).
    static func metricName(_ s: String) -> String {
        sanitize(s).split(separator: "_", omittingEmptySubsequences: false).map { spelledUnits[String($0)] ?? String($0) }.joined(separator: "_")
    }

    /// Names for every series; `typed` when the format carries `# TYPE` (OpenMetrics).
    static func names(_ series: [SeriesDescriptor], typed: Bool) -> [Named] {
        var typeOf: [String: String] = [:]
        return series.map { s in
            let type = s.kind == .counter ? "counter" : "gauge"
            var name = metricName(s.metric)
            if s.kind == .counter && !name.hasSuffix("_total") { name += "_total" }
            if name == SampleSet.faultSeries { name += "_series" }
            if let t = typeOf[name], t != type { name += "_\(s.kind.rawValue)" }
            typeOf[name] = type
            var labels: [(String, String)] = [("entity", s.entity)]
            if s.id != "\(s.entity)/\(s.metric)" || name != s.metric { labels.append(("faultline_id", s.id)) }
            let inferred: SeriesKind
            if typed {
                inferred = s.kind == .counter ? .counter : .gauge
            } else {
                inferred =
                    name.hasSuffix("_total") || name.hasSuffix("_count") || name.hasSuffix("_sum") || name.hasSuffix("_bucket") ? .counter : .gauge
            }
            if s.kind != inferred { labels.append(("faultline_kind", s.kind.rawValue)) }
            if !s.unit.isEmpty { labels.append(("faultline_unit", s.unit)) }
            return Named(name: name, labels: labels.sorted { $0.0 < $1.0 }, type: type)
        }
    }

    /// The labels of each fault's `faultline_fault_active` series.
    static func faultLabels(_ f: FaultRecord) -> [(String, String)] {
        [("end_ms", String(f.injectionEndMs)), ("fault_id", f.id), ("kind", f.kind), ("start_ms", String(f.injectionStartMs)), ("target", f.target)]
    }

    /// Per row 1 when the row's step `[t, t + step)` overlaps the fault's `[start, end]`, else 0.
    static func activity(_ f: FaultRecord, timestamps: [Int64], stepMs: Int64) -> [Double] {
        timestamps.map { t in (t <= f.injectionEndMs && t + stepMs > f.injectionStartMs) ? 1 : 0 }
    }
}
