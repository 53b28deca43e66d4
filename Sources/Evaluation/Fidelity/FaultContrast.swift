import Telemetry

/// How much faults stand out (METRICS.md §12.3, rows 9–10): z-scores in a fault's first minutes against the
/// fault-free hour before it, and the same for random fault-free windows.
public enum FaultContrast {
    /// Length of the window scored after a fault's start (4 minutes).
    public static let windowMs: Int64 = 240_000
    /// Length of the baseline before it (1 hour, fault-free rows only).
    public static let baselineMs: Int64 = 3_600_000
    /// Baseline values a series needs to be scored.
    public static let minimumBaseline = 10
    /// Random fault-free windows drawn.
    public static let randomWindows = 200
    /// Seed of the draw (SplitMix64): the same grid gives the same windows.
    public static let seed: UInt64 = 0x6669_6465_6C69_7479  // "fidelity"

    /// Per-fault values and what they were computed on.
    public struct Result: Sendable, Equatable {
        /// Peak |z| of the root cause's series, one per fault where one could be scored.
        public var rootCausePeakZ: [Double]
        /// Largest |z| over all series / median of the random windows' largest |z|, one per scored fault.
        public var contrastRatio: [Double]
        /// Faults where any series could be scored.
        public var faultsScored: Int
        /// Random windows scored (at most `randomWindows`).
        public var randomWindowsScored: Int
        /// Median largest |z| of the random windows (nil when fewer than 10 could be scored).
        public var randomMedian: Double?
    }

    /// Buckets `k` whose centre lies in `[fromMs, toMs)`.
    static func buckets(_ grid: FidelityGrid, fromMs: Int64, toMs: Int64) -> Range<Int> {
        func ceilDiv(_ a: Int64, _ b: Int64) -> Int {
            let q = FidelityResampling.floorDiv(a, b)
            return Int(q * b == a ? q : q + 1)
        }
        let offset = grid.originMs + grid.stepMs / 2
        let lo = ceilDiv(fromMs - offset, grid.stepMs), hi = ceilDiv(toMs - offset, grid.stepMs)
        return lo..<max(lo, hi)
    }

    /// Whether each bucket of `range` is fault-free: its centre lies in no fault's `[startMs, settledMs]`.
    public static func faultFreeMask(_ grid: FidelityGrid, range: Range<Int>) -> [Bool] {
        var mask = [Bool](repeating: true, count: range.count)
        for f in grid.faults {
            let b = buckets(grid, fromMs: f.startMs, toMs: f.settledMs + 1).clamped(to: range)
            for k in b { mask[k - range.lowerBound] = false }
        }
        return mask
    }

    /// Whether each bucket of `range` holds a finite value of any series.
    public static func dataMask(_ grid: FidelityGrid, range: Range<Int>) -> [Bool] {
        var mask = [Bool](repeating: false, count: range.count)
        for s in grid.series {
            s.values.withUnsafeBufferPointer { p in
                for i in 0..<p.count where p[i].isFinite { mask[s.first + i - range.lowerBound] = true }
            }
        }
        return mask
    }

    /// Largest |z| over `series` in the window starting at `startMs`, each series standardised by the mean and
    /// std (n − 1) of its finite values in the fault-free buckets of the hour before; nil when no series has
    /// `minimumBaseline` baseline values with a non-zero std and a finite value in the window.
    static func peakAbsZ(_ grid: FidelityGrid, series: [Int], startMs: Int64, range: Range<Int>, faultFree: [Bool]) -> Double? {
        let window = buckets(grid, fromMs: startMs, toMs: startMs + windowMs).clamped(to: range)
        let base = buckets(grid, fromMs: startMs - baselineMs, toMs: startMs).clamped(to: range)
        guard !window.isEmpty, !base.isEmpty else { return nil }
        var best: Double?
        for j in series {
            let s = grid.series[j]
            var n = 0, sum = 0.0
            for k in base where faultFree[k - range.lowerBound] {
                let v = s.value(atBucket: k)
                if v.isFinite {
                    n += 1
                    sum += v
                }
            }
            guard n >= minimumBaseline else { continue }
            let mean = sum / Double(n)
            var ss = 0.0
            for k in base where faultFree[k - range.lowerBound] {
                let v = s.value(atBucket: k)
                if v.isFinite { ss += (v - mean) * (v - mean) }
            }
            let std = (ss / Double(n - 1)).squareRoot()
            guard std > 0 else { continue }
            for k in window {
                let v = s.value(atBucket: k)
                if v.isFinite {
                    let z = abs(v - mean) / std
                    if best.map({ z > $0 }) ?? true { best = z }
                }
            }
        }
        return best
    }

    /// The per-fault values of `grid`: for each fault, the peak |z| of its root cause's series (entity in
    /// `targets` or id in `seriesIds`) and of all series in its first `windowMs`; `randomWindows` windows drawn
    /// uniformly (with replacement, `seed`) among the buckets that hold data and start a window whose buckets
    /// are all fault-free give the denominator of the contrast ratio.
    public static func compute(_ grid: FidelityGrid) -> Result {
        let range = grid.bucketRange
        let faultFree = faultFreeMask(grid, range: range)
        let all = Array(grid.series.indices)
        var peaks: [Double] = [], totals: [Double] = []
        for f in grid.faults {
            let roots = all.filter { f.targets.contains(grid.series[$0].entity) || f.seriesIds.contains(grid.series[$0].id) }
            guard let total = peakAbsZ(grid, series: all, startMs: f.startMs, range: range, faultFree: faultFree) else { continue }
            totals.append(total)
            if let root = peakAbsZ(grid, series: roots, startMs: f.startMs, range: range, faultFree: faultFree) { peaks.append(root) }
        }
        // Random fault-free windows.
        let hasData = dataMask(grid, range: range)
        let windowBuckets = max(1, buckets(grid, fromMs: 0, toMs: windowMs).count)
        var candidates: [Int] = []
        var k = range.lowerBound
        while k + windowBuckets <= range.upperBound {
            let i = k - range.lowerBound
            if hasData[i] && !faultFree[i..<(i + windowBuckets)].contains(false) { candidates.append(k) }
            k += 1
        }
        var random: [Double] = []
        if !candidates.isEmpty {
            var rng = SplitMix64(seed: seed)
            var attempts = 0
            while random.count < randomWindows && attempts < 4 * randomWindows {
                attempts += 1
                let c = candidates[Int(rng.next() % UInt64(candidates.count))]
                if let z = peakAbsZ(grid, series: all, startMs: grid.centreMs(ofBucket: c), range: range, faultFree: faultFree) { random.append(z) }
            }
        }
        let median = random.count >= 10 ? Quantile.type7(random, 0.5) : nil
        let ratios = median.map { m in m > 0 ? totals.map { $0 / m } : [] } ?? []
        return Result(
            rootCausePeakZ: peaks, contrastRatio: ratios, faultsScored: totals.count, randomWindowsScored: random.count, randomMedian: median)
    }

    /// Share of the buckets holding data whose centre lies inside a fault's labelled window `[startMs, endMs]`
    /// (nil when no bucket holds data).
    public static func labelDensity(_ grid: FidelityGrid) -> Double? {
        let range = grid.bucketRange
        let hasData = dataMask(grid, range: range)
        var inside = [Bool](repeating: false, count: range.count)
        for f in grid.faults {
            for k in buckets(grid, fromMs: f.startMs, toMs: f.endMs + 1).clamped(to: range) { inside[k - range.lowerBound] = true }
        }
        var n = 0, m = 0
        for i in 0..<range.count where hasData[i] {
            n += 1
            if inside[i] { m += 1 }
        }
        return n > 0 ? Double(m) / Double(n) : nil
    }
}
