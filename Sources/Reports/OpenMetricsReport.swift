import Evaluation
import Foundation

/// `metrics.txt`: every defined figure as an OpenMetrics gauge, one family per metric identifier
/// (`faultline_f1{dataset="…",model="…"}`; `_s` identifiers end in `_seconds`), ending with `# EOF`. Undefined values are left out
/// and counted in `faultline_undefined_metrics`.
public enum OpenMetricsReport {
    /// Renders the exposition text.
    public static func render(_ result: RunResult) -> String {
        var families: [String: [MetricRecord]] = [:]
        var order: [String] = []
        var undefined = 0
        for r in result.metrics {
            guard r.value != nil else { undefined += 1; continue }
            let name = familyName(r.metric.rawValue)
            if families[name] == nil { order.append(name) }
            families[name, default: []].append(r)
        }
        var out = ""
        for name in order.sorted() {
            guard let records = families[name] else { continue }
            out += "# HELP \(name) Faultline metric \(records[0].metric) (METRICS.md identifier).\n"
            out += "# TYPE \(name) gauge\n"
            var seen = Set<String>()
            for r in records {
                var labels = [("dataset", r.dataset), ("model", r.model)]
                if let seed = r.seed { labels.append(("seed", String(seed))) }
                for (k, v) in r.group.sorted(by: { $0.key < $1.key }) { labels.append((labelName(k), v)) }
                let labelText = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
                // A series appears once; repeated identical label sets would be invalid exposition.
                guard seen.insert(labelText).inserted, let v = r.value else { continue }
                out += "\(name){\(labelText)} \(format(v))\n"
            }
        }
        out += "# HELP faultline_undefined_metrics Metric values left out because they are undefined.\n"
        out += "# TYPE faultline_undefined_metrics gauge\n"
        out += "faultline_undefined_metrics{run=\"\(escape(result.run.name))\"} \(undefined)\n"
        out += "# EOF\n"
        return out
    }

    /// `ac@1` → `faultline_ac_at_1`, `mttd_s` → `faultline_mttd_seconds` (Prometheus naming: full unit
    /// names); anything outside `[a-zA-Z0-9_]` becomes `_`.
    static func familyName(_ metric: String) -> String {
        var name = metric.replacingOccurrences(of: "@", with: "_at_")
        if name.hasSuffix("_per_s") {
            name = String(name.dropLast(2)) + "_second"
        } else if name.hasSuffix("_s") {
            name = String(name.dropLast(2)) + "_seconds"
        }
        return "faultline_" + labelName(name)
    }

    static func labelName(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
