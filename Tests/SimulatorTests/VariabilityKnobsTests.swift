import Foundation
import Telemetry
import Testing

@testable import Simulator

/// `observation.variability`: the noise model's knobs (Scenarios/README.md, "Noise model").
@Suite struct VariabilityKnobsTests {
    static func run(_ variability: String, seed: UInt64 = 5) throws -> Dataset {
        let extra = variability.isEmpty ? "" : "observation: {variability: {\(variability)}}"
        return try TestWorld.run(TestWorld.scenario(TestWorld.yaml(duration: "1d", step: "15s", extra: extra)), seed: seed)
    }

    static func column(_ d: Dataset, _ id: String) -> [Double] { TestWorld.column(d, id).filter(\.isFinite) }

    @Test func theDefaultsWrittenOutGiveTheSameDataset() throws {
        let implicit = try Self.run("")
        let explicit = try Self.run("scale: 1, background_cpu: 0.3, latency_spikes: 0.03125, error_bursts: 1.125, error_dispersion: 0.3")
        // Bit for bit (NaN gaps included, which `==` on doubles would call unequal).
        let same = (0..<implicit.frame.columns).allSatisfy { c in
            zip(implicit.frame.column(c), explicit.frame.column(c)).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
        #expect(same && implicit.frame.rows == explicit.frame.rows)
        #expect(implicit.groundTruth == explicit.groundTruth)
    }

    @Test func scaleZeroSwitchesTheWorldsOwnVariabilityOff() throws {
        let base = try Self.run(""), off = try Self.run("scale: 0")
        // The CPU's noise CV at 15 s: first differences remove the daily cycle.
        func roughness(_ d: Dataset) -> Double {
            let x = Self.column(d, "api/cpu_util")
            let diffs = zip(x, x.dropFirst()).map { $1 - $0 }
            let m = x.reduce(0, +) / Double(x.count)
            return (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot() / m
        }
        #expect(roughness(off) < 0.5 * roughness(base), "off \(roughness(off)), default \(roughness(base))")
        let doubled = try Self.run("scale: 2")
        #expect(roughness(doubled) > 1.3 * roughness(base))
    }

    @Test func latencySpikesSetTheShareOfSpikedRows() throws {
        // p99 / p50 row by row: a spike multiplies p99 by 1 + x (x from a Pareto, capped), p50 not at all.
        func heavyShare(_ d: Dataset) -> Double {
            let p99 = TestWorld.column(d, "web/latency_p99"), p50 = TestWorld.column(d, "web/latency_p50")
            let ratios = zip(p99, p50).compactMap { $0.isFinite && $1.isFinite && $1 > 0 ? $0 / $1 : nil }.sorted()
            let median = ratios[ratios.count / 2]
            return Double(ratios.filter { $0 > 1.5 * median }.count) / Double(ratios.count)
        }
        let none = try Self.run("latency_spikes: 0"), many = try Self.run("latency_spikes: 0.25")
        #expect(heavyShare(none) < 0.01, "\(heavyShare(none))")
        #expect(heavyShare(many) > 0.08, "\(heavyShare(many))")
    }

    @Test func errorBurstsAndDispersionMoveTheErrorRatio() throws {
        func spread(_ d: Dataset) -> Double {
            let x = Self.column(d, "api/error_ratio")
            let m = x.reduce(0, +) / Double(x.count)
            return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
        }
        func burstRows(_ d: Dataset) -> Int { Self.column(d, "api/error_ratio").filter { $0 >= 0.01 }.count }
        let quiet = try Self.run("error_bursts: 0, error_dispersion: 0"), loud = try Self.run("error_bursts: 72, error_dispersion: 2")
        #expect(burstRows(quiet) < burstRows(loud) / 10, "\(burstRows(quiet)) vs \(burstRows(loud))")
        #expect(spread(loud) > 2 * spread(quiet))
    }

    @Test(arguments: [
        ("scale: -1", "variability.scale"), ("scale: 11", "variability.scale"), ("background_cpu: 1.5", "variability.background_cpu"),
        ("latency_spikes: 0.6", "variability.latency_spikes"), ("error_bursts: 100", "variability.error_bursts"),
        ("error_dispersion: 3", "variability.error_dispersion"), ("jitter: 1", "jitter"),
    ])
    func outOfRangeKnobsAreRefusedByName(_ knob: String, _ key: String) throws {
        let yaml = TestWorld.yaml(extra: "observation: {variability: {\(knob)}}")
        let e = try #require(throws: ScenarioError.self) { try TestWorld.scenario(yaml) }
        #expect("\(e)".contains(key), "\(e)")
    }
}
