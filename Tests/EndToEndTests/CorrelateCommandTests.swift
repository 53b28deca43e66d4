import FaultlineTestSupport
import Foundation
import Testing

/// `faultline correlate` end to end on the tiny scenario, and its bad-input exits.
@Suite struct CorrelateCommandTests {
    static func tinyDataset(_ name: String) throws -> URL {
        let dir = try SharedData.temporaryDirectory(name).appendingPathComponent("tiny")
        let sim = try FaultlineBinary.run(["simulate", "tiny", "--out", dir.path, "--quiet"])
        #expect(sim.status == 0, "\(sim.stderr)")
        return dir
    }

    @Test func correlateScoresTheTinyScenarioAndWritesItsFiles() throws {
        let dir = try Self.tinyDataset("correlate-tiny")
        let out = dir.deletingLastPathComponent().appendingPathComponent("report")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try FaultlineBinary.run(["correlate", dir.path, "--json", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let records = try #require(obj["records"] as? [[String: Any]])
        let ids = Set(records.compactMap { $0["metric"] as? String })
        #expect(ids == ["compression_ratio", "purity", "incident_recall", "fragmentation", "incident_mttd_s", "pages_per_day"])
        let faults = try #require(obj["faults"] as? [String: Bool])
        #expect(faults.keys.sorted() == ["f1", "f2"])
        let incidents = try #require(obj["incidents"] as? [[String: Any]])
        #expect(!incidents.isEmpty)
        // Same run twice: the same bytes (deterministic).
        let again = try FaultlineBinary.run(["correlate", dir.path, "--json"])
        #expect(again.stdout == r.stdout)
        for f in ["correlation.json", "correlation.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f)")
        }
    }

    @Test func badFlagsAreUsageErrorsAndAMissingDatasetIsADataError() throws {
        let dir = try Self.tinyDataset("correlate-bad")
        let window = try FaultlineBinary.run(["correlate", dir.path, "--window", "soon"])
        #expect(window.status == 2 && window.stderr.contains("--window"))
        let hold = try FaultlineBinary.run(["correlate", dir.path, "--hold", "0"])
        #expect(hold.status == 2 && hold.stderr.contains("--hold"))
        let model = try FaultlineBinary.run(["correlate", dir.path, "--detector", "zscroe"])
        #expect(model.status == 2 && model.stderr.contains("zscore"), "\(model.stderr)")
        let missing = try FaultlineBinary.run(["correlate", dir.appendingPathComponent("nope").path])
        #expect(missing.status == 3, "\(missing.stderr)")
    }
}
