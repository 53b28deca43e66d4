import Foundation
import Reports
import Telemetry

/// The whole `faultline gate` job: read the rules, the runs and the baseline, evaluate, write the reports, and
/// (under GitHub Actions) print annotations and append the step summary.
public enum GateJob {
    /// What the gate decided and where it wrote.
    public struct Outcome: Sendable {
        public var result: GateResult
        /// The folder holding `junit.xml`, `summary.md`, `metrics.txt`, `gate.json`.
        public var folder: URL
        /// Lines for stdout: the verdict and every failure, error and warning (and, under GitHub Actions, the
        /// annotations).
        public var output: String
        /// 0 pass, 1 a fail rule failed, 3 a result was missing or corrupt.
        public var exitStatus: Int32
    }

    /// Runs the gate.
    ///
    /// - Parameters:
    ///   - runs: run folders (each holding `results.json`).
    ///   - rules: the rules file.
    ///   - baseline: the baseline file, if any.
    ///   - out: where the reports go (default `<first run>/gate`).
    ///   - environment: the process environment (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`).
    /// - Throws: `SpecError` (exit 2) for a bad rules file; `UsageError` (exit 2) for no runs; `DataError` (exit 3)
    ///   for a missing or corrupt run or baseline.
    public static func run(
        runs: [String], rules rulesPath: String, baseline baselinePath: String?, out: URL?, environment: [String: String]
    )
        throws -> Outcome
    {
        guard !runs.isEmpty else { throw UsageError("name at least one run folder") }
        let rules = try GateRules.load(path: rulesPath)
        let loaded = try runs.map { try GateRun.load($0) }
        var baseline: GateBaseline?
        if let baselinePath {
            guard FileManager.default.fileExists(atPath: baselinePath) else {
                throw DataError(
                    "no baseline file at \(baselinePath)", hint: "write one with `faultline baseline update RUN_DIR --out \(baselinePath)`")
            }
            do {
                baseline = try GateBaseline.read(contentsOf: URL(fileURLWithPath: baselinePath))
            } catch {
                throw DataError("\(error)", hint: "rewrite it with `faultline baseline update RUN_DIR --out \(baselinePath)`")
            }
        }
        let result = try GateEvaluator.evaluate(rules: rules, runs: loaded, baseline: baseline, baselinePath: baselinePath)
        let folder = out ?? URL(fileURLWithPath: runs[0]).appendingPathComponent("gate")
        try GateReportWriter.write(result, to: folder)
        var output = terminal(result, folder: folder)
        if environment["GITHUB_ACTIONS"] == "true" { output += GateAnnotations.render(result) }
        if let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            try appendStepSummary(result, path: summary)
        }
        let status: Int32 =
            switch result.verdict {
            case .pass: 0
            case .fail: 1
            case .error: 3
            }
        return Outcome(result: result, folder: folder, output: output, exitStatus: status)
    }

    /// Appends the summary to `$GITHUB_STEP_SUMMARY`, keeping the file under GitHub's 1 MiB.
    static func appendStepSummary(_ result: GateResult, path: String) throws {
        let existing = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        let text = GateMarkdownReport.stepSummary(result, existingBytes: existing)
        guard !text.isEmpty else { return }
        guard let handle = FileHandle(forWritingAtPath: path) ?? createAndOpen(path) else {
            throw DataError("cannot append to the step summary \(path)")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw DataError("cannot append to the step summary \(path): \(error)")
        }
    }

    static func createAndOpen(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }

    /// The verdict line, then each failure, error and warning on its own line.
    static func terminal(_ result: GateResult, folder: URL) -> String {
        let word: String =
            switch result.verdict {
            case .pass: "PASS"
            case .fail: "FAIL"
            case .error: "ERROR"
            }
        var out = "gate: \(word) — \(result.checks(.fail).count) failed, \(result.checks(.error).count) errors, "
        out += "\(result.checks(.warn).count) warnings, \(result.checks(.pass).count) passed\n"
        for (status, tag) in [(GateCheck.Status.fail, "FAIL"), (.error, "ERROR"), (.warn, "warn")] {
            for c in result.checks(status) {
                let subject = c.suite.isEmpty ? "" : " \(c.suite): \(c.subject)"
                out += "  \(tag) \(c.rule)\(subject): \(c.message)\n"
            }
        }
        out += "reports: \(folder.appendingPathComponent("summary.md").path), \(folder.appendingPathComponent("junit.xml").path)\n"
        return out
    }
}
