import Evaluation
import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// METRICS.md §12.1–12.2: which family a series belongs to, and how both sides reach the comparison step.
@Suite struct FidelityResamplingTests {
    @Test func bucketMeansAverageTheFiniteValuesOfEachBucket() {
        // 15 s samples, 60 s buckets starting 7.5 s before the first sample: four samples per bucket.
        let t0: Int64 = 1_700_000_000_000
        let times = (0..<12).map { t0 + Int64($0) * 15_000 }
        var values = (0..<12).map(Double.init)
        values[5] = .nan
        let r = FidelityResampling.bucketMeans(times: times, values: values, originMs: t0 - 7_500, stepMs: 60_000)
        #expect(r.first == 0)
        let middle: Double = (4 + 6 + 7) / 3
        #expect(r.values == [1.5, middle, 9.5])
        // An empty bucket in between is NaN; leading empty buckets are not stored.
        let gap = FidelityResampling.bucketMeans(
            times: [t0 + 120_000, t0 + 300_000], values: [1, 2], originMs: t0, stepMs: 60_000)
        #expect(gap.first == 2 && gap.values.count == 4 && gap.values[0] == 1 && gap.values[1].isNaN && gap.values[3] == 2)
        #expect(
            FidelityResampling.bucketMeans(times: times, values: [Double](repeating: .nan, count: 12), originMs: t0, stepMs: 60_000).values.isEmpty)
    }

    @Test func recordedStepIsTheMedianDifferenceInWholeSeconds() {
        let t0: Int64 = 1_700_000_000_000
        // A scrape that drifts by a few ms per minute still records at 60 s; one missed row does not change it.
        let drifting = (0..<100).filter { $0 != 40 }.map { t0 + Int64($0) * 59_993 }
        #expect(FidelityResampling.nativeStepMs(drifting) == 60_000)
        #expect(FidelityResampling.nativeStepMs([t0, t0 + 250, t0 + 500]) == 250)
        #expect(FidelityResampling.nativeStepMs([t0]) == nil)
    }

    @Test func bothSidesReachTheCoarserStepAndLagOneIsAlsoKeptAtTheRecordedStep() throws {
        // Simulated: a 15 s AR(1) series with φ = 0.9; reference: a 60 s white-noise series.
        var g = NormalDraws(seed: 11)
        let n = 8_000
        var ar = [Double](repeating: 50, count: n)
        for t in 1..<n { ar[t] = 50 + 0.9 * (ar[t - 1] - 50) + g.next() }
        func rec(_ values: [Double], step: Int64) throws -> Recording {
            let times = (0..<values.count).map { Int64(1_700_000_000_000) + Int64($0) * step }
            let s = SeriesDescriptor(entity: "web", metric: "cpu_util", unit: "ratio", kind: .gauge)
            return Recording(
                name: "r", format: "test",
                blocks: [try Recording.Block(timestamps: times, series: [s], frame: try MetricFrame(columns: [values]))], hasGroundTruth: false)
        }
        let sim = try rec(ar, step: 15_000), ref = try rec(g.series(2_000, mean: 50), step: 60_000)
        #expect(FidelityGrid.nativeStepMs(of: sim) == 15_000)
        let grid = try FidelityGrid(recording: sim, stepMs: 60_000)
        #expect(grid.series[0].values.count == n / 4)
        // At the recorded step lag-1 is φ; at 60 s the means of four rows have lag-1 ≈ φ⁴-ish (well below φ).
        #expect(abs((grid.series[0].nativeLag1 ?? 0) - 0.9) < 0.02)
        let report = try FidelityComparison.compare(simulated: sim, reference: ref)
        #expect(report.stepSeconds == 60)
        let native = try #require(report.rows.first { $0.family == "cpu" && $0.statistic == .lag1Native })
        let atStep = try #require(report.rows.first { $0.family == "cpu" && $0.statistic == .lag1 })
        #expect(abs((native.simulated.median ?? 0) - 0.9) < 0.02)
        #expect((atStep.simulated.median ?? 1) < 0.85 && (atStep.simulated.median ?? 0) > 0.6)
        #expect(report.simulated.nativeStepSeconds == 15 && report.reference.nativeStepSeconds == 60)
        #expect(native.verdict == .tooSmooth)  // white noise has lag-1 ≈ 0
    }

    @Test(arguments: [
        ("cpu_util", "ratio", SeriesKind.gauge, MetricFamily.cpu),
        ("memory_bytes", "bytes", .gauge, .memory),
        ("latency_p99", "ms", .quantile, .latency),
        ("requests_per_s", "1/s", .gauge, .requestRate),
        ("error_ratio", "ratio", .gauge, .errors),
        ("network_bytes_per_s", "bytes/s", .gauge, .network),
        ("CpuUsageRate(%)", "%", .gauge, .cpu),
        ("MemoryUsage(Mi)", "Mi", .gauge, .memory),
        ("PodServerLatencyP90(s)", "s", .quantile, .latency),
        ("PodWorkload(Ops)", "Ops", .gauge, .requestRate),
        ("PodSuccessRate(%)", "%", .gauge, .errors),
        ("NetworkReceiveBytes", "", .gauge, .network),
        ("NodeCpuUsageRate(%)", "%", .gauge, .cpu),
        ("ec2_cpu_utilization_24ae8d", "", .gauge, .cpu),
        ("ec2_network_in_257a54", "", .gauge, .network),
        ("elb_request_count_8c0756", "", .gauge, .requestRate),
        ("ec2_request_latency_system_failure", "", .gauge, .latency),
        ("failed_logins", "", .gauge, .errors),
    ])
    func metricNamesGiveTheirFamily(metric: String, unit: String, kind: SeriesKind, family: MetricFamily) {
        let a = MetricFamily.classify(SeriesDescriptor(entity: "e", metric: metric, unit: unit, kind: kind))
        #expect(a.family == family && a.skipReason == nil)
    }

    @Test func countersAndUnknownNamesAreSkippedWithAReason() {
        for (metric, kind) in [("requests_total", SeriesKind.gauge), ("errors_total", .counter), ("bytes", .counter)] {
            let a = MetricFamily.classify(SeriesDescriptor(entity: "e", metric: metric, unit: "count", kind: kind))
            #expect(a.family == nil && a.skipReason == "counter (a cumulative total)", "\(metric)")
        }
        for metric in ["disk_util", "inflight", "pool_util", "SyscallRead", "dim7", "machine_temperature_system_failure", "Twitter_volume_AAPL"] {
            let a = MetricFamily.classify(SeriesDescriptor(entity: "e", metric: metric, unit: "", kind: .gauge))
            #expect(a.family == nil && a.skipReason == MetricFamily.unclassifiedReason, "\(metric)")
        }
    }

    @Test func successRatesBecomeErrorRatiosAndRequestRatesKnowTheirUnit() {
        let percent = MetricFamily.classify(SeriesDescriptor(entity: "e", metric: "SuccessRate(%)", unit: "%", kind: .gauge))
        #expect(percent.transform == .errorsFromSuccessPercent && percent.transform.apply(97) == 1 - 0.97)
        let fraction = MetricFamily.classify(SeriesDescriptor(entity: "e", metric: "success_ratio", unit: "ratio", kind: .gauge))
        #expect(fraction.transform == .errorsFromSuccessFraction && fraction.transform.apply(0.25) == 0.75)
        #expect(MetricFamily.classify(SeriesDescriptor(entity: "e", metric: "requests_per_s", unit: "1/s", kind: .gauge)).perSecond)
        #expect(MetricFamily.classify(SeriesDescriptor(entity: "e", metric: "web_rps", unit: "", kind: .gauge)).perSecond)
        #expect(!MetricFamily.classify(SeriesDescriptor(entity: "e", metric: "PodWorkload(Ops)", unit: "Ops", kind: .gauge)).perSecond)
    }

    @Test func aRecordingWithNothingToCompareIsADataError() throws {
        let s = SeriesDescriptor(entity: "e", metric: "requests_total", unit: "count", kind: .counter)
        let rec = Recording(
            name: "only-counters", format: "test",
            blocks: [try Recording.Block(timestamps: [0, 60_000, 120_000], series: [s], frame: try MetricFrame(columns: [[1, 2, 3]]))],
            hasGroundTruth: false)
        #expect(throws: DataError.self) { try FidelityGrid(recording: rec, stepMs: 60_000) }
    }
}
