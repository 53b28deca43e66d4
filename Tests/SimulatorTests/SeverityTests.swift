import Foundation
import Telemetry
import Testing

@testable import Simulator

/// Fault severities drawn from each kind's distribution, and the achieved peak |z| the ground truth
/// records (Scenarios/README.md, "Severity" and "Ground truth").
@Suite struct SeverityTests {
    static func world(_ faults: String, step: String = "1m") throws -> Scenario {
        try TestWorld.scenario(TestWorld.yaml(duration: "12h", step: step, extra: "faults:\n" + faults))
    }

    /// The `intensity` override (experiment specs' `datasets[].intensity`) replaces every fault's fixed strength with the
    /// drawn form and leaves the rest of the scenario as it was.
    @Test func theIntensityOverrideRedrawsEveryFault() throws {
        let fixed = try ScenarioLoader.resolve("slow-burn")
        let drawn = try ScenarioLoader.resolve("slow-burn", overrides: ScenarioOverrides(intensity: .mild))
        #expect(fixed.faults.contains { if case .fixed = $0.intensity { return true } else { return false } })
        #expect(drawn.faults.allSatisfy { $0.intensity == .mild })
        #expect(drawn.faults.map(\.id) == fixed.faults.map(\.id) && drawn.faults.map(\.startMs) == fixed.faults.map(\.startMs))
        #expect(drawn.benign == fixed.benign && drawn.durationMs == fixed.durationMs)
    }

    @Test(arguments: FaultKind.allCases)
    func everyDrawLiesInsideTheKindsRanges(kind: FaultKind) {
        let d = kind.severity
        var mild = 0
        for i in 0..<4000 {
            let bits = SplitMix64.mix(UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            let x = d.draw(bits)
            let inMild = x >= d.mild.lowerBound - 5e-4 && x <= d.mild.upperBound + 5e-4
            let inSevere = x >= d.severe.lowerBound - 5e-4 && x <= d.severe.upperBound + 5e-4
            #expect(inMild || inSevere, "\(kind.rawValue): \(x) is in neither range")
            if inMild && !inSevere { mild += 1 }
            #expect(FaultSpec.Intensity.mild.resolve(kind: kind, bits: bits) <= d.mild.upperBound + 5e-4)
            #expect(FaultSpec.Intensity.severe.resolve(kind: kind, bits: bits) >= d.severe.lowerBound - 5e-4)
        }
        // The mixture weight: 4000 draws put the mild share within ±0.04 of nominal (≈ 5 standard errors).
        #expect(abs(Double(mild) / 4000 - d.mildShare) < 0.04, "\(kind.rawValue): mild share \(Double(mild) / 4000)")
    }

    @Test func mildDrawsAreLogUniform() {
        // Log-uniform over [a, b]: the median is √(ab), not (a + b)/2.
        let d = FaultKind.dependencyOutage.severity
        let draws = (0..<2001).map { d.drawMild(SplitMix64.mix(UInt64($0) &+ 17)) }.sorted()
        let geometric = (d.mild.lowerBound * d.mild.upperBound).squareRoot()
        #expect(abs(draws[1000] / geometric - 1) < 0.1)
    }

    @Test func drawnIntensitiesDependOnTheSeedAndTheFaultIdOnly() throws {
        let yaml = """
              - {id: a, kind: cpu-hog, target: api, start: 3h, duration: 30m}
              - {id: b, kind: config-regression, target: api, start: 6h, duration: 30m}
              - {id: c, kind: bad-deploy, target: db, start: 9h, duration: 30m, intensity: 0.25}
            """
        let s = try Self.world(yaml)
        let one = World(scenario: s, seed: 1).faults.map(\.intensity)
        #expect(World(scenario: s, seed: 1).faults.map(\.intensity) == one)
        #expect(one[2] == 0.25)
        // Over a few seeds the drawn ones change (a fixed one never does).
        let seeds = (2...6).map { World(scenario: s, seed: UInt64($0)).faults.map(\.intensity) }
        #expect(seeds.contains { $0[0] != one[0] })
        #expect(seeds.allSatisfy { $0[2] == 0.25 })
        // Renaming another fault leaves a fault's draw alone.
        let renamed = try Self.world(yaml.replacingOccurrences(of: "{id: b,", with: "{id: other,"))
        #expect(World(scenario: renamed, seed: 1).faults[0].intensity == one[0])
    }

    @Test func theYAMLWordsChooseTheComponent() throws {
        let s = try Self.world(
            """
              - {id: a, kind: network-delay, target: api, start: 3h, duration: 30m, intensity: mild}
              - {id: b, kind: network-delay, target: db, start: 6h, duration: 30m, intensity: severe}
              - {id: c, kind: network-delay, target: api, start: 9h, duration: 30m, intensity: drawn}
            """)
        let d = FaultKind.networkDelay.severity
        for seed in 1...20 {
            let f = World(scenario: s, seed: UInt64(seed)).faults
            #expect(d.mild.contains(f[0].intensity))
            #expect(d.severe.contains(f[1].intensity))
            #expect(d.mild.contains(f[2].intensity) || d.severe.contains(f[2].intensity))
        }
        #expect(s.faults.map(\.intensity) == [.mild, .severe, .drawn])
        #expect(throws: ScenarioError.self) {
            try Self.world("  - {id: a, kind: cpu-hog, target: api, start: 3h, duration: 30m, intensity: strong}")
        }
        #expect(throws: ScenarioError.self) {
            try Self.world("  - {id: a, kind: cpu-hog, target: api, start: 3h, duration: 30m, intensity: 1.5}")
        }
    }

    @Test func groundTruthRecordsTheIntensityAndWhetherItWasDrawn() throws {
        let s = try Self.world(
            """
              - {id: a, kind: cpu-hog, target: api, start: 3h, duration: 30m}
              - {id: b, kind: cpu-hog, target: api, start: 6h, duration: 30m, intensity: 0.9}
            """)
        let d = try TestWorld.run(s, seed: 3)
        let f = d.groundTruth.faults
        #expect(f[0].intensityDrawn == true && f[1].intensityDrawn == false)
        #expect(f[0].intensity == World(scenario: s, seed: 3).faults[0].intensity)
        #expect(f[1].intensity == 0.9)
        // The chaos event carries the same strength as text.
        let chaos = d.events.filter { $0.attributes["fault_id"] == "a" }
        #expect(chaos.first?.attributes["intensity"] == String(f[0].intensity ?? -1))
    }

    /// The peak |z| recomputed from the written dataset: the observed values (gauges), standardised by the
    /// mean and standard deviation of the hour before the injection, maximised over the fault's rows.
    @Test func peakZIsTheObservedSeriesStandardisedByTheHourBefore() throws {
        let s = try Self.world("  - {id: a, kind: cpu-hog, target: api, start: 5h, duration: 40m, intensity: 0.8}")
        let d = try TestWorld.run(s)
        let fault = try #require(d.groundTruth.faults.first)
        let step = s.stepMs
        let startRow = Int((fault.injectionStartMs - d.axis.startMs) / step)
        let endRow = min(d.axis.count - 1, Int((fault.injectionEndMs + 1 + 15 * 60_000 - d.axis.startMs) / step))
        var checked = 0
        for a in fault.affectedSeries {
            guard let z = a.peakZ, !a.seriesId.hasSuffix("_total") else { continue }
            let x = TestWorld.column(d, a.seriesId)
            let base = x[(startRow - 60)..<startRow].filter(\.isFinite)
            let m = base.reduce(0, +) / Double(base.count)
            let sd = (base.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(base.count - 1)).squareRoot()
            let peak = x[startRow...endRow].filter(\.isFinite).map { abs($0 - m) / sd }.max() ?? 0
            #expect(abs(peak - z) <= 1e-3 + 1e-6 * z, "\(a.seriesId): recomputed \(peak), recorded \(z)")
            checked += 1
        }
        #expect(checked >= 3)
        #expect(fault.peakZ == fault.affectedSeries.compactMap(\.peakZ).max())
        let own = fault.affectedSeries.filter { $0.seriesId.hasPrefix("api/") }
        #expect(!own.isEmpty)
        #expect(fault.rootCausePeakZ == own.compactMap(\.peakZ).max())
    }

    @Test func aStrongerFaultStandsOutMore() throws {
        func peak(_ x: Double) throws -> Double {
            let s = try Self.world("  - {id: a, kind: config-regression, target: api, start: 5h, duration: 30m, intensity: \(x)}")
            return try #require(try TestWorld.run(s).groundTruth.faults.first?.peakZ)
        }
        let weak = try peak(0.1), strong = try peak(0.8)
        #expect(strong > 2 * weak)
        #expect(weak > 0)
    }

    @Test func aFaultWithTooShortAHistoryHasNoPeakZ() throws {
        // Starts 5 rows in: the hour before holds fewer than 10 values.
        let s = try Self.world("  - {id: a, kind: cpu-hog, target: api, start: 5m, duration: 30m, intensity: 1}")
        let f = try #require(try TestWorld.run(s).groundTruth.faults.first)
        #expect(!f.affectedSeries.isEmpty)
        #expect(f.affectedSeries.allSatisfy { $0.peakZ == nil })
        #expect(f.peakZ == nil && f.rootCausePeakZ == nil)
    }

    @Test func groundTruthIsTheSameForAnyJobCount() throws {
        let s = try Self.world(
            """
              - {id: a, kind: cpu-hog, target: api, start: 3h, duration: 30m}
              - {id: b, kind: dependency-outage, target: db, start: 6h, duration: 20m}
            """, step: "15s")
        #expect(try TestWorld.run(s, jobs: 1).groundTruth == TestWorld.run(s, jobs: 4).groundTruth)
    }
}
