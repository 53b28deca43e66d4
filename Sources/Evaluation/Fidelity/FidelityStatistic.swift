/// The statistics of a fidelity report, by identifier (METRICS.md §12.3): a closed set, as `MetricID` is for runs.
public enum FidelityStatistic: String, CaseIterable, Codable, Sendable {
    /// std of first differences / √2 / |mean|, per series.
    case noiseCV = "noise_cv"
    /// std of first differences / std, per series.
    case roughness
    /// Lag-1 autocorrelation at the comparison step, per series.
    case lag1 = "lag1_autocorrelation"
    /// Lag-1 autocorrelation at the series' own recorded step, per series.
    case lag1Native = "lag1_autocorrelation_native"
    /// Principal components for 90 % of the variance of the standardised first differences / series count, per family.
    case independence = "pc90_share"
    /// Correlation of an entity's CPU and request-rate first differences, per (CPU, request-rate) pair (family cpu).
    case cpuRequestCorrelation = "cpu_request_diff_correlation"
    /// Share of the periodogram's power at periods below 10 minutes, per series (family memory).
    case shortPeriodShare = "short_period_power_share"
    /// Mean over 5-minute windows of std / |mean|, per series (family memory).
    case windowCV = "window_cv_5min"
    /// std of the error ratio over fault-free rows, per series (family errors).
    case errorStd = "fault_free_error_std"
    /// That std over the binomial std √(p̄(1 − p̄)/N), per series with a per-second request rate (family errors).
    case binomialRatio = "error_std_over_binomial"
    /// Share of fault-free rows with no errors, per series (family errors).
    case zeroErrorShare = "zero_error_row_share"
    /// p99 / p50 of the values over time, per series (family latency).
    case tailRatio = "p99_over_p50"
    /// Excess kurtosis of the values over time, per series (family latency).
    case kurtosis = "excess_kurtosis"
    /// Peak |z| of the root cause's series in a fault's first 4 minutes, per fault (all families).
    case faultPeakZ = "fault_root_cause_peak_z"
    /// Largest |z| over all series in a fault's first 4 minutes over the median of random fault-free windows', per fault.
    case faultContrast = "fault_contrast_ratio"
    /// Share of rows inside a labelled fault window (all families).
    case labelDensity = "label_density"

    /// The statistics reported for `family` (nil: the dataset-wide rows, family `all`), in report order.
    public static func reported(for family: MetricFamily?) -> [FidelityStatistic] {
        guard let family else { return [.faultPeakZ, .faultContrast, .labelDensity] }
        let common: [FidelityStatistic] = [.noiseCV, .roughness, .lag1, .lag1Native, .independence]
        switch family {
        case .cpu: return common + [.cpuRequestCorrelation]
        case .memory: return common + [.shortPeriodShare, .windowCV]
        case .errors: return common + [.errorStd, .binomialRatio, .zeroErrorShare]
        case .latency: return common + [.tailRatio, .kurtosis]
        case .requestRate, .network: return common
        }
    }

    /// Whether the statistic is a positive scale (a ratio of spreads or sizes): its verdict band is widened by a
    /// factor, not by an amount (METRICS.md §12.4).
    public var isScale: Bool {
        switch self {
        case .noiseCV, .roughness, .windowCV, .errorStd, .binomialRatio, .tailRatio, .faultPeakZ, .faultContrast: return true
        default: return false
        }
    }

    /// Whether the statistic lives in [−1, 1] or [0, 1] (its verdict band is at least ±0.05 wide).
    public var isBounded: Bool {
        switch self {
        case .lag1, .lag1Native, .independence, .cpuRequestCorrelation, .shortPeriodShare, .zeroErrorShare, .labelDensity: return true
        default: return false
        }
    }
}
