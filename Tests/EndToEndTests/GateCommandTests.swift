import FaultlineTestSupport
import Foundation
import Testing

/// `faultline gate` and `faultline baseline update` as CI runs them, on the project's own CI suite.
@Suite struct GateCommandTests {
    static let root = SharedData.repositoryRoot
    static let suite = root.appendingPathComponent("Scenarios/suites/ci.yaml")
    static let rules = root.appendingPathComponent("Scenarios/gates/ci.yaml").path

    /// The CI suite written as `dir/ci.yaml` (the suite name comes from the file name), with `edit` applied.
    func writeSuite(in dir: URL, _ edit: (String) -> String = { $0 }) throws -> String {
        let text = try String(contentsOf: Self.suite, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("ci.yaml")
        try edit(text).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func evaluate(_ spec: String, _ out: URL) throws {
        let r = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--no-timings", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
    }

    @Test func aDetectorWithItsThresholdDoubledFailsTheGateWithTheRightJUnitFailure() throws {
        let dir = try SharedData.temporaryDirectory("e2e-gate-weak")
        // The reference: the CI suite as committed, baselined by the command CI documents.
        let good = dir.appendingPathComponent("good")
        try evaluate(try writeSuite(in: dir.appendingPathComponent("a"), { $0 }), good)
        let baseline = dir.appendingPathComponent("ci.json")
        let update = try FaultlineBinary.run(["baseline", "update", good.path, "--out", baseline.path])
        #expect(update.status == 0, "stderr: \(update.stderr)")
        let pass = try FaultlineBinary.run([
            "gate", good.path, "--rules", Self.rules, "--baseline", baseline.path, "--out", dir.appendingPathComponent("g0").path,
        ])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")

        // The weakened model: zscore's fixed threshold θ = 6 doubled to 12 through the spec, nothing else.
        let original = try String(contentsOf: Self.suite, encoding: .utf8)
        #expect(original.contains("threshold: {policy: fixed, value: 6}"))
        let weak = dir.appendingPathComponent("weak")
        try evaluate(
            try writeSuite(in: dir.appendingPathComponent("b")) {
                $0.replacingOccurrences(of: "threshold: {policy: fixed, value: 6}", with: "threshold: {policy: fixed, value: 12}")
            }, weak)
        let out = dir.appendingPathComponent("g1")
        let r = try FaultlineBinary.run(["gate", weak.path, "--rules", Self.rules, "--baseline", baseline.path, "--out", out.path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("gate: FAIL"))
        let xml = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        // Every failure is zscore's, in its dataset × model suite; f1 is among them and names its figures.
        let suites = xml.components(separatedBy: "<testsuite ").dropFirst()
        let failing = suites.filter { $0.contains("<failure") }
        #expect(failing.count == 1)
        let zscore = try #require(failing.first)
        #expect(zscore.hasPrefix("name=\"ci: tiny × zscore\""))
        let f1 = try #require(zscore.components(separatedBy: "<testcase ").first { $0.contains("name=\"f1 [f1]\"") })
        #expect(f1.contains("<failure type=\"f1\" message=\"f1 "))
        #expect(f1.contains("vs baseline") && f1.contains("on seeds 1,2,3") && f1.contains("worse by more than"))
        #expect(f1.contains("seeds compared: 1,2,3"))
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix("# Faultline gate: FAIL"))
        #expect(try String(contentsOf: out.appendingPathComponent("metrics.txt"), encoding: .utf8).hasSuffix("# EOF\n"))
    }

    @Test func exitCodesSeparateBadRulesFromMissingResults() throws {
        let dir = try SharedData.temporaryDirectory("e2e-gate-exit")
        let run = dir.appendingPathComponent("run")
        try evaluate(
            try writeSuite(in: dir) {
                $0.replacingOccurrences(of: "seeds: [1, 2, 3]", with: "seeds: [1]")
            }, run)
        // A typo in the rules file: exit 2, naming file, line and key.
        let bad = dir.appendingPathComponent("bad.yaml")
        try "rules:\n  - name: a\n    select: {metric: f1}\n    direction: highr\n".write(to: bad, atomically: true, encoding: .utf8)
        let r2 = try FaultlineBinary.run(["gate", run.path, "--rules", bad.path])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("rules[0].direction") && r2.stderr.contains("bad.yaml:4") && r2.stderr.contains("higher"))
        // No results: exit 3.
        let r3 = try FaultlineBinary.run(["gate", dir.appendingPathComponent("nothing").path, "--rules", Self.rules])
        #expect(r3.status == 3 && r3.stderr.contains("no results.json"))
        // One seed where the rules need three: exit 3, and the reports are still written.
        let out = dir.appendingPathComponent("g")
        let r4 = try FaultlineBinary.run(["gate", run.path, "--rules", Self.rules, "--out", out.path])
        #expect(r4.status == 3)
        #expect(try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8).contains("<error type=\"missing-result\""))
        // A corrupt baseline: exit 3.
        let corrupt = dir.appendingPathComponent("corrupt.json")
        try "{\"format\": 1".write(to: corrupt, atomically: true, encoding: .utf8)
        let r5 = try FaultlineBinary.run(["gate", run.path, "--rules", Self.rules, "--baseline", corrupt.path, "--out", out.path])
        #expect(r5.status == 3)
        // Under GitHub Actions: annotations on stdout and the summary appended to the step summary.
        let step = dir.appendingPathComponent("step.md")
        let r6 = try FaultlineBinary.run(
            ["gate", run.path, "--rules", Self.rules, "--out", out.path],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": step.path])
        #expect(r6.status == 3)
        let errors = r6.stdout.split(separator: "\n").filter { $0.hasPrefix("::error file=") }
        #expect(errors.count == 10)
        #expect(r6.stdout.contains("more errors and 0 more warnings suppressed"))
        #expect(try String(contentsOf: step, encoding: .utf8).hasPrefix("# Faultline gate: ERROR"))
    }

    @Test func baselineUpdateIsByteStable() throws {
        let dir = try SharedData.temporaryDirectory("e2e-gate-baseline")
        let run = dir.appendingPathComponent("run")
        try evaluate(try writeSuite(in: dir) { $0.replacingOccurrences(of: "seeds: [1, 2, 3]", with: "seeds: [2]") }, run)
        let file = dir.appendingPathComponent("b.json")
        var bytes: [Data] = []
        for _ in 0..<2 {
            let r = try FaultlineBinary.run(["baseline", "update", run.path, "--out", file.path])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            bytes.append(try Data(contentsOf: file))
        }
        #expect(bytes[0] == bytes[1])
        let text = String(decoding: bytes[0], as: UTF8.self)
        #expect(!text.contains("fit_s") && text.contains("\"seed\":2"))
        let again = try FaultlineBinary.run(["baseline", "update", run.path, "--out", file.path])
        #expect(again.stdout.contains("(0 added, 0 removed, 0 changed)"))
    }
}
