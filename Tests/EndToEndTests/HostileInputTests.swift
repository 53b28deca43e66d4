import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// Issue 17 end to end: the reproducers as a user types them exit 2 or 3 with an `error:` line, write nothing
/// outside the run folder, and a `kill -9` while reports are written leaves no folder that looks complete.
@Suite struct HostileInputTests {
    static let tinyScenario = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path

    func writeSpec(_ text: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("spec.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    var tinySpec: String { "name: tiny-kill\ndatasets:\n  - scenario: \(Self.tinyScenario)\nmodels:\n  - name: zscore\n    params: {window: 60}\n" }

    /// Runs `evaluate` with the test pause before the rename, waits until the run folder is complete in its
    /// temporary place, and kills the process with SIGKILL.
    func evaluateAndKillBeforeRename(spec: String, out: URL, pause: URL) throws {
        let p = Process()
        p.executableURL = FaultlineBinary.url
        p.arguments = ["evaluate", spec, "--out", out.path, "--quiet", "--no-timings"]
        var env = ProcessInfo.processInfo.environment
        env["FAULTLINE_TEST_PAUSE_BEFORE_RENAME"] = pause.path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(180)
        while !FileManager.default.fileExists(atPath: pause.path) && p.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: pause.path), "evaluate never reached the report rename")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
    }

    /// Folders under `dir` that look like a finished run: not hidden, holding `results.json`.
    func completeLookingFolders(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { name in
            !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).appendingPathComponent("results.json").path)
        }.sorted()
    }

    // Regression (issue 17): kill -9 while reports were written left results.json without junit.xml, or new
    // files beside an older run's.
    @Test(.timeLimit(.minutes(10))) func killDuringReportWritingLeavesTheOlderRunUntouched() throws {
        let dir = try SharedData.temporaryDirectory("e2e-kill")
        let spec = try writeSpec(tinySpec, in: dir)
        let runs = dir.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        let out = runs.appendingPathComponent("tiny-kill")

        // Killed with no older run: nothing at the destination, nothing that looks complete.
        try evaluateAndKillBeforeRename(spec: spec, out: out, pause: dir.appendingPathComponent("pause-1"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try completeLookingFolders(in: runs).isEmpty)

        // A finished run, then a killed one over it: the finished one is byte for byte as it was.
        let first = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--quiet", "--no-timings"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let bytes = try Dictionary(
            uniqueKeysWithValues: before.filter { $0 != "logs" }.map { ($0, try Data(contentsOf: out.appendingPathComponent($0))) })
        #expect(before.contains("junit.xml") && before.contains("results.json") && before.contains(".faultline-run"))
        try evaluateAndKillBeforeRename(spec: spec, out: out, pause: dir.appendingPathComponent("pause-2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == before)
        for (name, data) in bytes { #expect(try Data(contentsOf: out.appendingPathComponent(name)) == data, "\(name) changed") }
        #expect(try completeLookingFolders(in: runs) == ["tiny-kill"])

        // The next run finishes and clears what the killed runs left.
        let again = try FaultlineBinary.run(["evaluate", spec, "--out", out.path, "--quiet", "--no-timings"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs.path) == ["tiny-kill"])
    }

    // Regression (issue 17): `--out` at a folder that is not a run folder replaced or wrote into it.
    @Test func outAtAFolderThatIsNotARunFolderIsRefusedBeforeAnyWork() throws {
        let dir = try SharedData.temporaryDirectory("e2e-out")
        let spec = try writeSpec(tinySpec, in: dir)
        let r = try FaultlineBinary.run(["evaluate", spec, "--out", dir.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: refusing to replace \(dir.standardizedFileURL.path)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["spec.yaml"])
    }

    // Regression (issue 17): `name: ../escape-test` wrote Results/../escape-test.
    @Test func aRunNameThatLeavesResultsIsRefused() throws {
        let dir = try SharedData.temporaryDirectory("e2e-escape")
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let spec = try writeSpec(tinySpec.replacingOccurrences(of: "name: tiny-kill", with: "name: ../escape-test"), in: dir)
        let r = try FaultlineBinary.run(["evaluate", spec, "--quiet"], in: work)
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: name: run name '../escape-test'"))
        #expect(r.stderr.contains("spec.yaml:1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("escape-test").path))
    }

    // Regression (issue 17): --jobs 0 and -1 were accepted; --blas-threads 2^63−1 trapped; --seed -1 said "Missing value".
    @Test func outOfRangeFlagsExitWithStatus2AndSaySo() throws {
        let dir = try SharedData.temporaryDirectory("e2e-flags")
        let spec = try writeSpec(tinySpec, in: dir)
        let out = dir.appendingPathComponent("run").path
        let cases: [([String], String)] = [
            (["evaluate", spec, "--out", out, "--jobs", "0"], "--jobs must be between 1 and 1024, got 0"),
            (["evaluate", spec, "--out", out, "--jobs", "-1"], "--jobs must be between 1 and 1024, got -1"),
            (["evaluate", spec, "--out", out, "--blas-threads", "9223372036854775807"], "--blas-threads must be between 1 and 1024"),
            (["nab", "run", "--detector", "zscore", "--seed", "-1", "--out", out], "--seed takes an integer from 0 to"),
            (["nab", "run", "--detector", "zscore", "--jobs", "0", "--out", out], "--jobs must be between 1 and 1024"),
            // The corpus does not exist either: a regression fails on the corpus, never writes into /.
            (
                ["nab", "run", "--detector", "zscore", "--corpus", "/nonexistent-corpus", "--out", "/"],
                "refusing to write NAB results into the file-system root"
            ),
            (
                ["nab", "run", "--detector", "zscore", "--param", "window=4611686018427387904", "--corpus", dir.path, "--out", out],
                "invalid value '4611686018427387904' for parameter 'window'"
            ),
        ]
        for (arguments, message) in cases {
            let r = try FaultlineBinary.run(arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: "), "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    // Regression (issue 17): window-like parameters are checked against the data before the model allocates.
    @Test func aWindowLongerThanTheDataExitsWithStatus2NamingTheKey() throws {
        let dir = try SharedData.temporaryDirectory("e2e-window")
        let spec = try writeSpec(tinySpec.replacingOccurrences(of: "window: 60", with: "window: 5000"), in: dir)
        let r = try FaultlineBinary.run(["evaluate", spec, "--out", dir.appendingPathComponent("run").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: models[0].params.window: "), "\(r.stderr)")
        #expect(r.stderr.contains("longer than the 720 rows") && r.stderr.contains("spec.yaml:5"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
    }

    /// A small stored dataset (120 rows, one fault) whose manifest or files a test then damages.
    func storedDataset(_ name: String) throws -> URL {
        let axis = TimeAxis(startMs: 1_700_000_000_000, stepMs: 60_000, count: 120)
        let series = [SeriesDescriptor(entity: "db", metric: "cpu_util", unit: "ratio", kind: .gauge)]
        let frame = try MetricFrame(columns: [(0..<120).map { Double($0 % 7) }])
        let truth = GroundTruth(faults: [
            FaultRecord(id: "f1", kind: "cpu-hog", target: "db", injectionStartMs: axis.time(at: 100), injectionEndMs: axis.time(at: 110))
        ])
        let ds = try Dataset(
            info: DatasetInfo(name: "e2e", generator: "faultline-simulator 0.1.0"), axis: axis, series: series, frame: frame, groundTruth: truth)
        let url = try SharedData.temporaryDirectory(name).appendingPathComponent("ds")
        try DatasetStore.write(ds, to: url, durable: false)
        return url
    }

    func reseal(_ url: URL, _ edit: (inout DatasetManifest) -> Void = { _ in }) throws {
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.files = try manifest.files.map { entry in
            let d = try FileDigest.sha256(path: url.appendingPathComponent(entry.name).path)
            return DatasetManifest.FileEntry(name: entry.name, bytes: d.bytes, sha256: d.hex)
        }
        edit(&manifest)
        try manifest.encoded().write(to: url.appendingPathComponent(DatasetStore.manifestFile))
    }

    // Regression (issue 17): inspect said "lengths and SHA-256 verified" and exited 0 on a 0-byte metrics.npy.
    @Test func inspectRefusesAnEmptyMetricsFileWhoseHashMatches() throws {
        let url = try storedDataset("e2e-inspect-empty")
        try Data().write(to: url.appendingPathComponent("metrics.npy"))
        try reseal(url)
        let r = try FaultlineBinary.run(["inspect", url.path])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains("metrics.npy"), "\(r.stderr)")
    }

    // Regression (issue 17): a fault ending before it starts crashed `score` (exit 132).
    @Test func scoreRefusesGroundTruthThatEndsBeforeItStarts() throws {
        let url = try storedDataset("e2e-score-truth")
        try reseal(url) { m in
            m.groundTruth.faults[0].injectionEndMs = m.groundTruth.faults[0].injectionStartMs - 3_600_000
        }
        let scores = url.deletingLastPathComponent().appendingPathComponent("s.npy")
        try NPYFile.write([Double](repeating: 0.5, count: 120), shape: [120], fortranOrder: false, to: scores)
        let r = try FaultlineBinary.run([
            "score", url.path, "--scores", scores.path, "--out", url.deletingLastPathComponent().appendingPathComponent("run").path,
        ])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("groundTruth.faults[0].injectionEndMs") && r.stderr.contains("manifest.json"), "\(r.stderr)")
    }
}
