import Foundation
import Telemetry

@testable import Simulator

/// A four-service world small enough for debug-build tests: web → api → db, web → cache.
enum TestWorld {
    static func yaml(
        duration: String = "1d", step: String = "1m", daily: Double = 0.3, weekly: Double = 0, noise: Double = 0.03,
        sampleRate: Double = 0.002, extra: String = ""
    ) -> String {
        """
        name: tiny
        description: test world
        duration: \(duration)
        step: \(step)
        seed: 7
        workload: {entry_rate: 100, daily_amplitude: \(daily), weekly_amplitude: \(weekly), noise: \(noise)}
        services:
          - {name: web, replicas: 2, workers: 2, service_time: 8ms, entry_share: 1, hosts: [n1]}
          - {name: api, replicas: 2, workers: 2, service_time: 10ms, hosts: [n1, n2]}
          - {name: db, kind: database, replicas: 1, workers: 4, service_time: 5ms, hosts: [n2]}
          - {name: cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [n2]}
        edges:
          - {from: web, to: api, fan_out: 1, timeout: 1s, retries: 1}
          - {from: api, to: db, fan_out: 2, timeout: 500ms, retries: 2}
          - {from: web, to: cache, fan_out: 1, timeout: 100ms}
        slos:
          - {entry: web, latency_p99: 400ms, error_ratio: 0.02}
        traces: {sample_rate: \(sampleRate)}
        logs: {lines_per_request: 0.0005}
        \(extra)
        """
    }

    static func scenario(_ text: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        try ScenarioLoader.parse(yaml: text, source: "test.yaml", overrides: overrides)
    }

    static func run(
        _ s: Scenario, seed: UInt64? = nil, jobs: Int = 1, chunkRows: Int = 2048, recordLimit: Int = Simulation.chunkRecords
    ) throws -> Dataset {
        var sink = InMemoryDatasetSink()
        try Simulation.run(scenario: s, seed: seed, jobs: jobs, chunkRows: chunkRows, recordLimit: recordLimit, into: &sink, progress: nil)
        guard let d = sink.dataset else { throw ScenarioError(source: "test", message: "no dataset") }
        return d
    }

    /// Noise-free model values for the whole run (test-only window into the physics), column-major:
    /// the frame as `MetricFrame`, truth field `f` of service `s` at row `r` in `truth[(f · services + s) · rows + r]`.
    static func truth(_ s: Scenario, exclude: Int = -1) -> (frame: MetricFrame, truth: [Double], world: World) {
        let w = World(scenario: s, seed: s.seed)
        let rows = w.axis.count, width = TruthField.count * w.serviceCount
        var values = [Double](repeating: 0, count: rows * w.seriesCount)
        var fields = [Double](repeating: 0, count: rows * width)
        values.withUnsafeMutableBufferPointer { v in
            fields.withUnsafeMutableBufferPointer { t in
                guard let v = v.baseAddress, let t = t.baseAddress else { return }
                Simulation.computeRows(world: w, firstRow: 0, rows: rows, exclude: exclude, out: v, truth: t)
            }
        }
        var frame = MetricFrame(rows: rows, columns: w.seriesCount, repeating: 0)
        var truth = [Double](repeating: 0, count: rows * width)
        values.withUnsafeBufferPointer { src in
            frame.withUnsafeMutableBufferPointer {
                MetricTranspose.toColumnMajor(src, count: rows, columns: w.seriesCount, into: $0, rows: rows, at: 0)
            }
        }
        fields.withUnsafeBufferPointer { src in
            truth.withUnsafeMutableBufferPointer { MetricTranspose.toColumnMajor(src, count: rows, columns: width, into: $0, rows: rows, at: 0) }
        }
        return (frame, truth, w)
    }

    static func column(_ d: Dataset, _ id: String) -> [Double] {
        guard let c = d.seriesIndex(id: id) else { return [] }
        return d.frame.column(c)
    }

    /// Mean of the non-NaN values in rows `range`.
    static func mean(_ x: [Double], _ range: Range<Int>? = nil) -> Double {
        let r = range ?? 0..<x.count
        var s = 0.0, n = 0.0
        for i in r where !x[i].isNaN { s += x[i]; n += 1 }
        return n > 0 ? s / n : .nan
    }

    static func rows(_ d: Dataset, from startOffsetMs: Int64, to endOffsetMs: Int64) -> Range<Int> {
        d.axis.firstRow(atOrAfter: d.axis.startMs + startOffsetMs)..<d.axis.firstRow(atOrAfter: d.axis.startMs + endOffsetMs)
    }
}
