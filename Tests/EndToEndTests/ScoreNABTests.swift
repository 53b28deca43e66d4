import FaultlineTestSupport
import Foundation
import Testing

@Suite struct ScoreNABTests {
    static func arguments(_ nab: URL, results: String = "results/numenta") -> [String] {
        ["score", "nab", "--corpus", nab.path, "--results", nab.appendingPathComponent(results).path]
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func jsonOutputCarriesNABsStandardScore() throws {
        let nab = try SharedData.require("nab")
        let r = try FaultlineBinary.run(Self.arguments(nab) + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(obj.keys) == ["standard", "reward_low_FP_rate", "reward_low_FN_rate"])
        let standard = try #require(obj["standard"] as? [String: Any])
        let score = try #require((standard["normalized_score"] as? NSNumber)?.doubleValue)
        #expect(agreesToDecimals(score, 70.1011, 4))
        #expect(standard["threshold_kind"] as? String == "committed")
        #expect((standard["tp"] as? NSNumber)?.intValue == 240)
        let lowFP = try #require(obj["reward_low_FP_rate"] as? [String: Any])
        #expect(agreesToDecimals((lowFP["normalized_score"] as? NSNumber)?.doubleValue ?? 0, 63.1168, 4))
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func optimizeNamesTheSweepInTheTable() throws {
        let nab = try SharedData.require("nab")
        let r = try FaultlineBinary.run(Self.arguments(nab) + ["--profile", "reward_low_FP_rate", "--optimize"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0.543099145074"))
        #expect(r.stdout.contains("63.2091850024992"))
        #expect(r.stdout.contains("in-sample optimum"))
        #expect(!r.stdout.contains("standard "))
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func resultsFolderWithoutResultsIsADataError() throws {
        let nab = try SharedData.require("nab")
        let empty = try SharedData.temporaryDirectory("nab-empty")
        let r = try FaultlineBinary.run(["score", "nab", "--corpus", nab.path, "--results", empty.path])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stdout.isEmpty)
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func corruptResultsFileIsADataErrorNamingTheLine() throws {
        let nab = try SharedData.require("nab")
        // Copy numenta's results, then break one score.
        let dir = try SharedData.temporaryDirectory("nab-bad").appendingPathComponent("numenta")
        try FileManager.default.copyItem(at: nab.appendingPathComponent("results/numenta"), to: dir)
        let file = dir.appendingPathComponent("realKnownCause/numenta_nyc_taxi.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[10].components(separatedBy: ",")
        fields[2] = "1.7"
        lines[10] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["score", "nab", "--corpus", nab.path, "--results", dir.path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("error: "))
        #expect(r.stderr.contains("numenta_nyc_taxi.csv line 11"))
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func missingResultsFolderAndConflictingFlagsAreUsageErrors()
        throws
    {
        let nab = try SharedData.require("nab")
        let missing = try FaultlineBinary.run(Self.arguments(nab, results: "results/nobody"))
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: results folder"))
        let both = try FaultlineBinary.run(Self.arguments(nab) + ["--threshold", "0.5", "--optimize"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("error: --threshold and --optimize"))
        let profile = try FaultlineBinary.run(Self.arguments(nab) + ["--profile", "lenient"])
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("unknown profile 'lenient'"))
    }
}
