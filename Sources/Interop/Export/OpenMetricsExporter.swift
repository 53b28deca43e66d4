import Foundation
import Telemetry

/// `faultline export DATASET --format openmetrics`: OpenMetrics text with a timestamp (Unix seconds) on every
/// sample, one family per metric name (`# HELP`, `# TYPE`), the ground truth as the gauge
/// `faultline_fault_active{fault_id,kind,target,start_ms,end_ms}` (1 on the rows a fault is active, else 0; for
/// Grafana annotations), and `# EOF`. Loadable by `promtool tsdb create-blocks-from openmetrics`; when every
/// timestamp is a whole second `promtool check metrics` also passes it (it reads the Prometheus text format, so
/// it only lints names, help and types). Missing values (NaN) are not written: Prometheus has no missing
/// sample, and re-import puts NaN back on the grid.
public enum OpenMetricsExporter {
    /// Renders `dataset`.
    public static func render(_ dataset: Dataset) -> ExportResult {
        var out: [UInt8] = []
        out.reserveCapacity(dataset.frame.rows * dataset.frame.columns * 48)
        let names = PrometheusNaming.names(dataset.series, typed: true)
        var families: [String] = []
        var members: [String: [Int]] = [:]
        for (c, n) in names.enumerated() {
            if members[n.name] == nil { families.append(n.name) }
            members[n.name, default: []].append(c)
        }
        var notes: [String] = []
        var empty: [String] = []
        let stamps = dataset.timestamps.map { " " + TimeText.seconds($0) + "\n" }
        for family in families {
            let cols = members[family] ?? []
            guard let first = cols.first else { continue }
            out += Array("# HELP \(family) \(escapeHelp(dataset.series[first].metric)) (Faultline export)\n".utf8)
            out += Array("# TYPE \(family) \(names[first].type)\n".utf8)
            for c in cols {
                let prefix = Array((family + labelText(names[c].labels) + " ").utf8)
                var wrote = false
                dataset.frame.withColumn(c) { col in
                    for r in 0..<col.count where !col[r].isNaN {
                        out += prefix
                        out += Array(TimeText.value(col[r]).utf8)
                        out += Array(stamps[r].utf8)
                        wrote = true
                    }
                }
                if !wrote { empty.append(dataset.series[c].id) }
            }
        }
        if !empty.isEmpty {
            notes.append("\(empty.count) series have no value (all NaN) and have no samples: \(empty.prefix(5).joined(separator: ", "))")
        }
        if !dataset.groundTruth.faults.isEmpty {
            out += Array("# HELP \(SampleSet.faultSeries) 1 while a labelled fault is active (Faultline ground truth)\n".utf8)
            out += Array("# TYPE \(SampleSet.faultSeries) gauge\n".utf8)
            for f in dataset.groundTruth.faults {
                let prefix = Array((SampleSet.faultSeries + labelText(PrometheusNaming.faultLabels(f)) + " ").utf8)
                for (r, v) in PrometheusNaming.activity(f, timestamps: dataset.timestamps, stepMs: dataset.axis.stepMs).enumerated() {
                    out += prefix
                    out += v == 1 ? [0x31] : [0x30]
                    out += Array(stamps[r].utf8)
                }
            }
        }
        if !dataset.groundTruth.benignChanges.isEmpty {
            notes.append("\(dataset.groundTruth.benignChanges.count) benign changes are not exported (OpenMetrics has no place for them)")
        }
        if dataset.groundTruth.faults.contains(where: { !$0.affectedSeries.isEmpty || $0.firstSymptomMs != nil }) {
            notes.append("faults keep id, kind, target, start and end; affected series, symptoms and propagation paths are not exported")
        }
        if !dataset.logs.isEmpty || !dataset.spans.isEmpty || !dataset.events.isEmpty {
            notes.append("logs, spans and events are not metrics and are not exported")
        }
        out += Array("# EOF\n".utf8)
        return ExportResult(files: [("", out)], notes: notes)
    }

    /// `{k="v",…}` with `\`, `"` and newlines escaped.
    static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
