import Foundation
import Telemetry

/// `faultline export DATASET --format csv --out FILE.csv`: `timestamp,<series id>,…` with ISO-8601 UTC times
/// (ms), values as the shortest text that reads back exactly (empty for NaN), and, when the dataset has faults,
/// `FILE.labels.json` beside it: `[{"id","kind","target","start","end"}]` — what `faultline import csv --labels`
/// reads back.
public enum CSVExporter {
    /// Renders `dataset`; `labelsName` is the labels file's name.
    public static func render(_ dataset: Dataset, labelsName: String) -> ExportResult {
        var out: [UInt8] = []
        out += Array(("timestamp," + dataset.series.map { field($0.id) }.joined(separator: ",") + "\n").utf8)
        let rows = dataset.frame.rows, cols = dataset.frame.columns
        dataset.frame.withUnsafeColumns { v, ld in
            for r in 0..<rows {
                out += Array(TimeText.iso(dataset.timestamps[r]).utf8)
                for c in 0..<cols {
                    out.append(0x2C)
                    let x = v[c * ld + r]
                    if !x.isNaN { out += Array(TimeText.value(x).utf8) }
                }
                out.append(0x0A)
            }
        }
        var files: [(path: String, bytes: [UInt8])] = [("", out)]
        var notes: [String] = []
        if !dataset.groundTruth.faults.isEmpty {
            let items = dataset.groundTruth.faults.map { f in
                "{\"end\":\(QueryRangeExporter.json(TimeText.iso(f.injectionEndMs))),\"id\":\(QueryRangeExporter.json(f.id)),"
                    + "\"kind\":\(QueryRangeExporter.json(f.kind)),\"start\":\(QueryRangeExporter.json(TimeText.iso(f.injectionStartMs))),"
                    + "\"target\":\(QueryRangeExporter.json(f.target))}"
            }
            files.append((labelsName, Array(("[\n" + items.joined(separator: ",\n") + "\n]\n").utf8)))
        }
        if dataset.series.contains(where: { $0.kind == .quantile || !$0.unit.isEmpty }) {
            notes.append("units and the quantile kind are not in a CSV header (re-import reads gauges, and counters from names ending in _total)")
        }
        return ExportResult(files: files, notes: notes)
    }

    /// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line end.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
