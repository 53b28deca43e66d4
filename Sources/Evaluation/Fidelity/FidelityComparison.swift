import Telemetry

/// `faultline fidelity`'s computation (METRICS.md §12): both recordings on the coarser step, every statistic
/// per family on each side, and a verdict per row.
public enum FidelityComparison {
    /// A scale statistic's band is `[Q1/F, Q3·F]`, F = max(√(Q3/Q1), `minimumFactor`): the IQR widened on each
    /// side by half its width on the log scale, and by at least 25 %.
    public static let minimumFactor = 1.25
    /// Any other statistic's band is `[Q1 − d, Q3 + d]`, d = max(`iqrWidening`·IQR, `relativeFloor`·|median|, and
    /// `boundedFloor` for statistics in [−1, 1] or [0, 1]).
    public static let iqrWidening = 0.5
    /// … at least this share of the reference median's magnitude …
    public static let relativeFloor = 0.1
    /// … and at least this much for statistics bounded in [−1, 1] or [0, 1].
    public static let boundedFloor = 0.05
    /// Memory windows for `window_cv_5min`.
    public static let memoryWindowMs: Int64 = 300_000
    /// Periods counted as short by `short_period_power_share`.
    public static let shortPeriodMs: Int64 = 600_000

    /// The rule, as the report prints it.
    public static let verdictRule =
        "ok when the simulated median lies in the reference's IQR widened: [Q1/F, Q3·F], F = max(√(Q3/Q1), 1.25) for the positive scales "
        + "(noise_cv, roughness, window_cv_5min, fault_free_error_std, error_std_over_binomial, p99_over_p50, fault_*), else "
        + "[Q1 − d, Q3 + d], d = max(0.5·IQR, 0.1·|median|, 0.05 for statistics in [−1, 1] or [0, 1]); outside it: too rough / too smooth "
        + "for noise_cv, roughness and lag-1 (a high lag-1 is smooth), else too high / too low"

    /// Compares a simulated recording with a reference one.
    ///
    /// - Throws: `DataError` when a side has no series to compare or fewer than two rows; `LinearAlgebraError`
    ///   when an eigen-decomposition fails.
    public static func compare(simulated: Recording, reference: Recording) throws -> FidelityReport {
        guard let simStep = FidelityGrid.nativeStepMs(of: simulated) else {
            throw DataError("\(simulated.name): no series with two or more rows to compare")
        }
        guard let refStep = FidelityGrid.nativeStepMs(of: reference) else {
            throw DataError("\(reference.name): no series with two or more rows to compare")
        }
        let step = max(simStep, refStep)
        let sim = try SideStatistics(grid: FidelityGrid(recording: simulated, stepMs: step))
        let ref = try SideStatistics(grid: FidelityGrid(recording: reference, stepMs: step))
        var rows: [FidelityReport.Row] = []
        for family in MetricFamily.allCases {
            for statistic in FidelityStatistic.reported(for: family) {
                rows.append(row(family.rawValue, statistic, sim.summary(family, statistic), ref.summary(family, statistic)))
            }
        }
        for statistic in FidelityStatistic.reported(for: nil) {
            rows.append(row("all", statistic, sim.summary(nil, statistic), ref.summary(nil, statistic)))
        }
        return FidelityReport(
            formatVersion: 1, stepSeconds: Double(step) / 1_000, verdictRule: verdictRule, simulated: sim.side, reference: ref.side, rows: rows)
    }

    /// The band and verdict of one row.
    static func row(_ family: String, _ statistic: FidelityStatistic, _ s: FidelityReport.Summary, _ r: FidelityReport.Summary) -> FidelityReport.Row
    {
        guard let rm = r.median, let q1 = r.q1, let q3 = r.q3 else {
            return FidelityReport.Row(family: family, statistic: statistic, simulated: s, reference: r, band: nil, verdict: .notAvailable)
        }
        let band = self.band(statistic, median: rm, q1: q1, q3: q3)
        return FidelityReport.Row(
            family: family, statistic: statistic, simulated: s, reference: r, band: band, verdict: verdict(statistic, s.median, band))
    }

    /// The widened reference IQR (METRICS.md §12.4); a scale statistic whose Q1 is not positive is widened by
    /// amounts, as the others.
    public static func band(_ statistic: FidelityStatistic, median: Double, q1: Double, q3: Double) -> [Double] {
        if statistic.isScale && q1 > 0 {
            let f = max((q3 / q1).squareRoot(), minimumFactor)
            return [q1 / f, q3 * f]
        }
        let d = max(iqrWidening * (q3 - q1), relativeFloor * abs(median), statistic.isBounded ? boundedFloor : 0)
        return [q1 - d, q3 + d]
    }

    /// `ok` inside `band`, else the side it falls on in the statistic's words.
    public static func verdict(_ statistic: FidelityStatistic, _ median: Double?, _ band: [Double]) -> FidelityReport.Verdict {
        guard let m = median, band.count == 2 else { return .notAvailable }
        if m >= band[0] && m <= band[1] { return .ok }
        let high = m > band[1]
        switch statistic {
        case .noiseCV, .roughness: return high ? .tooRough : .tooSmooth
        case .lag1, .lag1Native: return high ? .tooSmooth : .tooRough
        default: return high ? .tooHigh : .tooLow
        }
    }

    /// Median and quartiles of `values` (type 7).
    public static func summary(_ values: [Double], undefined: Int, reason: @autoclosure () -> String) -> FidelityReport.Summary {
        let v = values.sorted()
        guard !v.isEmpty else { return FidelityReport.Summary(median: nil, q1: nil, q3: nil, count: 0, undefined: undefined, reason: reason()) }
        return FidelityReport.Summary(
            median: Quantile.type7(sorted: v, 0.5), q1: Quantile.type7(sorted: v, 0.25), q3: Quantile.type7(sorted: v, 0.75), count: v.count,
            undefined: undefined, reason: nil)
    }
}

/// Every statistic of one side, computed once.
struct SideStatistics {
    let grid: FidelityGrid
    /// Per family and statistic: the defined values and the number undefined.
    private var values: [MetricFamily: [FidelityStatistic: (values: [Double], undefined: Int)]] = [:]
    private var contrast: FaultContrast.Result?
    private var density: Double?

    init(grid: FidelityGrid) throws {
        self.grid = grid
        let step = grid.stepMs
        let range = grid.bucketRange
        let faultFree = FaultContrast.faultFreeMask(grid, range: range)
        for family in MetricFamily.allCases {
            let members = grid.series.indices.filter { grid.series[$0].family == family }
            var table: [FidelityStatistic: (values: [Double], undefined: Int)] = [:]
            func add(_ statistic: FidelityStatistic, _ v: Double?) {
                var entry = table[statistic] ?? ([], 0)
                if let v, v.isFinite { entry.values.append(v) } else { entry.undefined += 1 }
                table[statistic] = entry
            }
            for j in members {
                let s = grid.series[j]
                let m = SeriesStatistics.moments(s.values)
                add(.noiseCV, m.noiseCV)
                add(.roughness, m.roughness)
                add(.lag1, m.lag1)
                add(.lag1Native, s.nativeLag1)
                switch family {
                case .memory:
                    add(.shortPeriodShare, SeriesStatistics.shortPeriodShare(s.values, stepMs: step, cutoffMs: FidelityComparison.shortPeriodMs))
                    add(
                        .windowCV,
                        SeriesStatistics.windowCV(s.values, firstRow: s.first, windowRows: Int(FidelityComparison.memoryWindowMs / step)))
                case .latency:
                    add(.tailRatio, SeriesStatistics.tailRatio(s.values))
                    add(.kurtosis, SeriesStatistics.excessKurtosis(s.values))
                case .errors:
                    let e = Self.errorStatistics(grid, series: j, range: range, faultFree: faultFree)
                    add(.errorStd, e.std)
                    add(.zeroErrorShare, e.zeroShare)
                    add(.binomialRatio, e.binomialRatio)
                case .cpu:
                    for q in grid.series.indices where grid.series[q].family == .requestRate && grid.series[q].entity == s.entity {
                        let r = grid.series[q]
                        add(.cpuRequestCorrelation, SeriesStatistics.differenceCorrelation(s.values, aFirst: s.first, r.values, bFirst: r.first))
                    }
                case .requestRate, .network: break
                }
            }
            if members.count >= 2 {
                let share = try CrossSeriesIndependence.share(members.map { (grid.series[$0].first, grid.series[$0].values) })
                add(.independence, share?.share)
            }
            values[family] = table
        }
        if grid.hasGroundTruth {
            contrast = FaultContrast.compute(grid)
            density = FaultContrast.labelDensity(grid)
        }
    }

    /// Fault-free std of an error-ratio series, its share of zero rows, and its std over the binomial std with
    /// N = the entity's per-second request rate × step (METRICS.md §12.3, item 7).
    static func errorStatistics(
        _ grid: FidelityGrid, series j: Int, range: Range<Int>, faultFree: [Bool]
    ) -> (
        std: Double?, zeroShare: Double?, binomialRatio: Double?
    ) {
        let s = grid.series[j]
        var n = 0, zeros = 0, sum = 0.0
        for (i, v) in s.values.enumerated() where v.isFinite && faultFree[s.first + i - range.lowerBound] {
            n += 1
            sum += v
            if v == 0 { zeros += 1 }
        }
        guard n >= 2 else { return (nil, nil, nil) }
        let mean = sum / Double(n)
        var ss = 0.0
        for (i, v) in s.values.enumerated() where v.isFinite && faultFree[s.first + i - range.lowerBound] { ss += (v - mean) * (v - mean) }
        let std = (ss / Double(n - 1)).squareRoot()
        let zeroShare = Double(zeros) / Double(n)
        guard mean > 0, mean < 1,
            let q = grid.series.firstIndex(where: { $0.family == .requestRate && $0.perSecond && $0.entity == s.entity })
        else { return (std, zeroShare, nil) }
        let rate = grid.series[q]
        let stepSeconds = Double(grid.stepMs) / 1_000
        var expected = 0.0, rows = 0
        for (i, v) in s.values.enumerated() where v.isFinite && faultFree[s.first + i - range.lowerBound] {
            let r = rate.value(atBucket: s.first + i)
            guard r.isFinite, r > 0 else { continue }
            expected += mean * (1 - mean) / (r * stepSeconds)
            rows += 1
        }
        guard rows > 0, expected > 0 else { return (std, zeroShare, nil) }
        return (std, zeroShare, std / (expected / Double(rows)).squareRoot())
    }

    /// The summary of a family's statistic (nil family: the dataset-wide rows).
    func summary(_ family: MetricFamily?, _ statistic: FidelityStatistic) -> FidelityReport.Summary {
        guard let family else {
            guard grid.hasGroundTruth, let contrast else {
                return FidelityComparison.summary([], undefined: 0, reason: "no ground truth (the recording labels no faults)")
            }
            switch statistic {
            case .faultPeakZ:
                return FidelityComparison.summary(
                    contrast.rootCausePeakZ, undefined: grid.faults.count - contrast.rootCausePeakZ.count,
                    reason: grid.faults.isEmpty
                        ? "no faults" : "no fault with a scorable root-cause series (a 1-hour baseline, a value in the first 4 min)")
            case .faultContrast:
                return FidelityComparison.summary(
                    contrast.contrastRatio, undefined: grid.faults.count - contrast.contrastRatio.count,
                    reason: contrast.randomMedian == nil
                        ? "fewer than 10 random fault-free windows could be scored" : "no fault could be scored")
            default:
                return FidelityComparison.summary(density.map { [$0] } ?? [], undefined: density == nil ? 1 : 0, reason: "no rows")
            }
        }
        let count = grid.series.filter { $0.family == family }.count
        guard count > 0 else { return FidelityComparison.summary([], undefined: 0, reason: "no \(family.rawValue) series") }
        let entry = values[family]?[statistic] ?? ([], 0)
        return FidelityComparison.summary(entry.values, undefined: entry.undefined, reason: Self.undefinedReason(statistic, family: family))
    }

    /// Why a statistic has no value although the family has series.
    static func undefinedReason(_ statistic: FidelityStatistic, family: MetricFamily) -> String {
        switch statistic {
        case .independence: return "fewer than 2 non-constant series, or fewer than max(20, 2k) rows where all are present"
        case .cpuRequestCorrelation: return "no entity with both a cpu and a request-rate series over 10 or more common rows"
        case .shortPeriodShare: return "the step is too coarse (needs < 5 min) or no run of 16 values"
        case .windowCV: return "the step is too coarse for 2 values per 5 min, or no complete window"
        case .binomialRatio: return "no per-second request rate for the entity, or no fault-free errors"
        case .noiseCV: return "mean 0 or fewer than 2 differences in every series"
        default: return "undefined for every \(family.rawValue) series (constant or too short)"
        }
    }

    /// The side's description.
    var side: FidelityReport.Side {
        var byFamily: [String: Int] = [:]
        for f in MetricFamily.allCases { byFamily[f.rawValue] = grid.series.filter { $0.family == f }.count }
        var byReason: [String: Int] = [:]
        for s in grid.skipped { byReason[s.reason, default: 0] += 1 }
        return FidelityReport.Side(
            name: grid.name, format: grid.format, nativeStepSeconds: Double(grid.nativeStepMs) / 1_000, series: grid.series.count,
            seriesByFamily: byFamily, skipped: grid.skipped.count, skippedByReason: byReason,
            skippedSeries: grid.skipped.map { FidelityReport.SkippedSeries(id: $0.seriesId, reason: $0.reason) },
            hasGroundTruth: grid.hasGroundTruth, faults: grid.faults.count, faultsScored: contrast?.faultsScored ?? 0,
            randomWindowsScored: contrast?.randomWindowsScored ?? 0)
    }
}
