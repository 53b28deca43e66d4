import Evaluation
import Foundation

/// `report.html`: one self-contained page (no network) with the leaderboards as sortable tables,
/// inline SVG plots of series with fault windows shaded and alarms marked, PR curves, a
/// detection-delay histogram, the failure-prediction lead-time section when the run predicts (`LeadTimeSection`),
/// and the full `results.json` embedded.
public enum HTMLReport {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#d62728"]

    /// Renders the page.
    public static func render(_ result: RunResult) throws -> String {
        let json = String(decoding: try JSONReport.encode(result), as: UTF8.self)
            .replacingOccurrences(of: "</", with: "<\\/")
        var body = "<h1>\(esc(result.run.name))</h1>\n"
        body += "<p class=\"meta\">spec <code>\(esc(result.run.spec))</code> · Faultline \(esc(result.run.faultlineVersion))"
        if let rev = result.run.gitRevision { body += " · git <code>\(esc(rev))</code>" }
        body += " · <code>\(esc(result.run.command))</code></p>\n"
        for note in result.notes { body += "<p class=\"note\">\(esc(note))</p>\n" }
        let modelColor = colors(for: result)
        for table in Leaderboard.tables(for: result) {
            body += "<section>\n<h2>\(esc(table.dataset))</h2>\n"
            for ds in result.datasets where ds.name == table.dataset {
                body +=
                    "<p class=\"meta\">\(ds.seed.map { "seed \($0): " } ?? "")\(ds.rows) rows × \(ds.series) series, step \(ds.stepMs / 1000) s; trained on \(ds.trainRows) rows\(ds.split.map { " (\($0))" } ?? ""), scored \(ds.testRows); \(ds.events) fault events, \(ds.benignChanges) benign changes</p>\n"
            }
            if !table.columns.isEmpty {  // a run of predictors only has no detector figures
                if result.datasets.filter({ $0.name == table.dataset }).count > 1 {
                    body += "<p class=\"meta\">Values are means over seeds (std, min and max in the embedded results).</p>\n"
                }
                body += leaderboardTable(table)
            }
            for panel in result.plots where panel.dataset == table.dataset {
                body += seriesPlot(panel, colors: modelColor)
                body += "<div class=\"row\">" + prPlot(panel, colors: modelColor) + delayHistogram(panel, colors: modelColor) + "</div>\n"
            }
            body += "</section>\n"
        }
        body += LeadTimeSection.render(result, colors: modelColor)
        if !result.failures.isEmpty {
            body += "<section><h2>Failed models</h2><ul>"
            for f in result.failures { body += "<li><b>\(esc(f.model))</b> on \(esc(f.dataset)): \(esc(f.reason))</li>" }
            body += "</ul></section>\n"
        }
        body += modelsTable(result)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Faultline · \(esc(result.run.name))</title>
            <style>\(css)</style></head>
            <body>
            \(body)
            <script type="application/json" id="results">\(json)</script>
            <script>\(script)</script>
            </body></html>

            """
    }

    static func esc(_ s: String) -> String { XMLText.escape(s) }

    static func colors(for result: RunResult) -> [String: String] {
        var names = result.models.map(\.name)
        for r in result.metrics where !names.contains(r.model) { names.append(r.model) }
        var out: [String: String] = [:]
        for (i, n) in names.enumerated() { out[n] = palette[i % palette.count] }
        return out
    }

    static func leaderboardTable(_ table: Leaderboard.Table) -> String {
        var s = "<table class=\"sortable\"><thead><tr><th>model</th>"
        for c in table.columns { s += "<th title=\"\(c.higherIsBetter ? "higher is better" : "lower is better")\">\(esc(c.title))</th>" }
        s += "</tr></thead><tbody>\n"
        for row in table.rows {
            s +=
                "<tr\(row.isBaseline ? " class=\"baseline\"" : "")><td>\(esc(row.model))\(row.isBaseline ? " <small>baseline</small>" : "")\(row.isUpperBound ? " <small>upper bound</small>" : "")</td>"
            for cell in row.cells {
                let v = cell?.value.map { String($0) } ?? ""
                let title =
                    cell.map { r in
                        r.undefinedReason ?? r.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                    } ?? ""
                s += "<td data-v=\"\(v)\" title=\"\(esc(title))\">\(esc(Leaderboard.format(cell)))</td>"
            }
            s += "</tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    static func modelsTable(_ result: RunResult) -> String {
        guard !result.models.isEmpty else { return "" }
        var s =
            "<section><h2>Models</h2><table class=\"sortable\"><thead><tr><th>model</th><th>family</th><th>threshold policy</th><th>parameters</th></tr></thead><tbody>\n"
        for m in result.models {
            let params = m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            s += "<tr><td>\(esc(m.name))</td><td>\(esc(m.family))</td><td>\(esc(m.thresholdPolicy))</td><td>\(esc(params))</td></tr>\n"
        }
        return s + "</tbody></table></section>\n"
    }

    /// Series stacked vertically, fault windows shaded red, benign changes shaded blue, and one alarm
    /// strip per model underneath.
    static func seriesPlot(_ p: PlotPanel, colors: [String: String]) -> String {
        guard let t0 = p.timestamps.first, let t1 = p.timestamps.last, t1 > t0 else { return "" }
        let width = 960.0, left = 170.0, right = 10.0, rowH = 54.0, stripH = 12.0
        let plotW = width - left - right
        let height = Double(p.series.count) * rowH + Double(p.alarms.count) * stripH + 28
        func x(_ t: Int64) -> Double { left + plotW * Double(t - t0) / Double(t1 - t0) }
        var s =
            "<svg class=\"plot\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"series of \(esc(p.dataset))\">\n"
        let contentH = Double(p.series.count) * rowH
        for w in p.benignWindows {
            let a = max(x(w.startMs), left), b = min(x(w.endMs), width - right)
            if b >= a {
                s +=
                    "<rect x=\"\(f(a))\" y=\"0\" width=\"\(f(max(b - a, 1)))\" height=\"\(f(contentH))\" fill=\"#4e79a7\" opacity=\"0.15\"><title>benign: \(esc(w.label))</title></rect>\n"
            }
        }
        for w in p.labelWindows {
            let a = max(x(w.startMs), left), b = min(x(w.endMs), width - right)
            if b >= a {
                s +=
                    "<rect x=\"\(f(a))\" y=\"0\" width=\"\(f(max(b - a, 1)))\" height=\"\(f(contentH))\" fill=\"#e15759\" opacity=\"0.22\"><title>fault: \(esc(w.label))</title></rect>\n"
            }
        }
        for (i, series) in p.series.enumerated() {
            let top = Double(i) * rowH + 4, h = rowH - 10
            let finite = series.values.compactMap { $0 }
            guard let lo = finite.min(), let hi = finite.max() else { continue }
            let span = hi > lo ? hi - lo : 1
            var path = ""
            var pen = false
            for (k, v) in series.values.enumerated() {
                guard let v, k < p.timestamps.count else { pen = false; continue }
                let px = x(p.timestamps[k]), py = top + h - h * (v - lo) / span
                path += (pen ? "L" : "M") + f(px) + "," + f(py)
                pen = true
            }
            s += "<text x=\"4\" y=\"\(f(top + h / 2 + 4))\" class=\"lbl\">\(esc(series.id))</text>\n"
            s += "<path d=\"\(path)\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>\n"
            s += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(top + h + 3))\" y2=\"\(f(top + h + 3))\" stroke=\"#ddd\"/>\n"
        }
        for (j, alarms) in p.alarms.enumerated() {
            let top = contentH + Double(j) * stripH + 2
            let color = colors[alarms.model] ?? "#000"
            s += "<text x=\"4\" y=\"\(f(top + 9))\" class=\"lbl\">alarms: \(esc(alarms.model))</text>\n"
            for e in alarms.episodes {
                let a = x(e.startMs), b = x(e.endMs)
                s += "<rect x=\"\(f(a))\" y=\"\(f(top))\" width=\"\(f(max(b - a, 1.5)))\" height=\"\(f(stripH - 3))\" fill=\"\(color)\"/>\n"
            }
        }
        let axisY = height - 6
        s += "<text x=\"\(f(left))\" y=\"\(f(axisY))\" class=\"lbl\">\(esc(isoTime(t0)))</text>"
        s += "<text x=\"\(f(width - right))\" y=\"\(f(axisY))\" class=\"lbl\" text-anchor=\"end\">\(esc(isoTime(t1)))</text>\n"
        return s + "</svg>\n"
    }

    static func prPlot(_ p: PlotPanel, colors: [String: String]) -> String {
        guard !p.prCurves.isEmpty else { return "" }
        let size = 300.0, pad = 34.0, inner = size - 2 * pad
        var s =
            "<figure><svg viewBox=\"0 0 \(Int(size)) \(Int(size))\" width=\"\(Int(size))\" height=\"\(Int(size))\" role=\"img\" aria-label=\"precision-recall curves\">\n"
        s += "<rect x=\"\(f(pad))\" y=\"\(f(pad))\" width=\"\(f(inner))\" height=\"\(f(inner))\" fill=\"none\" stroke=\"#999\"/>\n"
        s += "<text x=\"\(f(size / 2))\" y=\"\(f(size - 8))\" class=\"lbl\" text-anchor=\"middle\">recall</text>"
        s += "<text x=\"10\" y=\"\(f(size / 2))\" class=\"lbl\" transform=\"rotate(-90 10 \(f(size / 2)))\" text-anchor=\"middle\">precision</text>\n"
        for (i, c) in p.prCurves.enumerated() {
            let color = colors[c.model] ?? "#000"
            let pts = zip(c.recall, c.precision).map { "\(f(pad + inner * $0.0)),\(f(pad + inner * (1 - $0.1)))" }.joined(separator: " ")
            s += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"><title>\(esc(c.model))</title></polyline>\n"
            s += "<text x=\"\(f(pad + 4))\" y=\"\(f(pad + 12 + 12 * Double(i)))\" class=\"lbl\" style=\"fill:\(color)\">\(esc(c.model))</text>\n"
        }
        return s + "</svg><figcaption>Precision–recall (point-wise, test span)</figcaption></figure>"
    }

    static func delayHistogram(_ p: PlotPanel, colors: [String: String]) -> String {
        let all = p.detectionDelays.flatMap(\.delaysSeconds)
        guard let maxDelay = all.max(), !all.isEmpty else { return "" }
        let bins = 12, width = 420.0, height = 300.0, pad = 34.0
        let binW = max(maxDelay, 1) / Double(bins)
        let counts: [[Int]] = p.detectionDelays.map { d in
            var c = [Int](repeating: 0, count: bins)
            for v in d.delaysSeconds { c[min(bins - 1, Int(max(0, v) / binW))] += 1 }
            return c
        }
        let top = max(1, counts.flatMap { $0 }.max() ?? 1)
        let groupW = (width - 2 * pad) / Double(bins)
        let barW = groupW / Double(max(1, counts.count)) * 0.9
        var s =
            "<figure><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"detection delay histogram\">\n"
        for (m, c) in counts.enumerated() {
            let color = colors[p.detectionDelays[m].model] ?? "#000"
            for (b, n) in c.enumerated() where n > 0 {
                let h = (height - 2 * pad) * Double(n) / Double(top)
                s +=
                    "<rect x=\"\(f(pad + Double(b) * groupW + Double(m) * barW))\" y=\"\(f(height - pad - h))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(color)\"><title>\(esc(p.detectionDelays[m].model)): \(n)</title></rect>\n"
            }
        }
        s += "<line x1=\"\(f(pad))\" x2=\"\(f(width - pad))\" y1=\"\(f(height - pad))\" y2=\"\(f(height - pad))\" stroke=\"#999\"/>\n"
        s +=
            "<text x=\"\(f(pad))\" y=\"\(f(height - 12))\" class=\"lbl\">0 s</text><text x=\"\(f(width - pad))\" y=\"\(f(height - 12))\" class=\"lbl\" text-anchor=\"end\">\(f(max(maxDelay, 1))) s</text>\n"
        return s + "</svg><figcaption>Time to detect (detected events)</figcaption></figure>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func isoTime(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
        h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #eee}
        .meta{color:#666;font-size:12px}.note{background:#fff8e1;padding:6px 10px;border-left:3px solid #f0c000}
        table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
        th,td{padding:3px 9px;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}
        th{cursor:pointer;user-select:none;background:#fafafa}tr.baseline td{color:#777}
        .lbl{font-size:11px;fill:#444}.row{display:flex;gap:16px;flex-wrap:wrap}figure{margin:8px 0}figcaption{font-size:12px;color:#666}
        code{background:#f4f4f4;padding:0 3px}table.lead td{white-space:nowrap}h3{font-size:15px;margin-top:18px}
        """

    static let script = """
        document.querySelectorAll('table.sortable').forEach(function(t){
          t.querySelectorAll('th').forEach(function(th,i){
            th.addEventListener('click',function(){
              var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows),asc=th.dataset.dir!=='asc';
              rows.sort(function(a,b){
                var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;
                if(x!==undefined&&y!==undefined&&x!==''&&y!==''){return asc?(+x)-(+y):(+y)-(+x);}
                x=a.cells[i].textContent;y=b.cells[i].textContent;return asc?x.localeCompare(y):y.localeCompare(x);
              });
              rows.forEach(function(r){tb.appendChild(r);});
              t.querySelectorAll('th').forEach(function(h){delete h.dataset.dir;});th.dataset.dir=asc?'asc':'desc';
            });
          });
        });
        JSON.parse(document.getElementById('results').textContent);
        document.body.setAttribute('data-ready','1');
        """
}
