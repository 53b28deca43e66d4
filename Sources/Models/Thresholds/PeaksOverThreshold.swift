import Foundation

/// SPOT (Siffer et al., KDD 2017) exactly as METRICS.md §5 defines it: a streaming extreme-value threshold.
///
/// Calibration on n training scores: `t = x_(⌊level·n⌋)` (ascending, 0-based), peaks `Y = {x − t : x > t}`,
/// GPD by Grimshaw MLE, `z_q = t + (σ/γ)((q·n/N_t)^(−γ) − 1)` (or `t − σ ln(q·n/N_t)` when γ = 0).
/// Streaming: `x ≥ z_q` → alarm (not a peak); else `x > t` → add the peak, n += 1, refit (see below) and
/// recompute z_q with the current n and N_t; else n += 1 only (z_q is not recomputed until the next peak,
/// as in the reference implementation).
///
/// **Refit schedule** (METRICS.md §5, Faultline note): the reference refits the GPD at every peak, which is
/// O(N_t) per peak and so quadratic when most streamed scores are peaks (a test span shifted above the
/// training level). Here the GPD is refitted when the peak count has grown by `refitGrowth` of the count
/// at the last fit, at least one peak: `N_t ≥ N_fit + max(1, ⌊refitGrowth·N_fit⌋)`. With the default
/// 1/16 every peak refits while N_fit < 32 (the reference behaviour for short or quiet streams); beyond
/// that the fit in use lags by under 1/16 of the peaks while z_q still uses the current n and N_t at every
/// peak. The fits then visit at most about `(2 + 1/refitGrowth)·N_t` peaks in total: linear in the stream.
/// `refitGrowth: 0` refits at every peak, as the reference does.
public struct PeaksOverThreshold: Sendable, Equatable {
    /// The calibration quantile level (e.g. 0.98).
    public let level: Double
    /// The risk q (e.g. 1e-4): the target probability of exceeding z_q.
    public let risk: Double
    /// The initial threshold t.
    public private(set) var initialThreshold: Double
    /// Excesses over t seen so far.
    public private(set) var peaks: [Double]
    /// Number of scores seen (calibration + streamed non-alarms).
    public private(set) var observed: Int
    /// The current GPD fit.
    public private(set) var fit: GeneralizedPareto
    /// The current extreme threshold z_q.
    public private(set) var threshold: Double
    /// Relative growth of the peak count that triggers a refit (0 = refit at every peak).
    public let refitGrowth: Double
    /// Peaks in the current fit (N_fit).
    public private(set) var fittedPeaks: Int
    /// GPD fits made so far, the calibration's included (a work counter).
    public private(set) var fitCount: Int
    /// Peaks visited by all fits so far, Σ N_fit (each Grimshaw fit is O(N_fit); a work counter).
    public private(set) var fitWork: Int

    /// The default `refitGrowth`: refit once the peak count has grown by 1/16 since the last fit.
    public static let defaultRefitGrowth = 1.0 / 16

    /// Calibrates on `calibration` scores.
    ///
    /// - Throws: `ModelError.insufficientData` when there are no scores, or no score exceeds t (no peaks).
    /// - Parameter refitGrowth: the refit schedule's growth fraction (≥ 0; 0 refits at every peak).
    public init(calibration: [Double], level: Double, risk: Double, refitGrowth: Double = defaultRefitGrowth) throws {
        guard refitGrowth >= 0, refitGrowth.isFinite else {
            throw ModelError.invalidParameter(model: "SPOT", key: "refitGrowth", value: "\(refitGrowth)", reason: "must be a finite number ≥ 0")
        }
        guard !calibration.isEmpty else {
            throw ModelError.insufficientData(what: "SPOT calibration", reason: "no training scores")
        }
        self.level = level
        self.risk = risk
        self.refitGrowth = refitGrowth
        let sorted = calibration.sorted()
        let index = Swift.min(Int((level * Double(sorted.count)).rounded(.down)), sorted.count - 1)
        let t = sorted[index]
        initialThreshold = t
        peaks = calibration.filter { $0 > t }.map { $0 - t }
        observed = calibration.count
        guard !peaks.isEmpty else {
            throw ModelError.insufficientData(
                what: "SPOT calibration",
                reason: "no training score exceeds the initial threshold t = \(t) (level \(level), \(calibration.count) scores): no peaks to fit")
        }
        fit = try GeneralizedPareto.grimshaw(peaks)
        fittedPeaks = peaks.count
        fitCount = 1
        fitWork = peaks.count
        threshold = Self.quantile(t: t, fit: fit, risk: risk, n: calibration.count, peaks: peaks.count)
    }

    /// `z_q` for a fit.
    public static func quantile(t: Double, fit: GeneralizedPareto, risk: Double, n: Int, peaks: Int) -> Double {
        let r = risk * Double(n) / Double(peaks)
        if fit.gamma == 0 { return t - fit.sigma * log(r) }
        return t + (fit.sigma / fit.gamma) * (pow(r, -fit.gamma) - 1)
    }

    /// Processes one streamed score: returns true (alarm) when `x ≥ z_q`; otherwise updates the model.
    public mutating func step(_ x: Double) -> Bool {
        if x >= threshold { return true }
        observed += 1
        if x > initialThreshold {
            peaks.append(x - initialThreshold)
            if peaks.count >= fittedPeaks + Swift.max(1, Int(refitGrowth * Double(fittedPeaks))) {
                fitCount += 1
                fitWork += peaks.count
                fittedPeaks = peaks.count
                if let refit = try? GeneralizedPareto.grimshaw(peaks) { fit = refit }
            }
            threshold = Self.quantile(t: initialThreshold, fit: fit, risk: risk, n: observed, peaks: peaks.count)
        }
        return false
    }
}
