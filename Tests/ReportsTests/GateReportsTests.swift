import Foundation
import Testing

@testable import Reports

/// The gate's renderings of one `GateResult`: JUnit layout, annotation caps, the step summary's size limit,
/// the metrics text, and the baseline file's stable bytes.
@Suite struct GateReportsTests {
    func check(
        _ status: GateCheck.Status, dataset: String = "tiny", model: String = "ewma", metric: String = "f1", rule: String = "r"
    )
        -> GateCheck
    {
        GateCheck(
            rule: rule, ruleLine: 4, severity: "fail", suite: "ci", dataset: dataset, model: model, metric: metric, direction: "higher",
            status: status, value: 0.5, baseline: 0.8, valueOnBaselineSeeds: 0.5, delta: -0.3, allowedChange: 0.04, seeds: [1, 2],
            comparedSeeds: [1, 2], message: "f1 0.5 vs baseline 0.8 on seeds 1,2: worse by more than 0.04")
    }

    @Test func junitHasOneSuitePerDatasetAndModelAndOneCasePerRule() {
        let result = GateResult(
            rulesFile: "gates.yaml", baselineFile: "b.json", runs: ["Results/ci"],
            checks: [
                check(.fail), check(.pass, rule: "other"), check(.pass, model: "zscore"), check(.warn, dataset: "default"),
                GateCheck(
                    rule: "typo", ruleLine: 9, severity: "fail", suite: "", dataset: "", model: "", metric: "f1", direction: "higher",
                    status: .error, message: "missing result: the rule selects no figure"),
            ])
        let xml = GateJUnitReport.render(result)
        #expect(xml.contains("<testsuites name=\"faultline gate\" tests=\"5\" failures=\"1\" errors=\"1\">"))
        #expect(xml.contains("<testsuite name=\"ci: tiny × ewma\" tests=\"2\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<testsuite name=\"ci: tiny × zscore\" tests=\"1\""))
        #expect(xml.contains("<testsuite name=\"gate\" tests=\"1\" failures=\"0\" errors=\"1\">"))
        #expect(xml.components(separatedBy: "<testsuite ").count - 1 == 4)
        // The failure names metric, value, baseline, delta, threshold and seeds.
        let failure = xml.components(separatedBy: "<failure").dropFirst().first ?? ""
        for part in ["f1 0.5", "baseline 0.8", "delta: -0.3", "worse by more than 0.04", "seeds: 1,2"] {
            #expect(failure.contains(part), "\(part)")
        }
        #expect(xml.contains("<error type=\"missing-result\""))
        #expect(xml.contains("<system-out>warning: "))
    }

    @Test func githubAnnotationsAreCappedAtTenOfEachWithTheSuppressedCount() {
        let checks = (0..<13).map { check(.fail, rule: "f\($0)") } + (0..<11).map { check(.warn, rule: "w\($0)") } + [check(.error)]
        let text = GateAnnotations.render(GateResult(rulesFile: "gates.yaml", baselineFile: nil, runs: [], checks: checks))
        let lines = text.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 10)
        #expect(lines.last?.contains("4 more errors and 1 more warnings suppressed") == true)
        // Property values escape ':' and ','; messages escape '%'.
        #expect(lines[0].hasPrefix("::error file=gates.yaml,line=4,title=gate f0%3A ci%3A tiny × ewma f1::"))
        let none = GateAnnotations.render(GateResult(rulesFile: "g", baselineFile: nil, runs: [], checks: [check(.pass)]))
        #expect(none.isEmpty)
    }

    @Test func theStepSummaryStaysUnderTheLimitAndSaysItWasCut() {
        let checks = (0..<20_000).map { check(.pass, model: "model-\($0)") }
        let result = GateResult(rulesFile: "g", baselineFile: nil, runs: [], checks: checks)
        let full = GateMarkdownReport.render(result)
        #expect(full.utf8.count > GateMarkdownReport.stepSummaryLimit)
        let existing = 100_000
        let cut = GateMarkdownReport.stepSummary(result, existingBytes: existing)
        #expect(existing + cut.utf8.count < GateMarkdownReport.stepSummaryLimit)
        #expect(cut.hasPrefix("# Faultline gate: PASS"))
        #expect(cut.contains("cut to keep the step summary under 1024 KiB"))
        // A small summary is appended whole.
        let small = GateResult(rulesFile: "g", baselineFile: nil, runs: [], checks: [check(.fail)])
        #expect(GateMarkdownReport.stepSummary(small, existingBytes: 0) == GateMarkdownReport.render(small))
        #expect(GateMarkdownReport.render(small).hasPrefix("# Faultline gate: FAIL\n\n1 failed, 0 errors, 0 warnings, 0 passed"))
    }

    @Test func metricsTextHasOneSeriesPerFigureAndEndsWithEOF() {
        let result = GateResult(rulesFile: "g", baselineFile: nil, runs: [], checks: [check(.fail), check(.pass, rule: "again")])
        let text = GateMetricsReport.render(result)
        #expect(text.components(separatedBy: "faultline_gate_value{").count - 1 == 1)
        #expect(text.contains("faultline_gate_delta{suite=\"ci\",dataset=\"tiny\",model=\"ewma\",metric=\"f1\"} -0.3\n"))
        #expect(text.contains("faultline_gate_checks{status=\"fail\"} 1\n"))
        #expect(text.hasSuffix("# EOF\n"))
    }

    @Test func aBaselineIsSortedOneFigurePerLineAndReadsBack() throws {
        let entries = [
            GateBaseline.Entry(suite: "ci", dataset: "tiny", seed: 2, model: "ewma", metric: "f1", value: 0.25),
            GateBaseline.Entry(suite: "ci", dataset: "tiny", seed: 1, model: "ewma", metric: "f1", value: 0.1),
            GateBaseline.Entry(suite: "ci", dataset: "nab", seed: nil, model: "ewma", metric: "nab_standard", value: nil, undefined: "why"),
        ]
        let a = try GateBaseline(entries: entries, command: "faultline baseline update x")
        let b = try GateBaseline(entries: entries.reversed(), command: "faultline baseline update x")
        #expect(try a.render() == b.render())
        let text = String(decoding: try a.render(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 9)
        #expect(lines[4].contains("\"dataset\":\"nab\"") && lines[5].contains("\"seed\":1") && lines[6].contains("\"seed\":2"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gate-baseline-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try a.write(to: url)
        #expect(try GateBaseline.read(contentsOf: url) == a)
        #expect(throws: ReportError.self) {
            try GateBaseline(entries: [entries[0], entries[0]], command: "x")
        }
    }
}
