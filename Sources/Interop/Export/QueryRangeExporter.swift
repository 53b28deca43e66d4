import Foundation
import Telemetry

/// `faultline export DATASET --format query-range`: one Prometheus `/api/v1/query_range` response
/// (`resultType` `matrix`) holding every series (names and labels as `PrometheusNaming` gives them) and the
/// `faultline_fault_active` ground-truth series; times in Unix seconds, values as strings. Missing values (NaN)
/// are not written.
public enum QueryRangeExporter {
    /// Renders `dataset`.
    public static func render(_ dataset: Dataset) -> ExportResult {
        var out: [UInt8] = []
        out += Array("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[".utf8)
        let names = PrometheusNaming.names(dataset.series, typed: false)
        let stamps = dataset.timestamps.map { "[" + TimeText.seconds($0) + ",\"" }
        var firstSeries = true
        func series(_ name: String, _ labels: [(String, String)], _ values: UnsafeBufferPointer<Double>) {
            out += Array(((firstSeries ? "" : ",") + "\n{\"metric\":{\"__name__\":\(json(name))").utf8)
            firstSeries = false
            for (k, v) in labels { out += Array(",\(json(k)):\(json(v))".utf8) }
            out += Array("},\"values\":[".utf8)
            var first = true
            for r in 0..<values.count where !values[r].isNaN {
                if !first { out.append(0x2C) }
                first = false
                out += Array(stamps[r].utf8)
                out += Array(TimeText.value(values[r]).utf8)
                out += Array("\"]".utf8)
            }
            out += Array("]}".utf8)
        }
        for c in 0..<dataset.series.count {
            dataset.frame.withColumn(c) { series(names[c].name, names[c].labels, $0) }
        }
        for f in dataset.groundTruth.faults {
            let a = PrometheusNaming.activity(f, timestamps: dataset.timestamps, stepMs: dataset.axis.stepMs)
            a.withUnsafeBufferPointer { series(SampleSet.faultSeries, PrometheusNaming.faultLabels(f), $0) }
        }
        out += Array("\n]}}\n".utf8)
        var notes: [String] = []
        if !dataset.groundTruth.benignChanges.isEmpty { notes.append("\(dataset.groundTruth.benignChanges.count) benign changes are not exported") }
        if !dataset.logs.isEmpty || !dataset.spans.isEmpty || !dataset.events.isEmpty {
            notes.append("logs, spans and events are not metrics and are not exported")
        }
        return ExportResult(files: [("", out)], notes: notes)
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }
}
