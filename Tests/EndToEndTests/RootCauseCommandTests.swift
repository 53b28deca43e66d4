import FaultlineTestSupport
import Foundation
import Testing

/// `faultline rca` as a user runs it.
@Suite struct RootCauseCommandTests {
    /// A two-case suite in a fresh folder: the named service's cpu jumps in its anomalous window.
    static func writeSuite(anomalousRows: Int = 40, normalHeaderOnly: Bool = false) throws -> URL {
        let root = try SharedData.temporaryDirectory("e2e-rca")
        var index = "case_id,root_cause_service,fault,instance,path\n"
        for (n, (service, fault)) in [("x", "cpu"), ("y", "mem")].enumerated() {
            let folder = root.appendingPathComponent("cases/\(service)-\(fault)/1")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let header = "time,x_cpu,x_mem,y_cpu,y_mem,z_cpu\n"
            func rows(_ count: Int, anomalous: Bool) -> String {
                (0..<count).map { i in
                    let w = Double(i % 5)
                    let x = anomalous && service == "x" ? 50 + w : w, y = anomalous && service == "y" ? 9e6 + w : 1e6 + w * 1e5
                    return "\(1000 + i),\(x),\(1e6 + w),\(w),\(y),\(Double(i % 3))"
                }.joined(separator: "\n") + "\n"
            }
            try (header + (normalHeaderOnly ? "" : rows(50, anomalous: false))).write(
                to: folder.appendingPathComponent("normal.csv"), atomically: true, encoding: .utf8)
            try (header + rows(anomalousRows, anomalous: true)).write(
                to: folder.appendingPathComponent("anomalous.csv"), atomically: true, encoding: .utf8)
            index += "\(service)-\(fault)_1,\(service),\(fault),\(n + 1),cases/\(service)-\(fault)/1\n"
        }
        try index.write(to: root.appendingPathComponent("cases.csv"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func tablesPerFaultTypeAndAtomicOutput() throws {
        let root = try Self.writeSuite()
        let out = root.appendingPathComponent("out")
        let r = try FaultlineBinary.run(["rca", root.path, "--out", out.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        for needle in ["cpu (1 cases)", "mem (1 cases)", "all (2 cases)", "baro", "nsigma", "random", "Avg@5", "chance"] {
            #expect(r.stdout.contains(needle), "\(needle) missing from\n\(r.stdout)")
        }
        for f in ["rca.json", "rca.md", "report.html"] { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.contains(".tmp-") })
    }

    @Test func jsonCarriesTheRecordsAndTheRightAnswer() throws {
        let root = try Self.writeSuite()
        let r = try FaultlineBinary.run(["rca", root.path, "--suite", "sockshop", "--ranker", "baro", "--json", "--resamples", "50"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let report = try #require(json["report"] as? [String: Any])
        let summaries = try #require(report["summaries"] as? [[String: Any]])
        let all = try #require(summaries.first { $0["group"] as? String == "all" })
        #expect(all["avg@5"] as? Double == 1)
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        #expect(metrics.contains { $0["metric"] as? String == "mrr_chance" })
    }

    /// An experiment spec with an `rca:` section runs through `faultline evaluate` as `faultline rca` runs its flags:
    /// the same report (timings aside) in the run folder, the source taken relative to the spec's folder; a bad key or
    /// offset is exit 2 naming the line.
    @Test func evaluateRunsARootCauseSpecLikeTheRcaCommand() throws {
        let root = try Self.writeSuite()
        let spec = root.appendingPathComponent("specs/mini-rca.yaml")
        try FileManager.default.createDirectory(at: spec.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "name: mini-rca\nrca:\n  source: ..\n  suite: sockshop\n  rankers: [baro, random]\n  resamples: 50\n  offsets: [0]\n".write(
            to: spec, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("run")
        let viaSpec = try FaultlineBinary.run(["evaluate", spec.path, "--out", out.path])
        #expect(viaSpec.status == 0, "stderr: \(viaSpec.stderr)")
        #expect(viaSpec.stdout.contains("report: \(out.path)/report.html"), "\(viaSpec.stdout)")
        for f in ["rca.json", "rca.md", "report.html", ".faultline-run"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f)")
        }
        let viaFlags = try FaultlineBinary.run([
            "rca", root.path, "--suite", "sockshop", "--ranker", "baro", "--ranker", "random", "--resamples", "50", "--offsets", "0", "--json",
        ])
        #expect(viaFlags.status == 0, "stderr: \(viaFlags.stderr)")
        /// The report without run times (per case and per ranker) and the dataset path (a relative path against the spec's resolved one).
        func figures(_ data: Data) throws -> String {
            func strip(_ v: Any) -> Any {
                if let d = v as? [String: Any] {
                    return d.filter { !$0.key.hasPrefix("ms_per_case") && $0.key != "seconds" && $0.key != "dataset" }.mapValues(strip)
                }
                if let a = v as? [Any] { return a.map(strip).filter { ($0 as? [String: Any])?["metric"] as? String != "score_s" } }
                return v
            }
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return String(decoding: try JSONSerialization.data(withJSONObject: strip(json), options: [.sortedKeys]), as: UTF8.self)
        }
        let written = try Data(contentsOf: out.appendingPathComponent("rca.json"))
        #expect(try figures(written) == figures(Data(viaFlags.stdout.utf8)))
        // Bad specs: exit 2 naming the key and line.
        try "rca:\n  source: ..\n  offsets: [0, 5000]\n".write(to: spec, atomically: true, encoding: .utf8)
        let bad = try FaultlineBinary.run(["evaluate", spec.path, "--out", root.appendingPathComponent("bad").path])
        #expect(bad.status == 2 && bad.stderr.contains("rca.offsets[1]") && bad.stderr.contains("mini-rca.yaml:3"), "\(bad.stderr)")
        // The most negative offset once trapped in `abs` (found by the mutation test): a usage error now, by flag and by spec.
        let least = String(Int.min)
        let flag = try FaultlineBinary.run(["rca", root.path, "--offsets=\(least)"])
        #expect(flag.status == 2 && flag.stderr.contains("outside ±3600 s"), "\(flag.stderr)")
        try "rca:\n  source: ..\n  offsets: [\(least)]\n".write(to: spec, atomically: true, encoding: .utf8)
        let least2 = try FaultlineBinary.run(["evaluate", spec.path, "--out", root.appendingPathComponent("bad").path])
        #expect(least2.status == 2 && least2.stderr.contains("rca.offsets[0]"), "\(least2.stderr)")
        try "rca:\n  source: ..\n  rankers: [baro, bar]\n".write(to: spec, atomically: true, encoding: .utf8)
        let ranker = try FaultlineBinary.run(["evaluate", spec.path, "--out", root.appendingPathComponent("bad").path])
        #expect(ranker.status == 2 && ranker.stderr.contains("rca.rankers[1]") && ranker.stderr.contains("mini-rca.yaml:3"), "\(ranker.stderr)")
        try "rca:\n  source: ..\n  rankrs: [baro]\n".write(to: spec, atomically: true, encoding: .utf8)
        let typo = try FaultlineBinary.run(["evaluate", spec.path, "--out", root.appendingPathComponent("bad").path])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean 'rankers'?"), "\(typo.stderr)")
    }

    @Test func modelsListHasARootCauseSection() throws {
        let text = try FaultlineBinary.run(["models", "list"])
        #expect(text.stdout.contains("Root-cause rankers") && text.stdout.contains("baro  [root-cause]"), "\(text.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(try FaultlineBinary.run(["models", "list", "--json"]).stdout.utf8))
        let rankers = try #require((json as? [String: Any])?["root_cause_rankers"] as? [[String: Any]])
        #expect(rankers.compactMap { $0["name"] as? String } == ["baro", "nsigma", "circa", "pagerank", "rbc", "trace", "random"])
    }

    @Test func usageErrorsExitTwo() throws {
        let root = try Self.writeSuite()
        let unknown = try FaultlineBinary.run(["rca", root.path, "--ranker", "barro"])
        #expect(unknown.status == 2 && unknown.stderr.contains("baro"), "stderr: \(unknown.stderr)")
        let suite = try FaultlineBinary.run(["rca", root.path, "--suite", "sockshp"])
        #expect(suite.status == 2 && suite.stderr.contains("sockshop"), "stderr: \(suite.stderr)")
        let missing = try FaultlineBinary.run(["rca", root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2, "stderr: \(missing.stderr)")
        let param = try FaultlineBinary.run(["rca", root.path, "--ranker", "random", "--param", "direction=absolute"])
        #expect(param.status == 2, "stderr: \(param.stderr)")
    }

    @Test func anEmptyWindowExitsThreeNamingTheCase() throws {
        let root = try Self.writeSuite(normalHeaderOnly: true)
        let r = try FaultlineBinary.run(["rca", root.path])
        #expect(r.status == 3, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("x-cpu_1") && r.stderr.contains("normal.csv"), "stderr: \(r.stderr)")
    }

    @Test(.enabled(if: SharedData.available("sockshop-rcd"), "needs ../shared/datasets/sockshop-rcd"))
    func sockShopReachesThePublishedAccuracy() throws {
        let data = try SharedData.require("sockshop-rcd")
        let r = try FaultlineBinary.run(["rca", data.path, "--json", "--resamples", "0"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summaries = try #require((json["report"] as? [String: Any])?["summaries"] as? [[String: Any]])
        for fault in ["cpu", "mem"] {
            let baro = try #require(summaries.first { $0["ranker"] as? String == "baro" && $0["group"] as? String == fault })
            #expect((baro["avg@5"] as? Double ?? 0) >= 0.98, "baro \(fault)")
        }
    }

    @Test(.enabled(if: SharedData.available("nezha-metrics"), "needs ../shared/datasets/nezha-metrics"))
    func nezhaRanksEveryFaultAtItsInjectionTime() throws {
        let data = try SharedData.require("nezha-metrics")
        let r = try FaultlineBinary.run(["rca", data.path, "--json", "--resamples", "0", "--ranker", "baro"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let report = try #require(json["report"] as? [String: Any])
        #expect(report["suite"] as? String == "nezha")
        let cases = try #require((report["cases"] as? [String: Any])?["baro"] as? [[String: Any]])
        #expect(cases.count == 56 && cases.allSatisfy { $0["candidates"] as? Int == 10 })
        let groups = Set(((report["summaries"] as? [[String: Any]]) ?? []).compactMap { $0["group"] as? String })
        #expect(groups.isSuperset(of: ["cpu_contention", "cpu_consumed", "network_delay", "return", "exception", "all"]))
    }
}
