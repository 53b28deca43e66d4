import Evaluation
import Foundation

/// What `faultline fidelity` prints and writes (METRICS.md §12): canonical JSON, the terminal table, Markdown
/// and a self-contained HTML page, all from one `FidelityReport` and byte-identical for the same report.
extension FidelityReport {
    /// Canonical JSON (pretty-printed, keys sorted), one object, ending in a newline.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
    }

    /// The terminal table: family × statistic, simulated and reference median [Q1, Q3] with their counts, the
    /// verdict; then the skipped series by reason and the verdict rule.
    public func text() -> String {
        var out: [String] = []
        out.append("fidelity  simulated \(Self.describe(simulated))")
        out.append("      vs  reference \(Self.describe(reference))")
        out.append(
            "compared at \(Self.duration(stepSeconds)): bucket means on the coarser step (\(FidelityStatistic.lag1Native.rawValue): each side's own step)"
        )
        out.append("")
        let header = ["family", "statistic", "simulated median [IQR]", "n", "reference median [IQR]", "n", "verdict"]
        var table = [header]
        for r in rows {
            table.append([
                r.family, r.statistic.rawValue, Self.cell(r.simulated), "\(r.simulated.count)", Self.cell(r.reference), "\(r.reference.count)",
                Self.verdictText(r),
            ])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for (i, line) in table.enumerated() {
            var cells: [String] = []
            for (c, v) in line.enumerated() {
                if c == line.count - 1 {
                    cells.append(v)  // the verdict: no trailing spaces
                } else if c == 3 || c == 5 {
                    cells.append(String(repeating: " ", count: widths[c] - v.count) + v)  // counts, right-aligned
                } else {
                    cells.append(v.padding(toLength: widths[c], withPad: " ", startingAt: 0))
                }
            }
            out.append(cells.joined(separator: "  "))
            if i == 0 { out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        out.append("")
        for (label, side) in [("simulated", simulated), ("reference", reference)] {
            out.append("skipped   \(label) \(side.skipped)" + (side.skipped == 0 ? "" : ": " + Self.reasons(side.skippedByReason)))
        }
        out.append("verdict   \(verdictRule)")
        return out.joined(separator: "\n") + "\n"
    }

    /// The report as Markdown (`fidelity.md`).
    public func markdown() -> String {
        var out = "# Fidelity: \(simulated.name) vs \(reference.name)\n\n"
        out += "- simulated: \(Self.describe(simulated))\n"
        out += "- reference: \(Self.describe(reference))\n"
        out +=
            "- compared at \(Self.duration(stepSeconds)): bucket means on the coarser step (`\(FidelityStatistic.lag1Native.rawValue)`: each side's own step)\n"
        out += "- verdict: \(verdictRule)\n\n"
        out += "| family | statistic | simulated median [IQR] | n | reference median [IQR] | n | verdict |\n"
        out += "| --- | --- | --- | ---: | --- | ---: | --- |\n"
        for r in rows {
            out += "| \(r.family) | `\(r.statistic.rawValue)` | \(Self.cell(r.simulated)) | \(r.simulated.count) | \(Self.cell(r.reference)) | "
            out += "\(r.reference.count) | \(Self.verdictText(r).replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        for (label, side) in [("simulated", simulated), ("reference", reference)] where side.skipped > 0 {
            out += "\n## Skipped (\(label): \(side.skipped))\n\n"
            for (reason, n) in Self.sortedReasons(side.skippedByReason) {
                let ids = side.skippedSeries.filter { $0.reason == reason }.map(\.id)
                out += "- \(reason) (\(n)): " + ids.prefix(12).map { "`\($0)`" }.joined(separator: ", ") + (ids.count > 12 ? ", …" : "") + "\n"
            }
        }
        return out
    }

    /// The report as one self-contained HTML page (`fidelity.html`), with the JSON embedded.
    public func html() throws -> String {
        func esc(_ s: String) -> String { XMLText.escape(s) }
        let embedded = try json().replacingOccurrences(of: "</", with: "<\\/")
        var body = "<h1>Fidelity: \(esc(simulated.name)) vs \(esc(reference.name))</h1>\n"
        body += "<p class=\"meta\">simulated: \(esc(Self.describe(simulated)))<br>reference: \(esc(Self.describe(reference)))<br>"
        body += "compared at \(esc(Self.duration(stepSeconds))): bucket means on the coarser step</p>\n"
        body += "<table>\n<thead><tr><th>family</th><th>statistic</th><th>simulated median [IQR]</th><th>n</th>"
        body += "<th>reference median [IQR]</th><th>n</th><th>verdict</th></tr></thead>\n<tbody>\n"
        for r in rows {
            let cls = r.verdict == .ok ? "ok" : r.verdict == .notAvailable ? "na" : "off"
            body += "<tr><td>\(esc(r.family))</td><td><code>\(esc(r.statistic.rawValue))</code></td><td>\(esc(Self.cell(r.simulated)))</td>"
            body += "<td class=\"n\">\(r.simulated.count)</td><td>\(esc(Self.cell(r.reference)))</td><td class=\"n\">\(r.reference.count)</td>"
            body += "<td class=\"\(cls)\">\(esc(Self.verdictText(r)))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        for (label, side) in [("simulated", simulated), ("reference", reference)] where side.skipped > 0 {
            body += "<h2>Skipped (\(label): \(side.skipped))</h2>\n<ul>\n"
            for (reason, n) in Self.sortedReasons(side.skippedByReason) { body += "<li>\(esc(reason)): \(n)</li>\n" }
            body += "</ul>\n"
        }
        body += "<p class=\"meta\">verdict: \(esc(verdictRule))</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Faultline · fidelity · \(esc(simulated.name)) vs \(esc(reference.name))</title>
            <style>\(Self.css)</style></head>
            <body>
            \(body)<script type="application/json" id="fidelity">\(embedded)</script>
            </body></html>

            """
    }

    static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}\
        th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}\
        td.ok{color:#2a7d2a}td.off{color:#b3261e;font-weight:600}td.na{color:#888}.meta{color:#555}code{font-size:13px}
        """

    // MARK: - Formatting

    /// `name (format, step 15 s, 180 series, 7 faults)`.
    static func describe(_ s: Side) -> String {
        var parts = [s.format, "step \(duration(s.nativeStepSeconds))", "\(s.series) series"]
        parts.append(s.hasGroundTruth ? "\(s.faults) faults (\(s.faultsScored) scored)" : "no fault labels")
        let families = MetricFamily.allCases.map { "\($0.rawValue) \(s.seriesByFamily[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        return "\(s.name) (\(parts.joined(separator: ", ")); \(families)"
    }

    /// `median [q1, q3]`, or `—`.
    static func cell(_ s: Summary) -> String {
        guard let m = s.median, let a = s.q1, let b = s.q3 else { return "—" }
        return "\(number(m)) [\(number(a)), \(number(b))]"
    }

    /// The verdict, with the reason when a side has no value.
    static func verdictText(_ r: Row) -> String {
        guard r.verdict == .notAvailable else { return r.verdict.rawValue }
        let why = r.reference.median == nil ? r.reference.reason.map { "reference: \($0)" } : r.simulated.reason.map { "simulated: \($0)" }
        return "n/a" + (why.map { " (\($0))" } ?? "")
    }

    /// Four significant digits (`%.4g`): the same bytes for the same value on every machine.
    static func number(_ v: Double) -> String {
        if v == 0 { return "0" }
        return String(format: "%.4g", v)
    }

    /// `15 s`, `1 min`, `1.5 min`, `1 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds >= 3_600, seconds.truncatingRemainder(dividingBy: 3_600) == 0 { return "\(Int(seconds / 3_600)) h" }
        if seconds >= 60 { return seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60)) min" : "\(number(seconds / 60)) min" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(number(seconds)) s"
    }

    static func sortedReasons(_ d: [String: Int]) -> [(String, Int)] {
        d.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    }

    static func reasons(_ d: [String: Int]) -> String {
        sortedReasons(d).map { "\($0.0) \($0.1)" }.joined(separator: "; ")
    }
}
