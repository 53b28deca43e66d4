import FaultlineTestSupport
import Foundation
import Testing

/// `faultline rca`: the tΔ curve, the simulated suite, the graph rankers' runtime benchmark.
@Suite struct RootCauseCurveTests {
    static func json(_ r: FaultlineBinary.Result) throws -> [String: Any] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require(json["report"] as? [String: Any])
    }

    @Test func theCurveHasOnePointPerRankerAndOffset() throws {
        let root = try RootCauseCommandTests.writeSuite()
        let r = try FaultlineBinary.run(["rca", root.path, "--json", "--resamples", "0", "--offsets=-10,0,10"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = try Self.json(r)
        let curve = try #require(report["curve"] as? [[String: Any]])
        #expect(curve.count == 3 * 6)
        #expect(Set(curve.compactMap { $0["offset_s"] as? Int }) == [-10, 0, 10])
        // The jump starts at the injection: baro finds it at tΔ = 0 and when told 10 s early or late.
        for p in curve where p["ranker"] as? String == "baro" { #expect(p["avg@5"] as? Double == 1, "\(p)") }
        let text = try FaultlineBinary.run(["rca", root.path, "--resamples", "0", "--offsets=-10,0,10"])
        #expect(text.stdout.contains("tΔ curve") && text.stdout.contains("+10 s"), "\(text.stdout)")
        let bad = try FaultlineBinary.run(["rca", root.path, "--offsets", "0,soon"])
        #expect(bad.status == 2 && bad.stderr.contains("soon"), "stderr: \(bad.stderr)")
    }

    /// A told start beyond the data empties the incident window: reported per case, never a crash; the
    /// tables at tΔ = 0 are unaffected and the run succeeds.
    @Test func anOffsetBeyondTheDataIsReportedNotFatal() throws {
        let root = try RootCauseCommandTests.writeSuite()
        let r = try FaultlineBinary.run(["rca", root.path, "--json", "--resamples", "0", "--offsets", "0,3000", "--ranker", "baro"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let failures = try #require(try Self.json(r)["failures"] as? [[String: Any]])
        #expect(
            failures.count == 2 && failures.allSatisfy { ($0["message"] as? String)?.contains("window is empty") ?? false }, "\(failures)")
    }

    @Test func aSimulatedScenarioIsASuiteWithItsCallGraph() throws {
        let r = try FaultlineBinary.run(["rca", "tiny", "--json", "--resamples", "0", "--offsets", "0"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = try Self.json(r)
        #expect(report["suite"] as? String == "simulated")
        let cases = try #require((report["cases"] as? [String: Any])?["circa"] as? [[String: Any]])
        #expect(cases.map { $0["case"] as? String } == ["f1", "f2"])
        #expect(cases.map { $0["truth"] as? [String] } == [["api"], ["payments"]])
        // By distance from the entry service: every ranker has a summary per group, the groups hold every case.
        let distance = try #require(report["by_distance"] as? [[String: Any]])
        let circa = distance.filter { $0["ranker"] as? String == "circa" }
        #expect(circa.reduce(0) { $0 + ($1["cases"] as? Int ?? 0) } == 2, "\(circa)")
        #expect(circa.allSatisfy { ($0["group"] as? String)?.hasPrefix("hops ") == true }, "\(circa)")
        #expect(distance.count == 7 * circa.count)  // the simulated suite has traces: `trace` runs too
        #expect((report["rankers"] as? [String])?.contains("trace") == true)
    }

    /// A suite without traces leaves the span ranker out of "every ranker" and refuses it by name.
    @Test func theTraceRankerNeedsASuiteWithTraces() throws {
        let root = try RootCauseCommandTests.writeSuite()
        let all = try FaultlineBinary.run(["rca", root.path, "--json", "--resamples", "0", "--offsets", "0"])
        #expect(all.status == 0, "stderr: \(all.stderr)")
        #expect((try Self.json(all)["rankers"] as? [String])?.contains("trace") == false)
        let named = try FaultlineBinary.run(["rca", root.path, "--ranker", "trace", "--offsets", "0"])
        #expect(named.status == 2 && named.stderr.contains("no traces"), "\(named.stderr)")
    }

    @Test func benchRcaTimesEveryRankerAgainstItsBudget() throws {
        let r = try FaultlineBinary.run(["bench", "rca", "--scenario", "tiny", "--runs", "1", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["ranker"] as? String } == ["baro", "nsigma", "circa", "pagerank", "rbc", "trace", "random"])
        #expect(rows.allSatisfy { ($0["medianMsPerCase"] as? Double ?? -1) >= 0 })
        #expect(rows.first { $0["ranker"] as? String == "circa" }?["budgetMs"] as? Double == 2000)
    }
}
