import FaultlineTestSupport
import Foundation
import Testing

/// Sweeps as a batch engine runs them: separate shard processes, a killed shard re-run, a merge that must not
/// depend on the sharding.
@Suite struct SweepCommandTests {
    static let sweep = SharedData.repositoryRoot.appendingPathComponent("Scenarios/sweeps/tiny-grid.yaml").path

    func plan(in dir: URL) throws -> String {
        let units = dir.appendingPathComponent("units.jsonl").path
        let r = try FaultlineBinary.run(["sweep", "plan", Self.sweep, "--out", units])
        #expect(r.status == 0 && r.stdout.contains("10 units"), "\(r.stderr)")
        return units
    }

    func mergedReports(_ dirs: [URL], units: String, out: URL) throws -> [Data] {
        let r = try FaultlineBinary.run(["sweep", "merge"] + dirs.map(\.path) + ["--expect", units, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        return try ["results.json", "summary.md", "junit.xml", "metrics.txt", "report.html"].map {
            try Data(contentsOf: out.appendingPathComponent($0))
        }
    }

    @Test func oneTwoAndFiveShardsMergeToTheSameBytes() throws {
        let dir = try SharedData.temporaryDirectory("e2e-sweep-shards")
        let units = try plan(in: dir)
        var merged: [[Data]] = []
        for count in [1, 2, 5] {
            let work = dir.appendingPathComponent("work-\(count)")
            // Shards in separate processes, two of them at a time; the index from the flag or from an engine's variable.
            for i in 0..<count {
                let env: [String: String] = i % 2 == 0 ? [:] : ["JOB_COMPLETION_INDEX": "\(i)"]
                let flags = i % 2 == 0 ? ["--shard-index", "\(i)"] : []
                let r = try FaultlineBinary.run(
                    ["sweep", "run", "--units", units, "--shard-count", "\(count)", "--out", work.path, "--quiet"] + flags, environment: env)
                #expect(r.status == 0, "\(r.stderr)")
            }
            // Each shard's output in its own folder would merge the same; here they share one.
            merged.append(try mergedReports([work], units: units, out: dir.appendingPathComponent("m\(count)").appendingPathComponent("merged")))
        }
        #expect(merged[0][0].count > 10_000)
        #expect(merged[0] == merged[1])
        #expect(merged[0] == merged[2])
        // Merging two copies of the results (duplicates, identical) changes nothing.
        let copy = dir.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: dir.appendingPathComponent("work-2"), to: copy)
        let twice = try mergedReports(
            [dir.appendingPathComponent("work-2"), copy], units: units, out: dir.appendingPathComponent("m-dup").appendingPathComponent("merged"))
        #expect(twice == merged[0])
    }

    @Test func aMissingUnitIsListedAndExits3AndAKilledShardReRunsToTheSameResult() throws {
        let dir = try SharedData.temporaryDirectory("e2e-sweep-kill")
        let units = try plan(in: dir)
        let work = dir.appendingPathComponent("work")
        // Start the only shard with a pause after each unit and kill it once two results exist.
        let p = Process()
        p.executableURL = FaultlineBinary.url
        p.arguments = ["sweep", "run", "--units", units, "--shard-index", "0", "--shard-count", "1", "--out", work.path, "--quiet"]
        p.environment = ProcessInfo.processInfo.environment.merging(["FAULTLINE_TEST_SWEEP_PAUSE_S": "2"]) { _, b in b }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let folder = work.appendingPathComponent("units")
        let deadline = Date().addingTimeInterval(120)
        func results() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        }
        while results().count < 2 && Date() < deadline && p.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let before = results().count
        #expect(before >= 2 && before < 10, "\(before) results when killed")
        // The merge lists what is missing and exits 3.
        let partial = try FaultlineBinary.run(["sweep", "merge", work.path, "--expect", units, "--out", dir.appendingPathComponent("partial").path])
        #expect(partial.status == 3)
        #expect(partial.stderr.contains("\(10 - before) of 10 units have no result"))
        // The re-run skips what is done and finishes; the merge equals an uninterrupted run's.
        let rerun = try FaultlineBinary.run(["sweep", "run", "--units", units, "--shard-index", "0", "--shard-count", "1", "--out", work.path])
        #expect(rerun.status == 0 && rerun.stdout.contains("\(10 - before) units run, \(before) already done"), "\(rerun.stdout)\(rerun.stderr)")
        let clean = dir.appendingPathComponent("clean")
        let full = try FaultlineBinary.run([
            "sweep", "local", Self.sweep, "--out", dir.appendingPathComponent("c").appendingPathComponent("merged").path, "--work", clean.path,
            "--jobs", "2", "--quiet",
        ])
        #expect(full.status == 0, "\(full.stderr)")
        let a = try mergedReports([work], units: units, out: dir.appendingPathComponent("k").appendingPathComponent("merged"))
        let b = try ["results.json", "summary.md", "junit.xml", "metrics.txt", "report.html"].map {
            try Data(contentsOf: dir.appendingPathComponent("c").appendingPathComponent("merged").appendingPathComponent($0))
        }
        #expect(a == b)
        // A shard index out of range exits 2.
        let bad = try FaultlineBinary.run(["sweep", "run", "--units", units, "--shard-index", "3", "--shard-count", "3", "--out", work.path])
        #expect(bad.status == 2 && bad.stderr.contains("outside 0..<3"))
    }
}
