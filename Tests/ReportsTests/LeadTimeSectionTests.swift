import Evaluation
import Foundation
import Reports
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `sampleRun()` with pooled lead times for a predictor and a detector on the test seeds, and the predictor's train
/// seeds (issue 14, METRICS §7).
func leadTimeRun() -> RunResult {
    var run = sampleRun()
    run.leadTimes = [
        // Leads 10, 20, 30, 40, 50 min: type 7 median 1800 s; p10 h = 0.4 → 600 + 0.4·600 = 840 s; p90 h = 3.6 → 2760 s.
        ModelLeadTimes(
            model: "logistic", role: "test", kind: "predictor", leadsSeconds: [3000, 600, 1800, 1200, 2400],
            leadKinds: ["memory-leak", "disk-fill", "memory-leak", "pool-leak", "error-creep"], warningTimesSeconds: [0, 300, 600, 1200],
            precision: [0.5, 0.6, nil, 0.4], recall: [1, 0.8, 0.7, 0.5], runWarningTimeSeconds: 300, predictionPeriodSeconds: 3600),
        // A detector that warned before no failure: no leads, precision undefined everywhere, recall 0.
        ModelLeadTimes(
            model: "zscore", role: "test", kind: "detector", leadsSeconds: [], leadKinds: [], warningTimesSeconds: [0, 300, 600, 1200],
            precision: [nil, nil, nil, nil], recall: [0, 0, 0, 0], runWarningTimeSeconds: 300, predictionPeriodSeconds: 3600),
        ModelLeadTimes(
            model: "logistic", role: "train", kind: "predictor", leadsSeconds: [900], leadKinds: ["memory-leak"],
            warningTimesSeconds: [0, 300, 600, 1200], precision: [0.9, 0.95, 0.9, 0.85], recall: [1, 1, 1, 1], runWarningTimeSeconds: 300,
            predictionPeriodSeconds: 3600),
    ]
    return run
}

/// The `<tr>…</tr>` of `html` whose first cell is `model`, searching from `from` on.
func tableRow(_ html: String, model: String, after marker: String) -> String? {
    guard let start = html.range(of: marker) else { return nil }
    let rest = html[start.upperBound...]
    guard let row = rest.range(of: "<tr><td>\(model)</td>") else { return nil }
    guard let end = rest[row.upperBound...].range(of: "</tr>") else { return nil }
    return String(rest[row.lowerBound..<end.upperBound])
}

/// The text of each `<td>` of a row.
func cells(_ row: String) -> [String] {
    row.components(separatedBy: "<td").dropFirst().compactMap { part in
        guard let open = part.firstIndex(of: ">"), let close = part.range(of: "</td>") else { return nil }
        return String(part[part.index(after: open)..<close.lowerBound])
    }
}

/// Every `<svg …>…</svg>` fragment of `html`.
func svgFragments(_ html: String) -> [String] {
    var out: [String] = []
    var rest = html[...]
    while let a = rest.range(of: "<svg"), let b = rest[a.lowerBound...].range(of: "</svg>") {
        out.append(String(rest[a.lowerBound..<b.upperBound]))
        rest = rest[b.upperBound...]
    }
    return out
}

/// Whether `xml` parses as a well-formed XML document. On Linux `parse()` returns true at a premature end (an element
/// left open), with `parserError` set: both are checked.
func isWellFormedXML(_ xml: String) -> (Bool, String) {
    let parser = XMLParser(data: Data(xml.utf8))
    let ok = parser.parse() && parser.parserError == nil
    return (ok, parser.parserError.map { "\($0)" } ?? "")
}

@Suite struct LeadTimeSectionTests {
    static let testMarker = "<h3>Test seeds (pooled)</h3>"
    static let trainMarker = "<h3>Train seeds (pooled)</h3>"

    static func html(_ run: RunResult) throws -> String {
        String(decoding: try ReportWriter.render(run, as: .html), as: UTF8.self)
    }

    @Test func theTableShowsTheHandComputedQuantilesAndThePrecisionAndRecallAtTheRunsWarningTime() throws {
        let html = try Self.html(leadTimeRun())
        #expect(html.contains("<h2>Failure prediction — lead time</h2>"))
        #expect(html.contains("This run: Δt_l = 5 min, Δt_p = 60 min."))
        let row = try #require(tableRow(html, model: "logistic", after: Self.testMarker))
        #expect(
            cells(row) == [
                "logistic", "predictor", "5", "1800 s (30.0 min)", "840 s (14.0 min)", "2760 s (46.0 min)", "0.600", "0.800",
            ])
        #expect(html.contains("<p class=\"meta\">test seeds: leads at the run's Δt_l; precision and recall at Δt_l = 5 min.</p>"))
    }

    @Test func undefinedValuesPrintAsNotAvailableNeverZero() throws {
        let html = try Self.html(leadTimeRun())
        let row = try #require(tableRow(html, model: "zscore", after: Self.testMarker))
        // No leads → no quantiles; precision undefined → n/a; recall 0 is a real 0.
        #expect(cells(row) == ["zscore", "detector", "0", "n/a", "n/a", "n/a", "n/a", "0.000"])
    }

    @Test func detectorsShowTheirDetectionDelayBesideTheirLeadTime() throws {
        let html = try Self.html(leadTimeRun())
        // sampleRun's zscore has mttd_s 45 on shop@1 (one seed); logistic is a predictor and gets no such line.
        #expect(html.contains("every seed counts): zscore: shop@1 45 s (0.8 min).</p>"))
        var run = leadTimeRun()
        run.metrics.removeAll { $0.metric == .mttd }
        #expect(try Self.html(run).contains("every seed counts): zscore: shop@1 n/a.</p>"))
    }

    @Test func aRunWarningTimeMissingFromTheGridOrUnrecordedGivesNotAvailable() throws {
        var run = leadTimeRun()
        run.leadTimes?[0].runWarningTimeSeconds = 450
        var row = try #require(tableRow(try Self.html(run), model: "logistic", after: Self.testMarker))
        #expect(Array(cells(row).suffix(2)) == ["n/a", "n/a"])
        run.leadTimes?[0].runWarningTimeSeconds = nil
        row = try #require(tableRow(try Self.html(run), model: "logistic", after: Self.testMarker))
        #expect(Array(cells(row).suffix(2)) == ["n/a", "n/a"])
    }

    @Test func trainSeedRowsAreLabelledAndKeptApartFromTest() throws {
        let html = try Self.html(leadTimeRun())
        let test = try #require(html.range(of: Self.testMarker)), train = try #require(html.range(of: Self.trainMarker))
        #expect(test.upperBound < train.lowerBound)
        #expect(
            html.contains(
                "train seeds: the runs learned predictors were fitted on (their labels were seen), so for those predictors these rows are not held-out figures."
            ))
        let testPart = html[test.upperBound..<train.lowerBound]
        #expect(!testPart.contains("900 s (15.0 min)"))
        let row = try #require(tableRow(html, model: "logistic", after: Self.trainMarker))
        #expect(cells(row) == ["logistic", "predictor", "1", "900 s (15.0 min)", "900 s (15.0 min)", "900 s (15.0 min)", "0.950", "1.000"])
        // The plots show the test seeds only: the train lead (15 min) is in no histogram bar.
        #expect(!html.contains("in [15, 20) min"))
    }

    @Test func theHistogramBinsLeadsInWholeMinutes() throws {
        let html = try Self.html(leadTimeRun())
        // Leads 10…50 min → 5-min bins (the smallest of 1, 2, 5 … giving at most 14 bins): one lead in each of these.
        for lo in [10, 20, 30, 40, 50] { #expect(html.contains("<title>logistic: 1 in [\(lo), \(lo + 5)) min</title>")) }
        #expect(!html.contains("<title>logistic: 1 in [15, 20) min</title>"))
        #expect(html.contains("5-min bins"))
    }

    @Test func precisionAndRecallAgainstWarningTimeSkipUndefinedPoints() throws {
        let html = try Self.html(leadTimeRun())
        // logistic precision is undefined at 10 min: the solid line breaks there (two M moves), recall does not.
        let precision = try #require(html.range(of: "<title>logistic precision</title>"))
        let pathStart = try #require(html[..<precision.lowerBound].range(of: "<path d=\"", options: .backwards))
        let d = html[pathStart.upperBound..<precision.lowerBound]
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(html.contains("logistic precision at Δt_l = 5 min: 0.600"))
        #expect(!html.contains("logistic precision at Δt_l = 10 min"))
        #expect(!html.contains("zscore precision at Δt_l"))
        #expect(html.contains("zscore recall at Δt_l = 20 min: 0.000"))
    }

    @Test func aModelWithoutLeadsGetsAnEmptyPanelSayingSo() throws {
        let html = try Self.html(leadTimeRun())
        #expect(html.contains("zscore (detector): 0 warned failures</text>"))
        #expect(html.contains("no warned failure</text>"))
        #expect(html.contains("logistic: 5 warned failures</text>"))
    }

    @Test func pooledRecordsGetNoEmptyLeaderboardTable() throws {
        var run = leadTimeRun()
        run.metrics.append(
            MetricRecord(
                dataset: "pooled (test seeds)", seed: nil, model: "logistic", metric: .predictionPrecision, value: .defined(0.6),
                parameters: ["dt_l_s": "300"]))
        let html = try Self.html(run)
        #expect(!html.contains("<h2>pooled (test seeds)</h2>"))
        #expect(html.contains("<h2>shop@1</h2>"))
        #expect(!TerminalSummary.render(run).contains("pooled (test seeds)"))
        #expect(!MarkdownReport.render(run).contains("## pooled (test seeds)"))
    }

    @Test func aRunWithoutLeadTimesHasNoSection() throws {
        var run = sampleRun()
        #expect(run.leadTimes == nil)
        #expect(!(try Self.html(run)).contains("Failure prediction"))
        run.leadTimes = []
        #expect(!(try Self.html(run)).contains("Failure prediction"))
        #expect(!MarkdownReport.render(run).contains("Failure prediction"))
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        for f in ReportFormat.allCases {
            #expect(try ReportWriter.render(leadTimeRun(), as: f) == ReportWriter.render(leadTimeRun(), as: f))
        }
    }

    @Test func everySVGOfThePageIsWellFormedXML() throws {
        let html = try Self.html(leadTimeRun())
        let section = try #require(html.range(of: "<section id=\"lead-time\">"))
        let svgs = svgFragments(html), sectionSVGs = svgFragments(String(html[section.lowerBound...]))
        // The check itself rejects an element left open and a mismatched end tag.
        #expect(!isWellFormedXML("<svg><line x=\"1\"><rect/></svg>").0)
        #expect(!isWellFormedXML("<svg><a></b></svg>").0)
        #expect(isWellFormedXML("<svg><line x=\"1\"/><rect/></svg>").0)
        #expect(sectionSVGs.count >= 2)
        #expect(svgs.count > sectionSVGs.count)
        for svg in svgs {
            let (ok, error) = isWellFormedXML(svg)
            #expect(ok, "\(error)\n\(svg.prefix(300))")
        }
    }

    @Test func theSummaryHasAShortTestSeedTable() throws {
        let md = MarkdownReport.render(leadTimeRun())
        #expect(md.contains("## Failure prediction — lead time (test seeds, pooled)"))
        #expect(md.contains("| logistic | predictor | 5 | 1800 s (30.0 min) | 0.600 | 0.800 |"))
        #expect(md.contains("| zscore | detector | 0 | n/a | n/a | 0.000 |"))
        #expect(!md.contains("900 s"))
    }

    @Test func resultsWrittenBeforeTheRunsWarningTimeWasRecordedStillDecode() throws {
        let run = leadTimeRun()
        let data = try JSONReport.encode(run)
        #expect(try JSONDecoder().decode(RunResult.self, from: data) == run)
        // Drop the two newer keys: they decode as nil.
        let old = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: #""runWarningTimeSeconds" ?: ?300,?"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #""predictionPeriodSeconds" ?: ?3600,?"#, with: "", options: .regularExpression)
        #expect(!old.contains("runWarningTimeSeconds"))
        let back = try JSONDecoder().decode(RunResult.self, from: Data(old.utf8))
        #expect(back.leadTimes?.allSatisfy { $0.runWarningTimeSeconds == nil && $0.predictionPeriodSeconds == nil } == true)
    }
}

/// A run of predictors only (a spec with `predictors:` and no `models:`): its records are prediction figures, which
/// are not leaderboard columns, so the summaries print no empty leaderboard (a header row with no columns).
@Suite struct PredictorOnlyRunTests {
    static func run() -> RunResult {
        var run = leadTimeRun()
        run.metrics = [
            MetricRecord(dataset: "shop@1", seed: 1, model: "logistic", metric: "prediction_precision", value: .defined(0.6)),
            MetricRecord(dataset: "shop@1", seed: 1, model: "logistic", metric: "prediction_recall", value: .defined(0.8)),
        ]
        run.plots = []
        return run
    }

    @Test func noEmptyLeaderboardInAnySummary() throws {
        let run = Self.run()
        let md = MarkdownReport.render(run)
        #expect(!md.contains("| model |  |") && !md.contains("| model | |"), "\(md)")
        #expect(md.contains("Seed 1: 4 rows"), "the dataset line stays")
        #expect(md.contains("| logistic | predictor |"), "the lead-time table stays")
        #expect(!TerminalSummary.render(run).contains("model"))
        #expect(!(try LeadTimeSectionTests.html(run)).contains("<th>model</th></tr>"))
    }
}
