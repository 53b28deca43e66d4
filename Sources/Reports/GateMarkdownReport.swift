import Foundation

/// The gate's `summary.md`: the verdict first, then failures, errors and warnings, then every check with its
/// delta. The same text is appended to GitHub's `$GITHUB_STEP_SUMMARY`, cut to stay under its 1 MiB limit.
public enum GateMarkdownReport {
    /// GitHub's limit on one step's summary: 1 MiB.
    public static let stepSummaryLimit = 1 << 20

    /// Renders the summary.
    public static func render(_ result: GateResult) -> String {
        let v = result.verdict
        let word: String =
            switch v {
            case .pass: "PASS"
            case .fail: "FAIL"
            case .error: "ERROR (missing or corrupt results)"
            }
        var out = "# Faultline gate: \(word)\n\n"
        let counts = [GateCheck.Status.fail, .error, .warn, .pass].map { s in (s, result.checks(s).count) }
        out += counts.map { "\($0.1) \(label($0.0))" }.joined(separator: ", ") + " — \(result.checks.count) checks. "
        out += "Rules `\(result.rulesFile)`; baseline " + (result.baselineFile.map { "`\($0)`" } ?? "none") + "; runs "
        out += result.runs.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        for (status, title) in [(GateCheck.Status.fail, "Failures"), (.error, "Errors"), (.warn, "Warnings")] {
            let cs = result.checks(status)
            guard !cs.isEmpty else { continue }
            out += "\n## \(title)\n\n"
            for c in cs {
                out += "- **\(c.rule)** — \(GateJUnitReport.suiteName(c))\(c.metric.isEmpty ? "" : ", `\(c.metric)`"): \(c.message)\n"
            }
        }
        if !result.notes.isEmpty {
            out += "\n## Notes\n\n" + result.notes.map { "- \($0)\n" }.joined()
        }
        out += "\n## All checks\n\n"
        out += "| status | rule | suite | dataset | model | metric | value | baseline | Δ | allowed change | bound | seeds |\n"
        out += "| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n"
        for c in result.checks {
            let cells = [
                c.status.rawValue, c.rule, c.suite, c.dataset, c.model, c.metric, GateText.number(c.value),
                c.baseline == nil ? "" : GateText.number(c.baseline), GateText.delta(c),
                c.allowedChange.map { GateText.number($0) } ?? "", c.bound ?? "", GateText.seeds(c.seeds),
            ]
            out += "| " + cells.map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The text to append to `$GITHUB_STEP_SUMMARY` when it already holds `existingBytes`: the summary, cut at a
    /// line so that the file stays under `limit`, with a last line saying it was cut (empty when nothing fits).
    public static func stepSummary(_ result: GateResult, existingBytes: Int, limit: Int = stepSummaryLimit) -> String {
        let full = render(result)
        let room = limit - 1 - existingBytes
        if full.utf8.count <= room { return full }
        let footer = "\n… cut to keep the step summary under \(limit / 1024) KiB: the whole table is in the gate's summary.md\n"
        var budget = room - footer.utf8.count
        guard budget > 0 else { return "" }
        var kept = ""
        for line in full.split(separator: "\n", omittingEmptySubsequences: false) {
            let n = line.utf8.count + 1
            guard n <= budget else { break }
            kept += line + "\n"
            budget -= n
        }
        return kept + footer
    }

    static func label(_ s: GateCheck.Status) -> String {
        switch s {
        case .pass: "passed"
        case .warn: "warnings"
        case .fail: "failed"
        case .error: "errors"
        }
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
