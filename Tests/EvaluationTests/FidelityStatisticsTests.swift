import Evaluation
import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// Seeded standard normal draws (Box–Muller on SplitMix64), for series whose statistics are known analytically.
struct NormalDraws {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }
    mutating func next() -> Double {
        let u1 = (Double(rng.next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
    mutating func series(_ n: Int, mean: Double = 0, std: Double = 1) -> [Double] { (0..<n).map { _ in mean + std * next() } }
}

/// METRICS.md §12.3 on hand-made series whose values are known in closed form.
@Suite struct FidelityStatisticsTests {
    @Test func whiteNoiseHasRoughnessRootTwoLagOneNearZeroAndNoiseCVStdOverMean() {
        var g = NormalDraws(seed: 1)
        let x = g.series(20_000, mean: 10, std: 1)
        let m = SeriesStatistics.moments(x)
        // var(Δx) = 2σ², so std(Δx)/std(x) = √2 and std(Δx)/√2/|mean| = σ/μ = 0.1.
        #expect(abs((m.roughness ?? 0) - 2.0.squareRoot()) < 0.03)
        #expect(abs(m.lag1 ?? 1) < 0.03)
        #expect(abs((m.noiseCV ?? 0) - 0.1) < 0.003)
    }

    @Test func randomWalkIsSmoothWithLagOneNearOne() {
        var g = NormalDraws(seed: 2)
        var level = 100.0
        let x = (0..<20_000).map { _ -> Double in
            level += g.next()
            return level
        }
        let m = SeriesStatistics.moments(x)
        #expect((m.roughness ?? 1) < 0.05)
        #expect((m.lag1 ?? 0) > 0.98)
    }

    @Test(arguments: [50, 200, 1_000]) func sineRoughnessIsTwoSinPiOverPeriodAndLagOneCosTwoPiOverPeriod(period: Int) {
        // Whole periods, so the sample moments equal the population ones: std(Δx)/std(x) = 2 sin(π/P) ≈ 2π/P.
        let x = (0..<(period * 20)).map { sin(2 * Double.pi * Double($0) / Double(period)) }
        let m = SeriesStatistics.moments(x)
        let p = Double(period)
        #expect(Tolerance(absolute: 1e-3, relative: 2e-3).accepts(m.roughness ?? 0, 2 * sin(Double.pi / p)))
        #expect(Tolerance(absolute: 1e-3, relative: 2e-3).accepts(m.roughness ?? 0, 2 * Double.pi / p) || period < 200)
        #expect(Tolerance(absolute: 1e-3, relative: 1e-3).accepts(m.lag1 ?? 0, cos(2 * Double.pi / p)))
        #expect(m.noiseCV == nil || (m.noiseCV ?? 0) > 100)  // mean ≈ 0
    }

    @Test func periodogramPutsAShortSineBelowTenMinutesAndALongOneAbove() {
        // 15 s steps, 5000 rows (zero-padded to 8192): a 3-minute sine is all short-period power, a 1-hour one none.
        let fast = (0..<5_000).map { 5 + sin(2 * Double.pi * Double($0) / 12) }
        let slow = (0..<5_000).map { 5 + sin(2 * Double.pi * Double($0) / 240) }
        let both = zip(fast, slow).map { $0 + $1 - 5 }
        #expect((SeriesStatistics.shortPeriodShare(fast, stepMs: 15_000) ?? 0) > 0.98)
        #expect((SeriesStatistics.shortPeriodShare(slow, stepMs: 15_000) ?? 1) < 0.02)
        #expect(abs((SeriesStatistics.shortPeriodShare(both, stepMs: 15_000) ?? 0) - 0.5) < 0.03)
        // At 5-minute steps no frequency has a period under 10 minutes.
        #expect(SeriesStatistics.shortPeriodShare(fast, stepMs: 300_000) == nil)
        // The longest finite run is used: a NaN splits the series.
        var gapped = fast
        gapped[10] = .nan
        #expect(SeriesStatistics.longestFiniteRun(gapped).count == 4_989)
    }

    @Test func windowCVIsTheMeanOfWindowStdOverMean() {
        // Windows of 2 rows: (1, 3) has std √2 and mean 2; constant windows add 0.
        #expect(Tolerance().accepts(SeriesStatistics.windowCV([1, 3, 1, 3], firstRow: 0, windowRows: 2) ?? 0, 2.0.squareRoot() / 2))
        #expect(Tolerance().accepts(SeriesStatistics.windowCV([1, 3, 5, 5], firstRow: 0, windowRows: 2) ?? 0, 2.0.squareRoot() / 4))
        // Windows align to the grid: x[0] is grid row 1, so the first complete window is x[1...2].
        #expect(Tolerance().accepts(SeriesStatistics.windowCV([9, 5, 5, 1, 3], firstRow: 1, windowRows: 2) ?? 0, 2.0.squareRoot() / 4))
        #expect(SeriesStatistics.windowCV([1, .nan, 1, 3], firstRow: 0, windowRows: 2).map { Tolerance().accepts($0, 2.0.squareRoot() / 2) } == true)
        #expect(SeriesStatistics.windowCV([1, 2, 3], firstRow: 0, windowRows: 1) == nil)
    }

    @Test func latencyTailsAreQuantileRatiosAndExcessKurtosis() {
        let x = (1...100).map(Double.init)
        // Type 7: Q(0.5) = 50.5, Q(0.99) = 99.01.
        #expect(Tolerance().accepts(SeriesStatistics.tailRatio(x) ?? 0, 99.01 / 50.5))
        // Discrete uniform 1…n: excess kurtosis −6(n² + 1)/(5(n² − 1)).
        #expect(Tolerance(relative: 1e-9).accepts(SeriesStatistics.excessKurtosis(x) ?? 0, -6.0 * 10_001 / (5 * 9_999)))
        var g = NormalDraws(seed: 3)
        #expect(abs(SeriesStatistics.excessKurtosis(g.series(50_000)) ?? 9) < 0.1)
        #expect(SeriesStatistics.tailRatio([0, 0, 0, 1]) == nil)  // median 0
        #expect(SeriesStatistics.excessKurtosis([2, 2, 2, 2]) == nil)
    }

    @Test func differenceCorrelationAlignsGridRows() {
        var g = NormalDraws(seed: 4)
        let a = g.series(500)
        #expect(Tolerance().accepts(SeriesStatistics.differenceCorrelation(a, aFirst: 0, a.map { 2 * $0 + 3 }, bFirst: 0) ?? 0, 1))
        #expect(Tolerance().accepts(SeriesStatistics.differenceCorrelation(a, aFirst: 0, a.map { -$0 }, bFirst: 0) ?? 0, -1))
        // b starts 100 grid rows later and copies a from there.
        #expect(Tolerance().accepts(SeriesStatistics.differenceCorrelation(a, aFirst: 0, Array(a[100...]), bFirst: 100) ?? 0, 1))
        #expect(abs(SeriesStatistics.differenceCorrelation(a, aFirst: 0, g.series(500), bFirst: 0) ?? 1) < 0.15)
        #expect(SeriesStatistics.differenceCorrelation(a, aFirst: 0, a, bFirst: 495) == nil)  // 4 common differences
    }

    @Test func independenceCountsComponentsOverSeries() throws {
        var g = NormalDraws(seed: 5)
        let k = 6, n = 4_000
        // Independent: about one component per series (the top 5 of 6 unit eigenvalues hold < 90 %).
        let independent = (0..<k).map { _ in (first: 0, values: g.series(n)) }
        let r = try #require(try CrossSeriesIndependence.share(independent))
        #expect(r.share == 1 && r.series == k && r.rows == n - 1)
        // One common random walk plus tiny noise: one component.
        var walk = [Double](repeating: 0, count: n)
        for t in 1..<n { walk[t] = walk[t - 1] + g.next() }
        let common = (0..<k).map { _ in (first: 0, values: walk.map { $0 + 0.01 * g.next() }) }
        #expect(try CrossSeriesIndependence.share(common)?.share == 1.0 / Double(k))
        // Two groups of three: two components.
        var other = [Double](repeating: 0, count: n)
        for t in 1..<n { other[t] = other[t - 1] + g.next() }
        let groups = (0..<k).map { j in (first: 0, values: (j < 3 ? walk : other).map { $0 + 0.01 * g.next() }) }
        #expect(try CrossSeriesIndependence.share(groups)?.share == 2.0 / Double(k))
        // A series recorded on other rows (no overlap) is left out rather than emptying the common rows.
        let disjoint = groups + [(first: 10 * n, values: g.series(n / 2))]
        let d = try #require(try CrossSeriesIndependence.share(disjoint))
        #expect(d.series == k && d.share == 2.0 / Double(k))
        #expect(try CrossSeriesIndependence.share([independent[0]]) == nil)
    }

    /// A one-block recording at `stepMs` from columns.
    func recording(_ columns: [(SeriesDescriptor, [Double])], stepMs: Int64 = 60_000, faults: [Recording.Fault] = []) throws -> Recording {
        let n = columns[0].1.count
        let times = (0..<n).map { Int64(1_700_000_000_000) + Int64($0) * stepMs }
        let frame = try MetricFrame(columns: columns.map(\.1))
        return Recording(
            name: "test", format: "test", blocks: [try Recording.Block(timestamps: times, series: columns.map(\.0), frame: frame)], faults: faults,
            hasGroundTruth: true)
    }

    @Test func errorRatioWithBinomialNoiseHasRatioOneAndZeroShareCounted() throws {
        // N = 600 requests per 60 s row (10/s), p = 0.02; the ratio's std is √(p(1 − p)/N).
        var g = NormalDraws(seed: 6)
        let n = 3_000, p = 0.02, perRow = 600.0
        var errors = (0..<n).map { _ in p + (p * (1 - p) / perRow).squareRoot() * g.next() }
        for r in stride(from: 0, to: n, by: 10) { errors[r] = p }  // keep the mean; no zeros yet
        let rate = [Double](repeating: perRow / 60, count: n)
        let rec = try recording([
            (SeriesDescriptor(entity: "web", metric: "error_ratio", unit: "ratio", kind: .gauge), errors),
            (SeriesDescriptor(entity: "web", metric: "requests_per_s", unit: "1/s", kind: .gauge), rate),
        ])
        let report = try FidelityComparison.compare(simulated: rec, reference: rec)
        func median(_ s: FidelityStatistic) -> Double? { report.rows.first { $0.family == "errors" && $0.statistic == s }?.simulated.median }
        #expect(abs((median(.binomialRatio) ?? 0) - (0.9).squareRoot()) < 0.05)  // a tenth of the rows carry no noise
        #expect(median(.zeroErrorShare) == 0)
        var zeroed = errors
        for r in 0..<(n / 4) { zeroed[r] = 0 }
        let rec2 = try recording([(SeriesDescriptor(entity: "web", metric: "error_ratio", unit: "ratio", kind: .gauge), zeroed)])
        let r2 = try FidelityComparison.compare(simulated: rec2, reference: rec2)
        let zeroRow = try #require(r2.rows.first { $0.family == "errors" && $0.statistic == .zeroErrorShare })
        #expect(zeroRow.simulated.median == 0.25)
        // Without a per-second request rate the binomial ratio is undefined, with a reason.
        let ratioRow = try #require(r2.rows.first { $0.family == "errors" && $0.statistic == .binomialRatio })
        #expect(ratioRow.simulated.median == nil && ratioRow.verdict == .notAvailable && ratioRow.simulated.reason != nil)
    }

    @Test func faultContrastFindsAJumpOfKnownSizeAndLabelDensityCountsRows() throws {
        // 10 white-noise series over 1000 one-minute rows; at row 600 the root cause's series jumps by 20σ for 3 rows.
        var g = NormalDraws(seed: 7)
        let n = 1_000
        var columns: [(SeriesDescriptor, [Double])] = (0..<10).map { j in
            (SeriesDescriptor(entity: j == 0 ? "db" : "svc\(j)", metric: "cpu_util", unit: "ratio", kind: .gauge), g.series(n, mean: 50, std: 1))
        }
        for r in 600..<603 { columns[0].1[r] += 20 }
        let t0 = Int64(1_700_000_000_000)
        let fault = Recording.Fault(id: "f1", kind: "cpu-hog", targets: ["db"], startMs: t0 + 600 * 60_000, endMs: t0 + 699 * 60_000)
        let rec = try recording(columns, faults: [fault])
        let grid = try FidelityGrid(recording: rec, stepMs: 60_000)
        let c = FaultContrast.compute(grid)
        #expect(c.faultsScored == 1 && c.rootCausePeakZ.count == 1)
        #expect(abs(c.rootCausePeakZ[0] - 20) < 4)
        // Random fault-free windows: the largest |z| of 10 × 4 normal draws is about 2.5–3.
        #expect(c.randomWindowsScored == FaultContrast.randomWindows)
        #expect((c.randomMedian ?? 0) > 1.8 && (c.randomMedian ?? 9) < 3.6)
        #expect((c.contrastRatio.first ?? 0) > 5)
        // The fault window [600, 699] holds 100 of 1000 rows.
        #expect(FaultContrast.labelDensity(grid) == 0.1)
        // Deterministic: the same grid draws the same windows.
        #expect(FaultContrast.compute(grid) == c)
    }

    @Test func verdictsNameTheSideInTheStatisticsWords() {
        let band = [0.5, 1.5]
        #expect(FidelityComparison.verdict(.roughness, 1.0, band) == .ok)
        #expect(FidelityComparison.verdict(.roughness, 2.0, band) == .tooRough)
        #expect(FidelityComparison.verdict(.noiseCV, 0.1, band) == .tooSmooth)
        #expect(FidelityComparison.verdict(.lag1, 2.0, band) == .tooSmooth)
        #expect(FidelityComparison.verdict(.lag1Native, 0.1, band) == .tooRough)
        #expect(FidelityComparison.verdict(.tailRatio, 0.1, band) == .tooLow)
        #expect(FidelityComparison.verdict(.faultContrast, 9, band) == .tooHigh)
        #expect(FidelityComparison.verdict(.kurtosis, nil, band) == .notAvailable)
        // Scales widen by a factor: Q1 = 1, Q3 = 4 → F = 2, [0.5, 8]; a narrow IQR still gets ±25 %.
        #expect(FidelityComparison.band(.roughness, median: 2, q1: 1, q3: 4) == [0.5, 8])
        #expect(FidelityComparison.band(.tailRatio, median: 2, q1: 2, q3: 2) == [1.6, 2.5])
        // Others widen by amounts: half the IQR, 10 % of the median, 0.05 for bounded statistics.
        #expect(FidelityComparison.band(.kurtosis, median: 10, q1: 8, q3: 12) == [6, 14])
        #expect(FidelityComparison.band(.kurtosis, median: 100, q1: 100, q3: 100) == [90, 110])
        #expect(FidelityComparison.band(.lag1, median: 0.5, q1: 0.5, q3: 0.5) == [0.45, 0.55])
        // A scale whose Q1 is 0 falls back to amounts.
        #expect(FidelityComparison.band(.errorStd, median: 0, q1: 0, q3: 0) == [0, 0])
    }

    @Test func comparingARecordingWithItselfIsOkEverywhereItIsDefined() throws {
        var g = NormalDraws(seed: 8)
        let cols: [(SeriesDescriptor, [Double])] = ["cpu_util", "memory_bytes", "latency_p99", "requests_per_s", "network_bytes_per_s"].flatMap { m in
            ["a", "b", "c"].map { e in
                (SeriesDescriptor(entity: e, metric: m, unit: m.hasSuffix("_per_s") ? "1/s" : "x", kind: .gauge), g.series(600, mean: 10))
            }
        }
        let rec = try recording(cols)
        let report = try FidelityComparison.compare(simulated: rec, reference: rec)
        #expect(report.rows.count == MetricFamily.allCases.reduce(0) { $0 + FidelityStatistic.reported(for: $1).count } + 3)
        for row in report.rows { #expect(row.verdict == .ok || row.verdict == .notAvailable, "\(row.family) \(row.statistic)") }
        #expect(report.rows.first { $0.family == "cpu" && $0.statistic == .cpuRequestCorrelation }?.simulated.count == 3)
        #expect(report.simulated.seriesByFamily["errors"] == 0)
    }

    /// METRICS.md §12 is the list of record for fidelity identifiers.
    @Test func everyFidelityStatisticIsInMetricsSection12() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/METRICS.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## 12. Simulator fidelity").map { String(text[$0.lowerBound...]) })
        for s in FidelityStatistic.allCases { #expect(section.contains("`\(s.rawValue)`"), "\(s.rawValue) not in METRICS.md §12") }
        for f in MetricFamily.allCases { #expect(section.contains("`\(f.rawValue)`"), "\(f.rawValue) not in METRICS.md §12") }
    }
}
