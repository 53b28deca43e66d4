import Foundation

/// GitHub Actions workflow commands for a gate result: at most `limit` `::error` lines (failures and missing
/// results) and `limit` `::warning` lines, each pointing at the rule's line in the rules file, then one
/// `::notice` with the count of those left out.
public enum GateAnnotations {
    /// The most annotations of each kind printed.
    public static let limit = 10

    /// The lines to print on stdout (each ends with a newline); empty when there is nothing to annotate.
    public static func render(_ result: GateResult, limit: Int = limit) -> String {
        let errors = result.checks.filter { $0.status == .fail || $0.status == .error }
        let warnings = result.checks(.warn)
        var out = ""
        for c in errors.prefix(limit) { out += line("error", c, file: result.rulesFile) }
        for c in warnings.prefix(limit) { out += line("warning", c, file: result.rulesFile) }
        let hiddenErrors = max(0, errors.count - limit), hiddenWarnings = max(0, warnings.count - limit)
        if hiddenErrors + hiddenWarnings > 0 {
            out +=
                "::notice title=Faultline gate::\(hiddenErrors) more errors and \(hiddenWarnings) more warnings suppressed (at most \(limit) of each are annotated; see summary.md)\n"
        }
        return out
    }

    static func line(_ kind: String, _ c: GateCheck, file: String) -> String {
        var props = ["file=\(property(file))"]
        if let l = c.ruleLine { props.append("line=\(l)") }
        let subject = GateJUnitReport.suiteName(c) + (c.metric.isEmpty ? "" : " \(c.metric)")
        props.append("title=\(property("gate \(c.rule): \(subject)"))")
        return "::\(kind) \(props.joined(separator: ","))::\(data(c.message))\n"
    }

    /// Escaping of a command's message (`%`, CR, LF).
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escaping of a command's property value (also `:` and `,`).
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
