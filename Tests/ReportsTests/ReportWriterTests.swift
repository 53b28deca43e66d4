import Evaluation
import FaultlineTestSupport
import Foundation
import Reports
import Testing

/// A small run with two models and a baseline on one dataset, one undefined value and one failure.
func sampleRun() -> RunResult {
    let ds = "shop@1"
    var metrics: [MetricRecord] = []
    for (model, f1, far) in [("zscore", 0.75, 1.5), ("threshold", 0.5, 4.0), ("null", 0.0, 0.0)] {
        metrics.append(MetricRecord(dataset: ds, seed: 1, model: model, metric: "f1", value: .defined(f1), parameters: ["theta": "3.2"]))
        metrics.append(MetricRecord(dataset: ds, seed: 1, model: model, metric: "false_alarms_per_day", value: .defined(far)))
    }
    metrics.append(MetricRecord(dataset: ds, seed: 1, model: "null", metric: "precision", value: .undefined("no alarms")))
    metrics.append(MetricRecord(dataset: ds, seed: 1, model: "zscore", metric: "ac@1", value: .defined(0.5), group: ["fault_type": "cpu-hog"]))
    metrics.append(MetricRecord(dataset: ds, seed: 1, model: "zscore", metric: "mttd_s", value: .defined(45)))
    metrics.append(MetricRecord(dataset: ds, seed: 1, model: "zscore", metric: "points_per_s", value: .defined(2.5e8)))
    let panel = PlotPanel(
        dataset: ds, timestamps: [0, 60_000, 120_000, 180_000],
        series: [PlotSeries(id: "cart/latency_p99", values: [1, 2, nil, 8])],
        labelWindows: [TimeWindow(startMs: 60_000, endMs: 120_000, label: "f1 cpu-hog <cart>")],
        benignWindows: [TimeWindow(startMs: 0, endMs: 30_000, label: "deploy")],
        alarms: [ModelAlarms(model: "zscore", episodes: [TimeWindow(startMs: 120_000, endMs: 180_000, label: "")])],
        prCurves: [PRCurve(model: "zscore", recall: [0, 0.5, 1], precision: [1, 1, 0.5])],
        detectionDelays: [ModelDelays(model: "zscore", delaysSeconds: [60])])
    return RunResult(
        run: RunInfo(name: "unit", spec: "<builtin:default>", faultlineVersion: "0.0.0", command: "faultline evaluate x"),
        datasets: [
            DatasetSummary(name: ds, hash: "abc", seed: 1, rows: 4, series: 1, stepMs: 60_000, trainRows: 1, testRows: 3, events: 1, benignChanges: 1)
        ],
        models: [
            ModelSummary(name: "zscore", family: "detector", parameters: ["window": "240"], thresholdPolicy: "quantile(q=0.995)", isBaseline: false),
            ModelSummary(name: "threshold", family: "detector", parameters: [:], thresholdPolicy: "quantile(q=0.995)", isBaseline: false),
            ModelSummary(name: "null", family: "baseline", parameters: [:], thresholdPolicy: "none", isBaseline: true),
        ],
        metrics: metrics, plots: [panel],
        failures: [ModelFailure(dataset: ds, model: "external-x", reason: "exit status 1", logPath: "logs/external-x.stderr")],
        notes: ["best-on-test figures are upper bounds"])
}

@Suite struct ReportWriterTests {
    @Test func resultsJSONRoundTripsExactly() throws {
        let run = sampleRun()
        let dir = try SharedData.temporaryDirectory("reports")
        try ReportWriter.write(run, to: dir)
        let back = try JSONReport.decode(contentsOf: dir.appendingPathComponent("results.json"))
        #expect(back == run)
        for f in ReportFormat.allCases {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f.rawValue).path))
        }
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func renderingTheSameRunTwiceGivesTheSameBytes() throws {
        for f in ReportFormat.allCases {
            #expect(try ReportWriter.render(sampleRun(), as: f) == ReportWriter.render(sampleRun(), as: f))
        }
    }

    @Test func summaryShowsEveryModelBesideTheBaselineWithUndefinedSpelledOut() throws {
        let md = String(decoding: try ReportWriter.render(sampleRun(), as: .markdown), as: UTF8.self)
        #expect(md.contains("| zscore | 0.750 | 45.000 | 1.500 |"))
        #expect(md.contains("| null *(baseline)* | 0.000 | – | 0.000 |"))
        #expect(md.contains("external-x on shop@1: exit status 1"))
        #expect(md.contains("1 metric values are undefined"))
    }

    @Test func htmlIsSelfContainedAndEmbedsTheResults() throws {
        let html = String(decoding: try ReportWriter.render(sampleRun(), as: .html), as: UTF8.self)
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<svg"))
        #expect(html.contains("id=\"results\""))
        #expect(html.contains("f1 cpu-hog &lt;cart&gt;"))
        #expect(html.contains("class=\"sortable\""))
    }

    @Test func openMetricsHasOneFamilyPerMetricAndEndsWithEOF() throws {
        let text = String(decoding: try ReportWriter.render(sampleRun(), as: .openMetrics), as: UTF8.self)
        #expect(text.hasSuffix("# EOF\n"))
        #expect(text.contains("# TYPE faultline_f1 gauge"))
        #expect(text.contains("faultline_f1{dataset=\"shop@1\",model=\"zscore\",seed=\"1\"} 0.75"))
        #expect(text.contains("faultline_ac_at_1{dataset=\"shop@1\",model=\"zscore\",seed=\"1\",fault_type=\"cpu-hog\"} 0.5"))
        #expect(text.contains("faultline_undefined_metrics{run=\"unit\"} 1"))
        #expect(text.contains("faultline_mttd_seconds{dataset=\"shop@1\",model=\"zscore\",seed=\"1\"} 45"))
        #expect(text.contains("# TYPE faultline_points_per_second gauge"))
        #expect(!text.contains("NaN"))
    }

    @Test func junitMarksAFailedModelAsAFailure() throws {
        let xml = String(decoding: try ReportWriter.render(sampleRun(), as: .junit), as: UTF8.self)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("<failure message=\"exit status 1\"/>"))
        #expect(xml.contains("<testcase classname=\"shop@1\" name=\"zscore\">"))
    }
}

/// Checks against the real consumers of the reports, when they are installed (CI installs them).
@Suite struct ReportConsumerTests {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    static func run(_ path: String, _ args: [String], stdin: Data? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: tool("promtool") != nil)) func promtoolAcceptsMetricsTxt() throws {
        let text = try ReportWriter.render(sampleRun(), as: .openMetrics)
        let (status, output) = try Self.run(Self.tool("promtool")!, ["check", "metrics"], stdin: text)
        #expect(status == 0, "promtool: \(output)")
    }

    @Test(.enabled(if: tool("chromium") != nil)) func chromiumRendersTheReportWithoutScriptErrors() throws {
        let dir = try SharedData.temporaryDirectory("chromium")
        try ReportWriter.write(sampleRun(), to: dir)
        let page = dir.appendingPathComponent("report.html")
        let (status, output) = try Self.run(
            Self.tool("chromium")!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--dump-dom", page.absoluteString,
            ])
        #expect(status == 0)
        // The page's script runs to its last line (it parses the embedded JSON first) …
        #expect(output.contains("data-ready=\"1\""))
        // … and the console reports no error.
        #expect(!output.contains("Uncaught"))
        #expect(output.contains("<svg"))
    }
}
