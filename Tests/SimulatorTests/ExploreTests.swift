import Foundation
@testable import Simulator
import Telemetry
import Testing

@Suite struct ExploreTests {
    @Test func explore() throws {
        let s = try ScenarioLoader.parse(yaml: BuiltinScenarios.default, source: "default")
        var sink = InMemoryDatasetSink()
        let t0 = Date()
        let sum = try Simulation.run(scenario: s, jobs: 2, into: &sink)
        print("time", Date().timeIntervalSince(t0), sum.rows, sum.series, sum.logLines, sum.spans, sum.events)
        let d = try #require(sink.dataset)
        for m in ["requests_per_s", "latency_mean", "latency_p99", "error_ratio", "cpu_util", "pool_util", "memory_bytes"] {
            var line = m + ": "
            for sv in s.services {
                let c = try #require(d.seriesIndex(id: "\(sv.name)/\(m)"))
                let col = d.frame.column(c).filter { !$0.isNaN }
                let sorted = col.sorted()
                line += "\(sv.name)=\(String(format: "%.3g", sorted[sorted.count / 2]))/\(String(format: "%.3g", sorted[sorted.count * 99 / 100])) "
            }
            print(line)
        }
        for f in sum.groundTruth.faults {
            print(f.id, f.kind, f.target, "start", (f.injectionStartMs - s.startMs) / 60000, "sym", f.firstSymptomMs.map { ($0 - s.startMs) / 60000 } ?? -1,
                  "impact", f.userImpactStartMs.map { ($0 - s.startMs) / 60000 } ?? -1, "path", f.propagationPath, "n", f.affectedSeries.count)
        }
    }
}
