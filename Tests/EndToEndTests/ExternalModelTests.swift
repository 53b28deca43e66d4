import FaultlineTestSupport
import Foundation
import Testing

/// Bring-your-own-model paths: an `external` command in a spec.
@Suite struct ExternalModelTests {
    static let tiny = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path
    static let detector = SharedData.repositoryRoot.appendingPathComponent("examples/python-detector/detect.py").path

    static var pythonWithNumpy: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    func evaluate(models: String) throws -> (FaultlineBinary.Result, URL) {
        let dir = try SharedData.temporaryDirectory("e2e-external")
        let spec = dir.appendingPathComponent("spec.yaml")
        try "datasets:\n  - scenario: \(Self.tiny)\nmodels:\n\(models)".write(to: spec, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        return (try FaultlineBinary.run(["evaluate", spec.path, "--out", out.path, "--quiet"]), out)
    }

    @Test(.enabled(if: pythonWithNumpy)) func thePythonExampleIsScoredLikeABuiltInModel() throws {
        let (r, out) = try evaluate(
            models: """
                  - name: external
                    label: py
                    params: {command: "python3 \(Self.detector) {train} {test} {out}", timeout_s: 60}
                """)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any]
        let metrics = try #require(json?["metrics"] as? [[String: Any]])
        let py = metrics.filter { ($0["model"] as? String) == "py" }
        #expect(py.contains { ($0["metric"] as? String) == "f1" && $0["value"] is Double })
        #expect(py.contains { ($0["metric"] as? String) == "fit_s" })
        #expect((json?["failures"] as? [Any])?.isEmpty == true)
    }

    @Test func aFailingCommandFailsThatModelOnlyAndKeepsItsStderr() throws {
        let (r, out) = try evaluate(
            models: """
                  - name: zscore
                  - name: external
                    label: broken
                    params: {command: "echo boom >&2; exit 4 # {test} {out}"}
                  - name: external
                    label: slow
                    params: {command: "sleep 30 # {test} {out}", timeout_s: 1}
                """)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as? [String: Any]
        let failures = try #require(json?["failures"] as? [[String: Any]])
        #expect(failures.count == 2)
        #expect(failures.contains { ($0["model"] as? String) == "broken" && ($0["reason"] as? String) == "exit status 4" })
        #expect(failures.contains { ($0["model"] as? String) == "slow" && (($0["reason"] as? String) ?? "").contains("timed out") })
        let log = try #require(failures.first { ($0["model"] as? String) == "broken" }?["logPath"] as? String)
        #expect(try String(contentsOf: out.appendingPathComponent(log), encoding: .utf8).contains("boom"))
        // The built-in model still reports.
        let metrics = try #require(json?["metrics"] as? [[String: Any]])
        #expect(metrics.contains { ($0["model"] as? String) == "zscore" && ($0["metric"] as? String) == "f1" })
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("failures=\"2\""))
    }

    @Test func anExternalModelWithoutPlaceholdersIsAConfigurationError() throws {
        let (r, _) = try evaluate(models: "  - name: external\n    params: {command: \"true\"}\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("{test}"))
    }
}
