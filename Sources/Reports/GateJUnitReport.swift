import Foundation

/// The gate's `junit.xml`: one test suite per dataset × model (per suite), one test case per rule and metric.
/// A broken `fail` rule is a `<failure>`, a missing or corrupt result an `<error>`; warnings pass and say so in
/// `<system-out>`. The failure message names the metric, value, baseline, delta, threshold and seeds.
public enum GateJUnitReport {
    /// Renders the JUnit XML.
    public static func render(_ result: GateResult) -> String {
        var order: [String] = []
        var groups: [String: [GateCheck]] = [:]
        for c in result.checks {
            let key = suiteName(c)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        let failures = result.checks(.fail).count, errors = result.checks(.error).count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"faultline gate\" tests=\"\(result.checks.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for key in order {
            let cs = groups[key] ?? []
            let f = cs.filter { $0.status == .fail }.count, e = cs.filter { $0.status == .error }.count
            out += "  <testsuite name=\"\(XMLText.escape(key))\" tests=\"\(cs.count)\" failures=\"\(f)\" errors=\"\(e)\">\n"
            for c in cs {
                let classname = [c.suite, c.dataset, c.model].filter { !$0.isEmpty }.joined(separator: ".")
                out +=
                    "    <testcase classname=\"\(XMLText.escape(classname.isEmpty ? "gate" : classname))\" name=\"\(XMLText.escape(caseName(c)))\">\n"
                switch c.status {
                case .fail:
                    out += "      <failure type=\"\(XMLText.escape(c.rule))\" message=\"\(XMLText.escape(c.message))\">"
                    out += XMLText.escape(GateText.details(c)) + "</failure>\n"
                case .error:
                    out += "      <error type=\"missing-result\" message=\"\(XMLText.escape(c.message))\">"
                    out += XMLText.escape(GateText.details(c)) + "</error>\n"
                case .warn:
                    out += "      <system-out>warning: \(XMLText.escape(c.message))\n\(XMLText.escape(GateText.details(c)))</system-out>\n"
                case .pass:
                    out += "      <system-out>\(XMLText.escape(c.message))</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// `suite: dataset × model`, or `gate` for checks that selected nothing.
    static func suiteName(_ c: GateCheck) -> String {
        c.suite.isEmpty ? c.subject : "\(c.suite): \(c.subject)"
    }

    /// `rule [metric]`.
    static func caseName(_ c: GateCheck) -> String {
        c.metric.isEmpty ? c.rule : "\(c.rule) [\(c.metric)]"
    }
}

/// Number and detail text shared by the gate's reports and messages.
public enum GateText {
    /// Six significant digits, `undefined` for nil.
    public static func number(_ v: Double?) -> String {
        guard let v else { return "undefined" }
        return String(format: "%.6g", v)
    }

    /// A signed change with its relative size: `-0.118 (-22.3 %)`.
    public static func delta(_ c: GateCheck) -> String {
        guard let d = c.delta else { return "" }
        var text = (d >= 0 ? "+" : "") + number(d)
        if let b = c.baseline, b != 0 { text += String(format: " (%+.1f %%)", 100 * d / abs(b)) }
        return text
    }

    /// Seeds as `1,2,3`, or `—` for a seedless dataset.
    public static func seeds(_ s: [UInt64]) -> String { s.isEmpty ? "—" : s.map(String.init).joined(separator: ",") }

    /// Every figure of a check, one per line.
    public static func details(_ c: GateCheck) -> String {
        var lines = [
            "rule: \(c.rule)\(c.ruleLine.map { " (line \($0))" } ?? "") severity \(c.severity), \(c.direction) is better",
            "metric: \(c.metric)  value: \(number(c.value))  seeds: \(seeds(c.seeds))",
        ]
        if c.baseline != nil || c.delta != nil {
            lines.append(
                "baseline: \(number(c.baseline))  run on the same seeds: \(number(c.valueOnBaselineSeeds))  delta: \(delta(c))  seeds compared: \(seeds(c.comparedSeeds))"
            )
        }
        if let a = c.allowedChange { lines.append("threshold: a change counts when worse by more than \(number(a))") }
        if let b = c.bound { lines.append("bound: \(b)\(c.confidenceBound.map { "  confidence bound: \(number($0))" } ?? "")") }
        return lines.joined(separator: "\n")
    }
}
