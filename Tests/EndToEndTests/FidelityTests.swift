import FaultlineTestSupport
import Foundation
import Testing

/// `faultline fidelity` as a user runs it: a simulated dataset against a recording.
@Suite struct FidelityEndToEndTests {
    /// Every family and its statistics, as METRICS.md §12.3 names them (the JSON's contract).
    static let expectedRows: [(String, [String])] = {
        let common = ["noise_cv", "roughness", "lag1_autocorrelation", "lag1_autocorrelation_native", "pc90_share"]
        return [
            ("cpu", common + ["cpu_request_diff_correlation"]),
            ("memory", common + ["short_period_power_share", "window_cv_5min"]),
            ("latency", common + ["p99_over_p50", "excess_kurtosis"]),
            ("request_rate", common),
            ("errors", common + ["fault_free_error_std", "error_std_over_binomial", "zero_error_row_share"]),
            ("network", common),
            ("all", ["fault_root_cause_peak_z", "fault_contrast_ratio", "label_density"]),
        ]
    }()

    /// The tiny scenario simulated into a fresh folder.
    func simulateTiny() throws -> (dir: URL, data: URL) {
        let dir = try SharedData.temporaryDirectory("e2e-fidelity")
        let data = dir.appendingPathComponent("tiny")
        let tiny = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path
        let sim = try FaultlineBinary.run(["simulate", tiny, "--out", data.path, "--quiet"])
        #expect(sim.status == 0, "stderr: \(sim.stderr)")
        return (dir, data)
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func tinyAgainstNezhaReportsEveryFamilyAndStatisticAsJSON() throws {
        let nezha = try SharedData.require("nezha-metrics")
        let (_, data) = try simulateTiny()
        let r = try FaultlineBinary.run(["fidelity", data.path, "--reference", nezha.path, "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let verdicts = Set(["ok", "too smooth", "too rough", "too low", "too high", "n/a"])
        for (family, statistics) in Self.expectedRows {
            for statistic in statistics {
                let row = rows.first { $0["family"] as? String == family && $0["statistic"] as? String == statistic }
                #expect(row != nil, "\(family) \(statistic) missing")
                #expect(verdicts.contains(row?["verdict"] as? String ?? "?"), "\(family) \(statistic)")
                #expect((row?["simulated"] as? [String: Any])?["count"] != nil && (row?["reference"] as? [String: Any])?["count"] != nil)
            }
        }
        #expect(rows.count == Self.expectedRows.reduce(0) { $0 + $1.1.count })
        let reference = try #require(json["reference"] as? [String: Any])
        #expect(reference["format"] as? String == "nezha" && reference["faults"] as? Int == 56)
        #expect((reference["seriesByFamily"] as? [String: Int])?.values.allSatisfy { $0 > 0 } == true)
        #expect(json["stepSeconds"] as? Double == 60)
        // The terminal table is the same report.
        let text = try FaultlineBinary.run(["fidelity", data.path, "--reference", nezha.path])
        #expect(text.status == 0 && text.stdout.contains("cpu           roughness") && text.stdout.contains("verdict   ok when"))
    }

    /// A wide CSV recording with a cpu and a request-rate column per entity, 2 hours at 30 s.
    func csvReference(in dir: URL) throws -> URL {
        var text = "timestamp,web/cpu_util,web/requests_per_s,db/latency_p99,db/memory_bytes\n"
        var rng = UInt64(7)
        func noise() -> Double {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(rng >> 11) / Double(1 << 53) - 0.5
        }
        for r in 0..<240 {
            let t = 1_767_571_200 + r * 30
            text += "\(t),\(0.4 + 0.05 * noise()),\(20 + noise()),\(120 + 30 * noise()),\(5e8 + 1e6 * noise())\n"
        }
        let url = dir.appendingPathComponent("recording.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func outWritesThreeFilesThatAreByteIdenticalOnARerun() throws {
        let (dir, data) = try simulateTiny()
        let csv = try csvReference(in: dir)
        var contents: [[Data]] = []
        for run in ["a", "b"] {
            let out = dir.appendingPathComponent("report-\(run)")
            let r = try FaultlineBinary.run(["fidelity", data.path, "--reference", csv.path, "--out", out.path])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("wrote     fidelity.json, fidelity.md, fidelity.html"))
            #expect(r.stdout.contains("reference recording.csv (csv, step 30 s"))
            let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(files == ["fidelity.html", "fidelity.json", "fidelity.md"])  // no temporary files left
            contents.append(try files.map { try Data(contentsOf: out.appendingPathComponent($0)) })
        }
        #expect(contents[0] == contents[1])
        let md = String(decoding: contents[0][2], as: UTF8.self)
        #expect(md.contains("| cpu | `roughness` |") && md.contains("## Skipped (simulated:"))
        let html = String(decoding: contents[0][0], as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains(#"<script type="application/json" id="fidelity">"#))
        // --format csv given explicitly gives the same report.
        let explicit = try FaultlineBinary.run(["fidelity", data.path, "--reference", csv.path, "--format", "csv", "--json"])
        #expect(explicit.status == 0 && Data(explicit.stdout.utf8) == contents[0][1])
    }

    @Test func anUnreadableReferenceFailsWithTheFileLineAndExitCode() throws {
        let (dir, data) = try simulateTiny()
        let missing = try FaultlineBinary.run(["fidelity", data.path, "--reference", dir.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2 && missing.stderr.contains("nowhere") && missing.stderr.hasPrefix("error: "))
        let bad = dir.appendingPathComponent("bad.csv")
        try "timestamp,web/cpu_util\n1767571200,0.5\n1767571230,oops\n".write(to: bad, atomically: true, encoding: .utf8)
        let malformed = try FaultlineBinary.run(["fidelity", data.path, "--reference", bad.path])
        #expect(malformed.status == 3 && malformed.stderr.contains("\(bad.path):3") && malformed.stderr.contains("'oops' is not a number"))
        let unsorted = dir.appendingPathComponent("unsorted.csv")
        try "timestamp,web/cpu_util\n1767571230,0.5\n1767571200,0.6\n".write(to: unsorted, atomically: true, encoding: .utf8)
        let u = try FaultlineBinary.run(["fidelity", data.path, "--reference", unsorted.path])
        #expect(u.status == 3 && u.stderr.contains("\(unsorted.path):3"))
        let nanOnly = dir.appendingPathComponent("nan.csv")
        try "timestamp,web/cpu_util\n1767571200,nan\n1767571230,\n".write(to: nanOnly, atomically: true, encoding: .utf8)
        let n = try FaultlineBinary.run(["fidelity", data.path, "--reference", nanOnly.path])
        #expect(n.status == 3 && n.stderr.contains("no finite value") && n.stderr.contains(nanOnly.path))
        let noSeries = dir.appendingPathComponent("unnamed.csv")
        try "timestamp,thing\n1767571200,1\n1767571230,2\n".write(to: noSeries, atomically: true, encoding: .utf8)
        let s = try FaultlineBinary.run(["fidelity", data.path, "--reference", noSeries.path, "--format", "csv"])
        #expect(s.status == 0, "an unclassified series still feeds the fault rows: \(s.stderr)")
        let format = try FaultlineBinary.run(["fidelity", data.path, "--reference", bad.path, "--format", "nezah"])
        #expect(format.status == 2 && format.stderr.contains("nezha"))
        let folder = try FaultlineBinary.run(["fidelity", data.path, "--reference", dir.path])
        #expect(folder.status == 2 && folder.stderr.contains("hint: pass --format"))
        let noDataset = try FaultlineBinary.run(["fidelity", dir.appendingPathComponent("none").path, "--reference", bad.path, "--format", "csv"])
        #expect(noDataset.status == 2)
        let noReference = try FaultlineBinary.run(["fidelity", data.path])
        #expect(noReference.status == 2)
    }
}
