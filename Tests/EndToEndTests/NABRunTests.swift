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
        // art_daily_jumpsup's level jump is a new extreme: the window is found, so the score is positive.
        #expect(normalised > 0)
        // The optimum is the maximum over θ: the same results scored at any fixed θ are no higher.
        for theta in ["0.5", "0.9", "0.99"] {
            let fixed = try FaultlineBinary.run(["score", "nab", "--corpus", corpus.path, "--results", out.path, "--threshold", theta, "--json"])
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
            let v = try #require(((obj["standard"] as? [String: Any])?["normalized_score"] as? NSNumber)?.doubleValue)
            #expect(v <= normalised + 1e-9, "θ = \(theta): \(v) > optimum \(normalised)")
        }
    }

    /// Results files for the subset corpus, one score per data row: 1 on the first row of each window
    /// (located here by comparing timestamps with combined_windows.json) or nowhere.
    static func writeResults(_ corpus: URL, to dir: URL, detector: String, firstRows: Bool) throws {
        let windows = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent("labels/combined_windows.json")))
                as? [String: [[String]]])
        for f in files {
            let lines = try String(contentsOf: corpus.appendingPathComponent("data/\(f)"), encoding: .utf8).split(separator: "\n").dropFirst()
            let stamps = lines.map { String($0.prefix(19)) }
            var scores = [Int](repeating: 0, count: stamps.count)
            if firstRows {
                for w in windows[f] ?? [] {
                    let start = String(w[0].prefix(19))
                    if let i = stamps.firstIndex(where: { $0 >= start }) { scores[i] = 1 }
                }
            }
            let parts = f.split(separator: "/")
            let dst = dir.appendingPathComponent(String(parts[0])).appendingPathComponent("\(detector)_\(parts[1])")
            try FileManager.default.createDirectory(at: dst.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (["timestamp,anomaly_score"] + zip(stamps, scores).map { "\($0),\($1)" }).joined(separator: "\n").appending("\n")
                .write(to: dst, atomically: true, encoding: .utf8)
        }
    }

    /// NAB's normalisation by definition, through the binary (CSV reading, timestamps → rows, probation):
    /// a detector firing on each window's first row scores 100 on every profile, one that never fires 0.
    /// A window mapped one row late, or probation counted wrongly, would not give exactly 100.
    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func perfectAndNullResultsScore100And0() throws {
        let nab = try SharedData.require("nab")
        let corpus = try Self.subsetCorpus(nab)
        for (detector, expected) in [("perfect", 100.0), ("never", 0.0)] {
            let dir = try SharedData.temporaryDirectory("nab-\(detector)")
            try Self.writeResults(corpus, to: dir, detector: detector, firstRows: detector == "perfect")
            let score = try FaultlineBinary.run([
                "score", "nab", "--corpus", corpus.path, "--results", dir.path, "--detector", detector, "--optimize", "--json",
            ])
            #expect(score.status == 0, "\(score.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
            for profile in ["standard", "reward_low_FP_rate", "reward_low_FN_rate"] {
                let v = try #require(((obj[profile] as? [String: Any])?["normalized_score"] as? NSNumber)?.doubleValue)
                #expect(abs(v - expected) < 1e-9, "\(detector) \(profile): \(v)")
            }
        }
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
