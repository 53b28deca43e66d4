import FaultlineTestSupport
import Foundation
import Testing

/// `faultline evaluate` and `faultline simulate` as a user runs them, on the tiny scenario.
@Suite struct EvaluateTests {
    static let tinyScenario = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path

    func writeSpec(_ text: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("spec.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aTypoInAModelNameExitsWithStatus2NamingTheKeyAndTheNearestName() throws {
        let dir = try SharedData.temporaryDirectory("e2e-typo")
        let spec = try writeSpec(
            """
            datasets:
              - scenario: \(Self.tinyScenario)
            models:
              - name: zscroe
            """, in: dir)
        let r = try FaultlineBinary.run(["evaluate", spec, "--out", dir.appendingPathComponent("run").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains("models[0].name"))
        #expect(r.stderr.contains("spec.yaml:4"))
        #expect(r.stderr.contains("zscore"))
        // Nothing was run, so nothing was written.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
    }

    @Test func runsAreByteIdenticalWhateverTheJobCount() throws {
        let dir = try SharedData.temporaryDirectory("e2e-determinism")
        let spec = try writeSpec(
            """
            name: tiny-check
            datasets:
              - scenario: \(Self.tinyScenario)
                seeds: [1, 2]
            models:
              - name: zscore
                params: {window: 60}
              - name: threshold
            """, in: dir)
        var bytes: [Data] = []
        for jobs in ["1", "2"] {
            let out = dir.appendingPathComponent("run-\(jobs)")
            let r = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--jobs", jobs, "--no-timings", "--quiet"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("zscore"))
            bytes.append(try Data(contentsOf: out.appendingPathComponent("results.json")))
        }
        // The run name (run-1, run-2) and the command line (--jobs) differ; everything else must match.
        func normalised(_ d: Data, _ jobs: String) -> [Substring] {
            String(decoding: d, as: UTF8.self).replacingOccurrences(of: "run-\(jobs)", with: "run-N")
                .split(separator: "\n").filter { !$0.contains("\"command\" :") }
        }
        let a = normalised(bytes[0], "1"), b = normalised(bytes[1], "2")
        #expect(a.count > 1000)
        #expect(a == b)
    }

    @Test func theReportsAgreeWithResultsJSON() throws {
        let dir = try SharedData.temporaryDirectory("e2e-reports")
        let spec = try writeSpec(
            """
            datasets:
              - scenario: \(Self.tinyScenario)
            models:
              - name: zscore
                params: {window: 60}
            """, in: dir)
        let out = dir.appendingPathComponent("run")
        let r = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any]
        let metrics = try #require(json?["metrics"] as? [[String: Any]])
        func value(_ model: String, _ metric: String) -> Double? {
            metrics.first {
                ($0["model"] as? String) == model && ($0["metric"] as? String) == metric && (($0["group"] as? [String: String]) ?? [:]).isEmpty
            }?["value"] as? Double
        }
        let f1 = try #require(value("zscore", "f1"))
        // The null baseline never alarms: recall 0 and no false alarms.
        #expect(value("null", "recall") == 0)
        #expect(value("null", "false_alarms_per_day") == 0)
        #expect(value("random", "f1") != nil)
        #expect(value("zscore", "fit_s") != nil)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("| zscore | \(String(format: "%.3f", f1)) |"))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        let om = try String(contentsOf: out.appendingPathComponent("metrics.txt"), encoding: .utf8)
        #expect(om.hasSuffix("# EOF\n"))
    }

    @Test func aStoredDatasetEvaluatesLikeTheScenarioItCameFrom() throws {
        let dir = try SharedData.temporaryDirectory("e2e-stored")
        let data = dir.appendingPathComponent("tiny-1")
        let sim = try FaultlineBinary.run(["simulate", Self.tinyScenario, "--seed", "1", "--out", data.path, "--quiet"])
        #expect(sim.status == 0, "stderr: \(sim.stderr)")
        var results: [[String]] = []
        for source in ["scenario: \(Self.tinyScenario)\n    seeds: [1]", "path: \(data.path)"] {
            let spec = try writeSpec("datasets:\n  - \(source)\nmodels:\n  - name: zscore\n", in: dir)
            let out = dir.appendingPathComponent("run")
            let r = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--no-timings", "--quiet"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            results.append(r.stdout.split(separator: "\n").dropLast().map(String.init))
        }
        #expect(results[0] == results[1])
    }

    /// `--intensity mild|severe` re-draws every fault's strength from that component of its kind's mixture: the two
    /// give different metrics and the same seed gives the same bytes; an unknown word exits 2 naming the flag.
    @Test func simulateIntensityOverride() throws {
        let dir = try SharedData.temporaryDirectory("e2e-intensity")
        func metrics(_ word: String, _ name: String) throws -> Data {
            let out = dir.appendingPathComponent(name)
            let r = try FaultlineBinary.run(["simulate", "tiny", "--seed", "3", "--intensity", word, "--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            return try Data(contentsOf: out.appendingPathComponent("metrics.npy"))
        }
        let mild = try metrics("mild", "a"), severe = try metrics("severe", "b"), again = try metrics("mild", "c")
        #expect(mild != severe && mild == again)
        let bad = try FaultlineBinary.run(["simulate", "tiny", "--intensity", "mid", "--out", dir.appendingPathComponent("d").path, "--quiet"])
        #expect(bad.status == 2 && bad.stderr.contains("--intensity") && bad.stderr.contains("mild"), "\(bad.stderr)")
    }

    @Test func simulateRejectsAnUnknownScenarioWithStatus2() throws {
        let r = try FaultlineBinary.run(["simulate", "no-such-scenario", "--out", "/tmp/never", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error:"))
    }
}
