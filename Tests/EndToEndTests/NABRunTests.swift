import FaultlineTestSupport
import Foundation
import Testing

/// `faultline nab run` followed by `faultline score nab` on a two-file corpus copied from the shared NAB corpus.
@Suite struct NABRunTests {
    static let files = ["artificialWithAnomaly/art_daily_jumpsup.csv", "realKnownCause/nyc_taxi.csv"]

    /// A corpus folder holding only `files`, their windows and NAB's profiles.
    static func subsetCorpus(_ nab: URL) throws -> URL {
        let root = try SharedData.temporaryDirectory("nab-subset")
        let fm = FileManager.default
        var windows: [String: Any] = [:]
        let all = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: nab.appendingPathComponent("labels/combined_windows.json"))) as? [String: Any])
        for f in files {
            let dst = root.appendingPathComponent("data/\(f)")
            try fm.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: nab.appendingPathComponent("data/\(f)"), to: dst)
            windows[f] = all[f]
        }
        try fm.createDirectory(at: root.appendingPathComponent("labels"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("config"), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: windows, options: [.sortedKeys])
            .write(to: root.appendingPathComponent("labels/combined_windows.json"))
        try fm.copyItem(at: nab.appendingPathComponent("config/profiles.json"), to: root.appendingPathComponent("config/profiles.json"))
        return root
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func nabRunOutputIsScoredByScoreNAB() throws {
        let nab = try SharedData.require("nab")
        let corpus = try Self.subsetCorpus(nab)
        let out = try SharedData.temporaryDirectory("nab-run-out")
        let run = try FaultlineBinary.run([
            "nab", "run", "--detector", "entropy_novelty", "--corpus", corpus.path,
            "--out", out.path, "--jobs", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("entropy_novelty: 2 files, 14352 rows"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("realKnownCause/entropy_novelty_nyc_taxi.csv").path))

        let score = try FaultlineBinary.run([
            "score", "nab", "--corpus", corpus.path, "--results", out.path,
            "--optimize", "--json",
        ])
        #expect(score.status == 0, "\(score.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        #expect(Set(obj.keys) == ["standard", "reward_low_FP_rate", "reward_low_FN_rate"])
        let standard = try #require(obj["standard"] as? [String: Any])
        let normalised = try #require((standard["normalized_score"] as? NSNumber)?.doubleValue)
        // 6 windows; the optimum is never below the null detector's 0, never above the perfect 100.
        #expect(normalised >= 0 && normalised <= 100)
        // art_daily_jumpsup's level jump is a new extreme: the window is found, so the score is positive.
        #expect(normalised > 0)
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func unknownDetectorAndBadCalibrationAreUsageErrors() throws {
        let nab = try SharedData.require("nab")
        let out = try SharedData.temporaryDirectory("nab-run-bad")
        let unknown = try FaultlineBinary.run(["nab", "run", "--detector", "zscroe", "--corpus", nab.path, "--out", out.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'zscore'"))
        let cal = try FaultlineBinary.run([
            "nab", "run", "--detector", "zscore", "--corpus", nab.path, "--out", out.path,
            "--calibration", "magic",
        ])
        #expect(cal.status == 2)
        #expect(cal.stderr.contains("unknown calibration 'magic'"))
    }
}
