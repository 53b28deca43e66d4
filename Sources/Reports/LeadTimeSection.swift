import Evaluation
import Foundation
import Telemetry

/// The "Failure prediction — lead time" section of `report.html` (METRICS §7): for the pooled test seeds, a table
/// per model (kind, warned failures, median/p10/p90 lead, precision and recall at the run's Δt_l), precision and recall
/// against Δt_l and a lead-time histogram per model (bins in minutes); the train seeds' table apart, labelled. Also
/// the short test-seed table of `summary.md`.
///
/// Every figure comes from `RunResult.leadTimes`: the quantiles are the type-7 quantiles of `leadsSeconds` (the
/// same leads and the same `Quantile.type7` as the pooled `lead_time_*_s` records), precision and recall are the
/// grid values at `runWarningTimeSeconds`. Undefined values print as `n/a`, never 0.
enum LeadTimeSection {
    /// The section, or "" when `leadTimes` is nil or empty.
    ///
    /// - Parameters:
    ///   - result: the run; its `leadTimes` are drawn, its `mttd_s` records give the detectors' detection delay.
    ///   - colors: model colours of the rest of the page; models missing from it get the next palette colours.
    static func render(_ result: RunResult, colors: [String: String]) -> String {
        guard let leadTimes = result.leadTimes, !leadTimes.isEmpty else { return "" }
        var colors = colors
        for m in leadTimes.map(\.model) where colors[m] == nil {
            colors[m] = HTMLReport.palette[colors.count % HTMLReport.palette.count]
        }
        let test = leadTimes.filter { $0.role == "test" }
        let train = leadTimes.filter { $0.role == "train" }
        let other = leadTimes.filter { $0.role != "test" && $0.role != "train" }
        var s = "<section id=\"lead-time\">\n<h2>Failure prediction — lead time</h2>\n"
        s += "<p class=\"meta\">\(esc(explanation(leadTimes)))</p>\n"
        if !test.isEmpty {
            s += "<h3>Test seeds (pooled)</h3>\n"
            s += table(test, role: "test seeds")
            s += detectionDelays(test, result: result)
            s += precisionRecallPlot(test, colors: colors)
            s += histograms(test, colors: colors)
        }
        if !train.isEmpty {
            s += "<h3>Train seeds (pooled)</h3>\n"
            s +=
                "<p class=\"meta\">train seeds: the runs learned predictors were fitted on (their labels were seen), so for those predictors these rows are not held-out figures.</p>\n"
            s += table(train, role: "train seeds")
        }
        for role in Self.roles(other) {
            s += "<h3>\(esc(role)) (pooled)</h3>\n"
            s += table(other.filter { $0.role == role }, role: role)
        }
        return s + "</section>\n"
    }

    /// The short `summary.md` table: the test seeds' rows (model, kind, warned failures, median lead, precision and
    /// recall at the run's Δt_l), or "" when there are none.
    static func markdown(_ leadTimes: [ModelLeadTimes]?) -> String {
        let test = (leadTimes ?? []).filter { $0.role == "test" }
        guard !test.isEmpty else { return "" }
        let at = " " + atRunWarningTimeText(test)
        var out = "## Failure prediction — lead time (test seeds, pooled)\n\n"
        out += "| model | kind | warned failures | median lead | precision\(at) | recall\(at) |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
        for m in test {
            let pr = atRunWarningTime(m)
            let cells = [
                m.model, m.kind, String(m.leadsSeconds.count), Quantile.type7(m.leadsSeconds, 0.5).map(leadText) ?? "n/a",
                pr.precision.map { String(format: "%.3f", $0) } ?? "n/a", pr.recall.map { String(format: "%.3f", $0) } ?? "n/a",
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out + "\nDetectors: their alarms scored as warnings. Histograms, p10/p90 and precision/recall against Δt_l: `report.html`.\n\n"
    }

    /// The detectors' detection delay beside their lead time: per dataset, the `mttd_s` record the leaderboards show
    /// (the mean over seeds when there are several, else the single seed's), or "" without detectors.
    static func detectionDelays(_ models: [ModelLeadTimes], result: RunResult) -> String {
        let detectors = models.filter { $0.kind == "detector" }.map(\.model)
        guard !detectors.isEmpty else { return "" }
        var names: [String] = []
        for d in result.datasets where !names.contains(d.name) { names.append(d.name) }
        var parts: [String] = []
        for model in detectors {
            let delays = names.map { ds -> String in
                let matching = result.metrics.filter { $0.dataset == ds && $0.model == model && $0.metric == .mttd && $0.group.isEmpty }
                let record = matching.first { $0.seed == nil } ?? matching.first
                return "\(ds) \(record?.value.map(leadText) ?? "n/a")"
            }
            parts.append("\(model): " + delays.joined(separator: ", "))
        }
        return
            "<p class=\"meta\">Detection delay of the detectors (MTTD from fault start, as in the leaderboards above; a detector reads no labels, so every seed counts): \(esc(parts.joined(separator: "; "))).</p>\n"
    }

    /// The roles of `models` in first-appearance order.
    static func roles(_ models: [ModelLeadTimes]) -> [String] {
        var out: [String] = []
        for m in models where !out.contains(m.role) { out.append(m.role) }
        return out
    }

    /// How the figures are defined, with the run's Δt_l and Δt_p when recorded.
    static func explanation(_ models: [ModelLeadTimes]) -> String {
        var s = "A failure is a fault's user-impact start φ; a warning at t is a true positive when φ lies in [t + Δt_l, t + Δt_l + Δt_p]. "
        s += "Lead time = φ − the earliest such warning (METRICS §7). Seeds of a role are pooled before any ratio. "
        let dtl = Set(models.compactMap(\.runWarningTimeSeconds)), dtp = Set(models.compactMap(\.predictionPeriodSeconds))
        var run: [String] = []
        if dtl.count == 1, let l = dtl.first { run.append("Δt_l = \(duration(l))") }
        if dtp.count == 1, let p = dtp.first { run.append("Δt_p = \(duration(p))") }
        if !run.isEmpty { s += "This run: " + run.joined(separator: ", ") + ". " }
        s += "Detectors are anomaly detectors whose alarms are scored as warnings; their detection delay (MTTD) is under the test table."
        return s
    }

    /// `at Δt_l = 5 min` when every model has the same recorded Δt_l, else `at the run's Δt_l`.
    static func atRunWarningTimeText(_ models: [ModelLeadTimes]) -> String {
        let dtl = Set(models.compactMap(\.runWarningTimeSeconds))
        return dtl.count == 1 ? "at Δt_l = \(duration(dtl.first ?? 0))" : "at the run's Δt_l"
    }

    /// Precision and recall at the run's Δt_l; nil (→ n/a) when undefined or when the run's Δt_l is not recorded.
    static func atRunWarningTime(_ m: ModelLeadTimes) -> (precision: Double?, recall: Double?) {
        guard let l = m.runWarningTimeSeconds, let k = m.warningTimesSeconds.firstIndex(of: l) else { return (nil, nil) }
        return (m.precision.indices.contains(k) ? m.precision[k] : nil, m.recall.indices.contains(k) ? m.recall[k] : nil)
    }

    /// One role's table: a row per model, leads as `s (min)`, `data-v` holding the exact value for sorting.
    static func table(_ models: [ModelLeadTimes], role: String) -> String {
        var s = "<p class=\"meta\">\(esc(role)): leads at the run's Δt_l; precision and recall \(esc(atRunWarningTimeText(models))).</p>\n"
        s += "<table class=\"sortable lead\" aria-label=\"lead times, \(esc(role))\"><thead><tr>"
        for h in ["model", "kind", "warned failures", "median lead", "p10 lead", "p90 lead", "precision", "recall"] {
            s += "<th>\(esc(h))</th>"
        }
        s += "</tr></thead><tbody>\n"
        for m in models {
            let q = [0.5, 0.1, 0.9].map { Quantile.type7(m.leadsSeconds, $0) }
            let pr = atRunWarningTime(m)
            s += "<tr><td>\(esc(m.model))</td><td>\(esc(m.kind))</td>"
            s += "<td data-v=\"\(m.leadsSeconds.count)\">\(m.leadsSeconds.count)</td>"
            for v in q {
                s += "<td data-v=\"\(v.map { String($0) } ?? "")\">\(esc(v.map(leadText) ?? "n/a"))</td>"
            }
            for v in [pr.precision, pr.recall] {
                s += "<td data-v=\"\(v.map { String($0) } ?? "")\">\(v.map { String(format: "%.3f", $0) } ?? "n/a")</td>"
            }
            s += "</tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    /// Lead-time histograms, one small panel per model, all on the same bins of a whole number of minutes from 0;
    /// each panel's bars are scaled to its own largest bin (printed).
    static func histograms(_ models: [ModelLeadTimes], colors: [String: String]) -> String {
        let minutes = models.map { $0.leadsSeconds.map { max(0, $0) / 60 } }
        guard let maxMinutes = minutes.flatMap({ $0 }).max() else { return "" }
        let binMinutes = Self.binWidth(maxMinutes: maxMinutes)
        let bins = max(1, Int((maxMinutes / binMinutes).rounded(.down)) + 1)
        var s = "<figure><div class=\"row\">\n"
        for (k, m) in models.enumerated() {
            var counts = [Int](repeating: 0, count: bins)
            for v in minutes[k] { counts[min(bins - 1, Int(v / binMinutes))] += 1 }
            s += panel(m, counts: counts, binMinutes: binMinutes, color: colors[m.model] ?? "#000")
        }
        return s
            + "</div><figcaption>Lead time of each warned failure, per model (test seeds, \(number(binMinutes))-min bins)</figcaption></figure>\n"
    }

    /// One model's histogram panel.
    static func panel(_ m: ModelLeadTimes, counts: [Int], binMinutes: Double, color: String) -> String {
        let width = 300.0, height = 150.0, left = 28.0, right = 10.0, top = 20.0, bottom = 30.0
        let innerW = width - left - right, innerH = height - top - bottom
        let bins = counts.count, most = counts.max() ?? 0
        let groupW = innerW / Double(bins)
        var s =
            "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"lead time histogram of \(esc(m.model))\">\n"
        let what = m.kind == "detector" ? " (detector)" : ""
        s +=
            "<text x=\"\(f(left))\" y=\"12\" class=\"lbl\" style=\"fill:\(color)\">\(esc(m.model))\(what): \(m.leadsSeconds.count) warned failure\(m.leadsSeconds.count == 1 ? "" : "s")</text>\n"
        if most == 0 {
            s += "<text x=\"\(f(left + innerW / 2))\" y=\"\(f(top + innerH / 2))\" class=\"lbl\" text-anchor=\"middle\">no warned failure</text>\n"
        }
        for (b, n) in counts.enumerated() where n > 0 {
            let h = innerH * Double(n) / Double(most)
            let lo = Double(b) * binMinutes
            s +=
                "<rect x=\"\(f(left + Double(b) * groupW + 0.5))\" y=\"\(f(top + innerH - h))\" width=\"\(f(max(groupW - 1, 0.5)))\" height=\"\(f(h))\" fill=\"\(color)\"><title>\(esc(m.model)): \(n) in [\(number(lo)), \(number(lo + binMinutes))) min</title></rect>\n"
        }
        s += "<line x1=\"\(f(left))\" x2=\"\(f(left + innerW))\" y1=\"\(f(top + innerH))\" y2=\"\(f(top + innerH))\" stroke=\"#999\"/>\n"
        if most > 0 { s += "<text x=\"\(f(left - 3))\" y=\"\(f(top + 8))\" class=\"lbl\" text-anchor=\"end\">\(most)</text>" }
        s += "<text x=\"\(f(left - 3))\" y=\"\(f(top + innerH))\" class=\"lbl\" text-anchor=\"end\">0</text>\n"
        let labelEvery = max(1, Int((Double(bins) / 7).rounded(.up)))
        for b in stride(from: 0, through: bins, by: labelEvery) {
            s +=
                "<text x=\"\(f(left + Double(b) * groupW))\" y=\"\(f(top + innerH + 12))\" class=\"lbl\" text-anchor=\"middle\">\(number(Double(b) * binMinutes))</text>"
        }
        s += "\n<text x=\"\(f(left + innerW / 2))\" y=\"\(f(height - 4))\" class=\"lbl\" text-anchor=\"middle\">lead time (min)</text>\n"
        return s + "</svg>\n"
    }

    /// The smallest of 1, 2, 5, 10, 15, 30, 60, 120 … minutes giving at most 14 bins `[k·w, (k+1)·w)` up to `maxMinutes`.
    static func binWidth(maxMinutes: Double) -> Double {
        var candidates: [Double] = [1, 2, 5, 10, 15, 30, 60]
        while let last = candidates.last, last * 14 <= maxMinutes { candidates.append(last * 2) }
        return candidates.first { $0 * 14 > maxMinutes } ?? candidates[candidates.count - 1]
    }

    /// Precision (solid) and recall (dashed) against Δt_l, one colour per model; undefined values leave gaps, the
    /// run's Δt_l is a dotted vertical line.
    static func precisionRecallPlot(_ models: [ModelLeadTimes], colors: [String: String]) -> String {
        let grid = models.flatMap(\.warningTimesSeconds)
        guard let maxSeconds = grid.max(), !grid.isEmpty else { return "" }
        let xMaxMinutes = max(maxSeconds / 60, 1)
        let width = 560.0, height = 300.0, pad = 40.0, legendW = 170.0
        let innerW = width - 2 * pad - legendW, innerH = height - 2 * pad
        func x(_ seconds: Double) -> Double { pad + innerW * (seconds / 60) / xMaxMinutes }
        func y(_ v: Double) -> Double { pad + innerH * (1 - v) }
        var s =
            "<figure><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"precision and recall against warning time\">\n"
        s += "<rect x=\"\(f(pad))\" y=\"\(f(pad))\" width=\"\(f(innerW))\" height=\"\(f(innerH))\" fill=\"none\" stroke=\"#999\"/>\n"
        for v in [0.0, 0.5, 1.0] {
            s += "<text x=\"\(f(pad - 4))\" y=\"\(f(y(v) + 4))\" class=\"lbl\" text-anchor=\"end\">\(number(v))</text>"
        }
        for l in Set(grid + [0, xMaxMinutes * 60]).sorted() {
            s += "<text x=\"\(f(x(l)))\" y=\"\(f(height - pad + 14))\" class=\"lbl\" text-anchor=\"middle\">\(number(l / 60))</text>"
        }
        s += "\n"
        s += "<text x=\"\(f(pad + innerW / 2))\" y=\"\(f(height - 8))\" class=\"lbl\" text-anchor=\"middle\">Δt_l, minimum lead (min)</text>\n"
        for l in Set(models.compactMap(\.runWarningTimeSeconds)).sorted() {
            s +=
                "<line x1=\"\(f(x(l)))\" x2=\"\(f(x(l)))\" y1=\"\(f(pad))\" y2=\"\(f(pad + innerH))\" stroke=\"#999\" stroke-dasharray=\"1 3\"><title>run's Δt_l = \(esc(duration(l)))</title></line>\n"
        }
        for (i, m) in models.enumerated() {
            let color = colors[m.model] ?? "#000"
            for (values, dash, what) in [(m.precision, "", "precision"), (m.recall, " stroke-dasharray=\"5 3\"", "recall")] {
                let points = zip(m.warningTimesSeconds, values).map { (x: $0.0, v: $0.1) }
                var path = "", pen = false
                for p in points {
                    guard let v = p.v else { pen = false; continue }
                    path += (pen ? "L" : "M") + f(x(p.x)) + "," + f(y(v))
                    pen = true
                }
                if !path.isEmpty {
                    s +=
                        "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash)><title>\(esc(m.model)) \(what)</title></path>\n"
                }
                for p in points {
                    guard let v = p.v else { continue }
                    s +=
                        "<circle cx=\"\(f(x(p.x)))\" cy=\"\(f(y(v)))\" r=\"2\" fill=\"\(what == "recall" ? "#fff" : color)\" stroke=\"\(color)\"><title>\(esc(m.model)) \(what) at Δt_l = \(esc(duration(p.x))): \(String(format: "%.3f", v))</title></circle>\n"
                }
            }
            let ly = pad + 12 * Double(i) + 8
            s += "<text x=\"\(f(width - legendW + 10))\" y=\"\(f(ly))\" class=\"lbl\" style=\"fill:\(color)\">\(esc(m.model))</text>"
        }
        let ky = pad + 12 * Double(models.count) + 20, kx = width - legendW + 10
        s += "\n<line x1=\"\(f(kx))\" x2=\"\(f(kx + 18))\" y1=\"\(f(ky))\" y2=\"\(f(ky))\" stroke=\"#444\" stroke-width=\"1.5\"/>"
        s += "<text x=\"\(f(kx + 22))\" y=\"\(f(ky + 4))\" class=\"lbl\">precision</text>"
        s +=
            "<line x1=\"\(f(kx))\" x2=\"\(f(kx + 18))\" y1=\"\(f(ky + 14))\" y2=\"\(f(ky + 14))\" stroke=\"#444\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
        s += "<text x=\"\(f(kx + 22))\" y=\"\(f(ky + 18))\" class=\"lbl\">recall</text>\n"
        return s + "</svg><figcaption>Precision (solid) and recall (dashed) against Δt_l (test seeds, same Δt_p)</figcaption></figure>"
    }

    /// A lead as printed: seconds (integer when whole) and minutes.
    static func leadText(_ seconds: Double) -> String {
        "\(number(seconds)) s (\(String(format: "%.1f", seconds / 60)) min)"
    }

    /// A duration in seconds as `5 min`, `90 s` or `1.5 s`.
    static func duration(_ seconds: Double) -> String {
        seconds >= 60 && (seconds / 60).rounded() == seconds / 60 ? "\(number(seconds / 60)) min" : "\(number(seconds)) s"
    }

    /// An integer without decimals, else up to three.
    static func number(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15
            ? String(Int64(v)) : String(format: "%.3f", v).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }

    static func esc(_ s: String) -> String { XMLText.escape(s) }
    static func f(_ v: Double) -> String { HTMLReport.f(v) }
}
