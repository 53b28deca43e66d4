import Foundation

/// Causal calibration of any raw anomaly score stream into [0, 1]: how improbable the recent average
/// raw score is under a normal fitted to its own history (an "anomaly likelihood").
///
/// Per value (after Ahmad et al. 2017, as described in NAB-DETECTORS.md §3, with one-sided tails and
/// scale-free floors so it suits unbounded raw scores):
/// 1. `m_t` = mean of the last `averaging` raw scores.
/// 2. `m_t` enters a history of the last `history` averages, skipping the first `⌊probation/2⌋` values
///    (the raw scorer is still learning).
/// 3. Every `refit` values after the probation (and at its end) the history's mean μ and population
///    standard deviation σ are refitted; σ is floored at `max(1e-3·|μ|, 1e-6)`.
/// 4. Tail `q = Q((m_t − μ)/σ) = ½·erfc(z/√2)` (one-sided: only a high average is unusual).
/// 5. Entry filter: when both this and the previous q are ≤ 1e-5, q becomes 1e-3, so a long stretch of
///    extreme scores alarms on entry only.
/// 6. Output `ln(q + 1e-10)/ln(1e-10)` clamped to [0, 1] (≈ 0.5 at q = 1e-5, 1 at q → 0).
///
/// The first `probation` values output 0. Non-finite raw scores are treated as 0.
///
/// - Complexity: O(1) per value plus O(history) every `refit` values.
public struct AnomalyLikelihood: Sendable, Equatable {
    /// Values before the first calibrated output.
    public let probation: Int
    /// Raw scores averaged into `m_t`.
    public let averaging: Int
    /// Values between refits of μ and σ.
    public let refit: Int
    /// Averages kept for the fit.
    public let history: Int

    private var recent: [Double]
    private var recentHead = 0
    private var recentCount = 0
    private var recentSum = 0.0
    private var past: [Double] = []
    private var pastHead = 0
    private var seen = 0
    private var sinceFit = 0
    private var fitted = false
    private var mean = 0.0
    private var std = 1.0
    private var previousTail = 1.0

    /// Creates the calibrator.
    ///
    /// - Parameters:
    ///   - probation: values before the first output (≥ 0); the first half is left out of the fit.
    ///   - averaging: raw scores per average (≥ 1).
    ///   - refit: values between refits (≥ 1).
    ///   - history: averages kept for the fit (≥ 2).
    public init(probation: Int, averaging: Int = 10, refit: Int = 100, history: Int = 8640) {
        precondition(probation >= 0 && averaging >= 1 && refit >= 1 && history >= 2)
        self.probation = probation
        self.averaging = averaging
        self.refit = refit
        self.history = history
        self.recent = [Double](repeating: 0, count: averaging)
    }

    /// The calibrated score of the next raw score.
    public mutating func next(_ raw: Double) -> Double {
        let r = raw.isFinite ? raw : 0
        if recentCount == averaging {
            recentSum -= recent[recentHead]
        } else {
            recentCount += 1
        }
        recent[recentHead] = r
        recentSum += r
        recentHead = (recentHead + 1) % averaging
        // Recompute the small sum exactly each wrap so rounding cannot drift.
        if recentHead == 0 && recentCount == averaging { recentSum = recent.reduce(0, +) }
        let m = recentSum / Double(recentCount)
        seen += 1
        if seen > probation / 2 {
            if past.count < history {
                past.append(m)
            } else {
                past[pastHead] = m
                pastHead = (pastHead + 1) % history
            }
        }
        guard seen > probation else { return 0 }
        sinceFit += 1
        if !fitted || sinceFit >= refit {
            fit()
            sinceFit = 0
        }
        let z = (m - mean) / std
        let tail = 0.5 * erfc(z / 2.0.squareRoot())
        var q = tail
        if tail <= 1e-5 && previousTail <= 1e-5 { q = 1e-3 }
        previousTail = tail
        return min(1, max(0, log(q + 1e-10) / log(1e-10)))
    }

    private mutating func fit() {
        fitted = true
        guard !past.isEmpty else { mean = 0; std = 1; return }
        var s = 0.0
        for v in past { s += v }
        let mu = s / Double(past.count)
        var v2 = 0.0
        for v in past { v2 += (v - mu) * (v - mu) }
        mean = mu
        std = max((v2 / Double(past.count)).squareRoot(), max(1e-3 * abs(mu), 1e-6))
    }
}
