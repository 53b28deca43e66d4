import Evaluation
import Foundation
import Telemetry

extension RootCauseReport {
    /// The terminal table: one block per group (fault types, then all), one row per ranker.
    public func text() -> String {
        var out = "root-cause ranking  suite \(suite)  (\(dataset))\n"
        out +=
            "offset tΔ = \(offsetSeconds) s; entity level; 95 % bootstrap over cases (B = \(resamples), seed \(seed)); ties scored by expectation\n"
        out += "preprocessing: \(preprocessing)\n"
        for group in groups {
            let rows = summaries.filter { $0.group == group }
            guard let first = rows.first else { continue }
            out += "\n\(group) (\(first.cases) cases)\n"
            out +=
                pad("ranker", 10) + pad("AC@1", 7) + pad("AC@3", 7) + pad("Avg@5", 7) + pad("Avg@5 95% CI", 15) + pad("MRR", 7)
                + pad("rank~", 6) + pad("chance Avg@5/MRR", 18) + pad("ties", 5) + "ms/case (median, max)\n"
            for s in rows {
                let ci = s.avg5Interval.map { "[\(f($0.low)), \(f($0.high))]" } ?? "-"
                out +=
                    pad(s.ranker, 10) + pad(f(s.accuracy[0]), 7) + pad(f(s.accuracy[2]), 7) + pad(f(s.avg5), 7) + pad(ci, 15)
                    + pad(f(s.mrr), 7) + pad(String(format: "%.1f", s.rankMedian), 6) + pad("\(f(s.chanceAvg5)) / \(f(s.chanceMRR))", 18)
                    + pad("\(s.tiedCases)", 5) + String(format: "%.3f, %.3f", s.msPerCaseMedian, s.msPerCaseMax) + "\n"
            }
        }
        out += distanceText()
        out += curveText()
        out += coupledText()
        out += failureText()
        return out
    }

    /// AC@3 / Avg@5 by the root cause's hops from the entry services, one column per distance.
    func distanceText() -> String {
        guard !byDistance.isEmpty else { return "" }
        var groups: [String] = []
        for s in byDistance where !groups.contains(s.group) { groups.append(s.group) }
        var out = "\nBy distance of the root cause from the entry services (call-graph hops): AC@3 / Avg@5 (cases)\n" + pad("ranker", 10)
        for g in groups { out += pad("\(g) (\(byDistance.first { $0.group == g }?.cases ?? 0))", 16) }
        out += "\n"
        for r in rankers {
            out += pad(r, 10)
            for g in groups {
                out += pad(byDistance.first { $0.ranker == r && $0.group == g }.map { "\(f($0.accuracy[2])) / \(f($0.avg5))" } ?? "–", 16)
            }
            out += "\n"
        }
        return out
    }

    /// The coupled pipeline's lines (detect, then rank at the alarm) beside the oracle, when there is one.
    func coupledText() -> String {
        guard let c = coupled else { return "" }
        var out = "\nDetected time (\(c.detector), seed \(c.seed), from \(c.source)): \(c.cases) cases covered, \(c.detected) detected by a new alarm"
        out += " (median \(f(c.timeToDetectMedianSeconds)) s after the start), \(c.masked) masked by an alarm already on, \(c.missed) missed\n"
        out += pad("ranker", 10) + pad("oracle AC@1", 12) + pad("AC@3", 7) + pad("Avg@5", 7) + pad("coupled AC@1", 13) + pad("AC@3", 7)
        out += pad("Avg@5", 7) + pad("on detected: Avg@5", 19) + "oracle Avg@5\n"
        for r in c.rankers {
            out += pad(r.ranker, 10) + pad(f(r.oracleAccuracy[0]), 12) + pad(f(r.oracleAccuracy[2]), 7) + pad(f(r.oracleAvg5), 7)
            out += pad(f(r.coupledAccuracy[0]), 13) + pad(f(r.coupledAccuracy[2]), 7) + pad(f(r.coupledAvg5), 7)
            out += pad(f(r.detectedAvg5), 19) + f(r.oracleOnDetectedAvg5) + "\n"
        }
        out += "(coupled: over every covered case, masked and missed ones scoring 0; on detected: the detected cases only)\n"
        for x in c.failures { out += "  not ranked at the detected time (tΔ \(x.offsetSeconds) s), \(x.ranker): \(x.message)\n" }
        return out
    }

    /// The tΔ curve: Avg@5 (and AC@3) per ranker and offset.
    func curveText() -> String {
        let offsets = Set(curve.map(\.offsetSeconds)).sorted()
        guard offsets.count > 1 else { return "" }
        var out = "\ntΔ curve (told start = true start + tΔ): AC@3 / Avg@5, all cases\n" + pad("ranker", 10)
        for o in offsets { out += pad("\(o > 0 ? "+" : "")\(o) s", 14) }
        out += "\n"
        for r in rankers {
            out += pad(r, 10)
            for o in offsets {
                let p = curve.first { $0.ranker == r && $0.offsetSeconds == o }
                out += pad(p.map { "\(f($0.accuracy[2])) / \(f($0.avg5))" } ?? "-", 14)
            }
            out += "\n"
        }
        return out
    }

    func failureText() -> String {
        guard !failures.isEmpty else { return "" }
        var out = "\n\(failures.count) case(s) not ranked (the rest are scored):\n"
        for x in failures { out += "  tΔ \(x.offsetSeconds) s, \(x.ranker): \(x.message)\n" }
        return out
    }

    /// A Markdown table (docs, `rca.md`).
    public func markdown() -> String {
        var out = "# Root-cause ranking: \(suite)\n\n"
        out += "Offset tΔ = \(offsetSeconds) s, entity level, 95 % bootstrap over cases (B = \(resamples), seed \(seed)); "
        out += "ties scored by expectation over random order (METRICS.md §8).\n\nPreprocessing: \(preprocessing)\n\n"
        out +=
            "| fault | cases | ranker | AC@1 | AC@3 | AC@3 95 % CI | Avg@5 | Avg@5 95 % CI | MRR | chance AC@1 | chance AC@3 | chance Avg@5 | chance MRR | ms/case (median) |\n"
        out += "| --- | ---: | --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for group in groups {
            for s in summaries where s.group == group {
                let ci = s.avg5Interval.map { "[\(f($0.low)), \(f($0.high))]" } ?? "–"
                let ci3 = s.ac3Interval.map { "[\(f($0.low)), \(f($0.high))]" } ?? "–"
                out +=
                    "| \(group) | \(s.cases) | \(s.ranker) | \(f(s.accuracy[0])) | \(f(s.accuracy[2])) | \(ci3) | \(f(s.avg5)) | \(ci) | \(f(s.mrr)) | "
                out +=
                    "\(f(s.chanceAccuracy[0])) | \(f(s.chanceAccuracy[2])) | \(f(s.chanceAvg5)) | \(f(s.chanceMRR)) | \(String(format: "%.3f", s.msPerCaseMedian)) |\n"
            }
        }
        if !byDistance.isEmpty {
            var groups: [String] = []
            for s in byDistance where !groups.contains(s.group) { groups.append(s.group) }
            out += "\n## By distance of the root cause from the entry services (AC@3 / Avg@5)\n\n| ranker | "
            out += groups.map { g in "\(g) (\(byDistance.first { $0.group == g }?.cases ?? 0) cases)" }.joined(separator: " | ") + " |\n"
            out += "| --- |" + String(repeating: " ---: |", count: groups.count) + "\n"
            for r in rankers {
                let cells = groups.map { g in
                    byDistance.first { $0.ranker == r && $0.group == g }.map { "\(f($0.accuracy[2])) / \(f($0.avg5))" } ?? "–"
                }
                out += "| \(r) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        let offsets = Set(curve.map(\.offsetSeconds)).sorted()
        if offsets.count > 1 {
            out += "\n## tΔ curve (AC@3 / Avg@5, all cases)\n\n| ranker | " + offsets.map { "\($0) s" }.joined(separator: " | ") + " |\n"
            out += "| --- |" + String(repeating: " ---: |", count: offsets.count) + "\n"
            for r in rankers {
                let cells = offsets.map { o in
                    curve.first { $0.ranker == r && $0.offsetSeconds == o }.map { "\(f($0.accuracy[2])) / \(f($0.avg5))" } ?? "–"
                }
                out += "| \(r) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        if let c = coupled {
            out += "\n## Detected time: \(c.detector) (seed \(c.seed))\n\n"
            out +=
                "\(c.cases) cases covered by `\(c.source)`: \(c.detected) detected by a new alarm (median \(f(c.timeToDetectMedianSeconds)) s after "
            out += "the start), \(c.masked) masked by an alarm already on, \(c.missed) missed. Coupled figures are over every covered case "
            out += "(masked and missed score 0); \"on detected\" over the detected cases only.\n\n"
            out +=
                "| ranker | oracle AC@1 | oracle AC@3 | oracle Avg@5 | coupled AC@1 | coupled AC@3 | coupled Avg@5 | on detected Avg@5 | oracle on detected Avg@5 |\n"
            out += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for r in c.rankers {
                out += "| \(r.ranker) | \(f(r.oracleAccuracy[0])) | \(f(r.oracleAccuracy[2])) | \(f(r.oracleAvg5)) | \(f(r.coupledAccuracy[0])) | "
                out += "\(f(r.coupledAccuracy[2])) | \(f(r.coupledAvg5)) | \(f(r.detectedAvg5)) | \(f(r.oracleOnDetectedAvg5)) |\n"
            }
        }
        if !failures.isEmpty {
            out += "\n## Cases not ranked\n\n" + failures.map { "- tΔ \($0.offsetSeconds) s, \($0.ranker): \($0.message)\n" }.joined()
        }
        return out
    }

    /// The report as one JSON object (sorted keys), with the `results.json`-style records.
    public func json() throws -> String {
        struct Wrapped: Encodable {
            var report: RootCauseReport
            var metrics: [MetricRecord]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(Wrapped(report: self, metrics: records)), as: UTF8.self) + "\n"
    }

    var groups: [String] {
        var seen = Set<String>()
        return summaries.map(\.group).filter { seen.insert($0).inserted }
    }

    private func f(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "–" }
    private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
}

/// Writes `rca.json`, `rca.md` and `report.html` into a folder, each atomically.
public enum RootCauseReportWriter {
    public static let files = ["rca.json", "rca.md", "report.html"]

    /// - Parameters:
    ///   - graphs: each case's call graph, drawn in `report.html` (`RootCauseHTML`).
    /// - Throws: `ReportError.write` naming the file.
    public static func write(_ report: RootCauseReport, to folder: URL, graphs: [String: Topology] = [:]) throws -> [URL] {
        let contents = [try report.json(), report.markdown(), RootCauseHTML.render(report, graphs: graphs)]
        return try zip(files, contents).map { name, text in
            let url = folder.appendingPathComponent(name)
            try AtomicWrite.write(Data(text.utf8), to: url)
            return url
        }
    }
}
