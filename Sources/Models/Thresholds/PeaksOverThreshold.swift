import Foundation

/// SPOT (Siffer et al., KDD 2017) exactly as METRICS.md §5 defines it: a streaming extreme-value threshold.
///
/// Calibration on n training scores: `t = x_(⌊level·n⌋)` (ascending, 0-based), peaks `Y = {x − t : x > t}`,
/// GPD by Grimshaw MLE, `z_q = t + (σ/γ)((q·n/N_t)^(−γ) − 1)` (or `t − σ ln(q·n/N_t)` when γ = 0).
/// Streaming: `x ≥ z_q` → alarm (not a peak); else `x > t` → add the peak, n += 1, refit and recompute z_q;
/// else n += 1 only (z_q is not recomputed until the next peak, as in the reference implementation).
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

    /// Calibrates on `calibration` scores.
    ///
    /// - Throws: `ModelError.insufficientData` when there are no scores, or no score exceeds t (no peaks).
    public init(calibration: [Double], level: Double, risk: Double) throws {
        guard !calibration.isEmpty else {
            throw ModelError.insufficientData(what: "SPOT calibration", reason: "no training scores")
        }
        self.level = level
        self.risk = risk
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
            if let refit = try? GeneralizedPareto.grimshaw(peaks) { fit = refit }
            threshold = Self.quantile(t: initialThreshold, fit: fit, risk: risk, n: observed, peaks: peaks.count)
        }
        return false
    }
}
