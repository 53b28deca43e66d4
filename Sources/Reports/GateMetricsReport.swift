import Foundation

/// The gate's `metrics.txt` (GitLab's metrics report, OpenMetrics text): per checked figure its value, baseline
/// and delta as gauges labelled by suite, dataset, model and metric, plus the count of checks by status.
public enum GateMetricsReport {
    /// Renders the exposition text, ending with `# EOF`.
    public static func render(_ result: GateResult) -> String {
        var seen = Set<String>()
        var value = "", baseline = "", delta = ""
        for c in result.checks where !c.metric.isEmpty {
            let labels = [("suite", c.suite), ("dataset", c.dataset), ("model", c.model), ("metric", c.metric)]
                .map { "\($0.0)=\"\(OpenMetricsReport.escape($0.1))\"" }.joined(separator: ",")
            guard seen.insert(labels).inserted else { continue }
            if let v = c.value { value += "faultline_gate_value{\(labels)} \(OpenMetricsReport.format(v))\n" }
            if let b = c.baseline { baseline += "faultline_gate_baseline{\(labels)} \(OpenMetricsReport.format(b))\n" }
            if let d = c.delta { delta += "faultline_gate_delta{\(labels)} \(OpenMetricsReport.format(d))\n" }
        }
        var out = ""
        for (name, help, body) in [
            ("faultline_gate_value", "The run's value (mean over its seeds) of a gated figure.", value),
            ("faultline_gate_baseline", "The baseline's value of a gated figure, over the seeds compared.", baseline),
            ("faultline_gate_delta", "Run minus baseline on the same seeds.", delta),
        ] where !body.isEmpty {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n" + body
        }
        out += "# HELP faultline_gate_checks Gate checks by status.\n# TYPE faultline_gate_checks gauge\n"
        for s in GateCheck.Status.allCases {
            out += "faultline_gate_checks{status=\"\(s.rawValue)\"} \(result.checks(s).count)\n"
        }
        out += "# EOF\n"
        return out
    }
}
