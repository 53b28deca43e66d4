import Evaluation
import Foundation
import Telemetry

/// The root-cause `report.html` (`faultline rca … --out DIR`): one self-contained page with the per-fault-type
/// tables, accuracy by distance from the entry services, the tΔ curve as a chart, the coupled pipeline when
/// there is one, and for every case its call graph as an inline SVG with the true cause and the first ranker's
/// top 3 marked (issue 13). The graph is laid out in columns by hops from the entry services
/// (`RootCauseDistance`), callers left of callees; entities no entry reaches stand in the last column.
public enum RootCauseHTML {
    /// Renders the page; `graphs` maps a case id to its call graph (cases without one get no drawing).
    public static func render(_ report: RootCauseReport, graphs: [String: Topology]) -> String {
        var body = "<h1>Root-cause ranking: \(esc(report.suite))</h1>\n"
        body += "<p class=\"meta\">\(esc(report.dataset)) · tΔ = \(report.offsetSeconds) s · entity level · "
        body += "95 % bootstrap over cases (B = \(report.resamples), seed \(report.seed)) · ties scored by expectation (METRICS §8)</p>\n"
        body += "<p class=\"meta\">Preprocessing: \(esc(report.preprocessing))</p>\n"
        body += groupTables(report)
        body += distanceTable(report)
        body += curveChart(report)
        body += coupledTable(report)
        body += cases(report, graphs: graphs)
        if !report.failures.isEmpty {
            body += "<section><h2>Cases not ranked</h2><ul>"
            for x in report.failures { body += "<li>tΔ \(x.offsetSeconds) s, \(esc(x.ranker)): \(esc(x.message))</li>" }
            body += "</ul></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Faultline · root cause · \(esc(report.suite))</title>
            <style>\(HTMLReport.css)\(css)</style></head>
            <body>
            \(body)
            </body></html>

            """
    }

    static func esc(_ s: String) -> String { XMLText.escape(s) }
    static func f(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "–" }

    /// One table per group (fault types, then all, then the macro mean), a row per ranker.
    static func groupTables(_ report: RootCauseReport) -> String {
        var out = "<section><h2>Accuracy per fault type</h2>\n"
        var groups: [String] = []
        for s in report.summaries where !groups.contains(s.group) { groups.append(s.group) }
        for g in groups {
            let rows = report.summaries.filter { $0.group == g }
            out += "<h3>\(esc(g)) (\(rows.first?.cases ?? 0) cases)</h3>\n<table><thead><tr><th>ranker</th><th>AC@1</th><th>AC@3</th>"
            out += "<th>Avg@5</th><th>Avg@5 95 % CI</th><th>MRR</th><th>chance Avg@5</th><th>ms/case (median)</th></tr></thead><tbody>\n"
            for s in rows {
                let ci = s.avg5Interval.map { "[\(f($0.low)), \(f($0.high))]" } ?? "–"
                out += "<tr><td>\(esc(s.ranker))</td><td>\(f(s.accuracy[0]))</td><td>\(f(s.accuracy[2]))</td><td>\(f(s.avg5))</td><td>\(ci)</td>"
                out += "<td>\(f(s.mrr))</td><td>\(f(s.chanceAvg5))</td><td>\(String(format: "%.3f", s.msPerCaseMedian))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n"
    }

    static func distanceTable(_ report: RootCauseReport) -> String {
        guard !report.byDistance.isEmpty else { return "" }
        var groups: [String] = []
        for s in report.byDistance where !groups.contains(s.group) { groups.append(s.group) }
        var out = "<section><h2>By distance of the root cause from the entry services</h2>\n"
        out += "<p class=\"meta\">AC@3 / Avg@5; call-graph hops from a caller that nothing calls.</p>\n<table><thead><tr><th>ranker</th>"
        for g in groups { out += "<th>\(esc(g)) (\(report.byDistance.first { $0.group == g }?.cases ?? 0))</th>" }
        out += "</tr></thead><tbody>\n"
        for r in report.rankers {
            out += "<tr><td>\(esc(r))</td>"
            for g in groups {
                out += "<td>\(report.byDistance.first { $0.ranker == r && $0.group == g }.map { "\(f($0.accuracy[2])) / \(f($0.avg5))" } ?? "–")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// Avg@5 against tΔ, one line per ranker (no chart for a single offset).
    static func curveChart(_ report: RootCauseReport) -> String {
        let offsets = Set(report.curve.map(\.offsetSeconds)).sorted()
        guard offsets.count > 1, let lo = offsets.first, let hi = offsets.last, hi > lo else { return "" }
        let width = 560.0, height = 260.0, left = 44.0, right = 110.0, top = 12.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ o: Int) -> Double { left + plotW * Double(o - lo) / Double(hi - lo) }
        func y(_ v: Double) -> Double { top + plotH * (1 - v) }
        var s = "<section><h2>tΔ curve</h2>\n<figure><svg class=\"curve\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
        s += "height=\"\(Int(height))\" role=\"img\" aria-label=\"Avg@5 against the detection offset\">\n"
        for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
            s += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#eee\"/>"
            s += "<text class=\"lbl\" x=\"\(left - 6)\" y=\"\(y(v) + 4)\" text-anchor=\"end\">\(String(format: "%.2f", v))</text>\n"
        }
        for o in offsets {
            s += "<text class=\"lbl\" x=\"\(x(o))\" y=\"\(height - 16)\" text-anchor=\"middle\">\(o > 0 ? "+" : "")\(o) s</text>\n"
        }
        for (i, r) in report.rankers.enumerated() {
            let color = HTMLReport.palette[i % HTMLReport.palette.count]
            let points = offsets.compactMap { o in
                report.curve.first { $0.ranker == r && $0.offsetSeconds == o }.flatMap { p in
                    p.avg5.isFinite ? "\(x(o)),\(y(p.avg5))" : nil
                }
            }
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            s += "<text class=\"lbl\" x=\"\(left + plotW + 8)\" y=\"\(top + 14 + 16 * Double(i))\" style=\"fill:\(color)\">\(esc(r))</text>\n"
        }
        s += "</svg><figcaption>Avg@5 (all cases) when the ranker is told the incident began tΔ after its true start</figcaption></figure>"
        return s + "</section>\n"
    }

    static func coupledTable(_ report: RootCauseReport) -> String {
        guard let c = report.coupled else { return "" }
        var out = "<section><h2>Detected time: \(esc(c.detector)) (seed \(c.seed))</h2>\n<p class=\"meta\">\(c.cases) cases covered by "
        out += "<code>\(esc(c.source))</code>: \(c.detected) detected by a new alarm (median \(f(c.timeToDetectMedianSeconds)) s after the start), "
        out += "\(c.masked) masked by an alarm already on, \(c.missed) missed. Coupled: over every covered case (masked and missed score 0).</p>\n"
        out += "<table><thead><tr><th>ranker</th><th>oracle AC@3</th><th>oracle Avg@5</th><th>coupled AC@3</th><th>coupled Avg@5</th>"
        out += "<th>on detected Avg@5</th><th>oracle on detected Avg@5</th></tr></thead><tbody>\n"
        for r in c.rankers {
            out += "<tr><td>\(esc(r.ranker))</td><td>\(f(r.oracleAccuracy[2]))</td><td>\(f(r.oracleAvg5))</td><td>\(f(r.coupledAccuracy[2]))</td>"
            out += "<td>\(f(r.coupledAvg5))</td><td>\(f(r.detectedAvg5))</td><td>\(f(r.oracleOnDetectedAvg5))</td></tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// Every case: truth, each ranker's top 5 and rank of the truth, and the call graph.
    static func cases(_ report: RootCauseReport, graphs: [String: Topology]) -> String {
        guard let first = report.rankers.first, let scores = report.cases[first], !scores.isEmpty else { return "" }
        var out = "<section><h2>Cases</h2>\n<p class=\"meta\">Graphs: the true cause ringed red, \(esc(first))'s top 3 numbered "
        out += "(the first ranker of the run); columns are hops from the entry services.</p>\n"
        for c in scores {
            out += "<details><summary><b>\(esc(c.caseID))</b> · \(esc(c.faultType)) · truth \(esc(c.truth.joined(separator: ", ")))"
            out +=
                " · \(esc(first)) rank \(String(format: "%.1f", c.rank))</summary>\n<table><thead><tr><th>ranker</th><th>rank</th><th>top 5</th></tr></thead><tbody>"
            for r in report.rankers {
                guard let s = report.cases[r]?.first(where: { $0.caseID == c.caseID }) else { continue }
                out += "<tr><td>\(esc(r))</td><td>\(String(format: "%.1f", s.rank))</td><td>\(esc(s.top.joined(separator: ", ")))</td></tr>"
            }
            out += "</tbody></table>\n"
            if let g = graphs[c.caseID], !g.edges.isEmpty {
                out += graphSVG(g, truth: Set(c.truth), top: Array(c.top.prefix(3)), label: c.caseID)
            }
            out += "</details>\n"
        }
        return out + "</section>\n"
    }

    /// The call graph in columns by hops from the entry services; `truth` ringed, `top` numbered 1…3.
    public static func graphSVG(_ g: Topology, truth: Set<String>, top: [String], label: String) -> String {
        let hops = RootCauseDistance.hops(g)
        var nodes: [String] = []
        for e in g.edges {
            for n in [e.caller, e.callee] where !nodes.contains(n) { nodes.append(n) }
        }
        for t in truth.sorted() where !nodes.contains(t) { nodes.append(t) }
        let deepest = hops.values.max() ?? 0
        func column(_ n: String) -> Int { hops[n] ?? deepest + 1 }
        let columns = Dictionary(grouping: nodes, by: column).mapValues { $0.sorted() }
        let colW = 170.0, rowH = 34.0, boxW = 150.0, boxH = 24.0, pad = 10.0
        let tallest = columns.values.map(\.count).max() ?? 1
        let width = pad * 2 + colW * Double((columns.keys.max() ?? 0) + 1), height = pad * 2 + rowH * Double(tallest)
        var at: [String: (Double, Double)] = [:]
        for (c, members) in columns {
            for (i, n) in members.enumerated() { at[n] = (pad + colW * Double(c), pad + rowH * Double(i)) }
        }
        var s = "<figure><svg class=\"graph\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        s += "role=\"img\" aria-label=\"call graph of \(esc(label))\">\n"
        s += "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
        s += "<path d=\"M0,0L8,4L0,8z\" fill=\"#999\"/></marker></defs>\n"
        for e in g.edges {
            guard let a = at[e.caller], let b = at[e.callee] else { continue }
            let x1 = a.0 + boxW, y1 = a.1 + boxH / 2, x2 = b.0, y2 = b.1 + boxH / 2
            let back = x2 <= x1
            s +=
                back
                ? "<path d=\"M\(x1 - boxW / 2),\(a.1 + boxH) C\(x1 - boxW / 2),\(y2 + 30) \(x2 + boxW / 2),\(y2 + 30) \(x2 + boxW / 2),\(b.1 + boxH)\" fill=\"none\" stroke=\"#ccc\" marker-end=\"url(#arrow)\"/>\n"
                : "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#bbb\" marker-end=\"url(#arrow)\"/>\n"
        }
        for n in nodes {
            guard let (x, y) = at[n] else { continue }
            let isTruth = truth.contains(n)
            s += "<g\(isTruth ? " class=\"truth\"" : "")><rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxW)\" height=\"\(boxH)\" rx=\"5\" fill=\"#fff\" "
            s += isTruth ? "stroke=\"#d62728\" stroke-width=\"3\"/>" : "stroke=\"#888\"/>"
            s += "<text class=\"lbl\" x=\"\(x + 8)\" y=\"\(y + 16)\">\(esc(String(n.prefix(22))))</text>"
            if let k = top.firstIndex(of: n) {
                s += "<circle class=\"top\" cx=\"\(x + boxW - 10)\" cy=\"\(y + boxH / 2)\" r=\"8\" fill=\"#1f77b4\"/>"
                s += "<text x=\"\(x + boxW - 10)\" y=\"\(y + boxH / 2 + 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#fff\">\(k + 1)</text>"
            }
            s += "</g>\n"
        }
        return s + "</svg></figure>\n"
    }

    static let css = "details{margin:6px 0}summary{cursor:pointer}svg.graph{background:#fcfcfc;border:1px solid #eee;max-width:100%;height:auto}"
}
