/// Alarms of one run and their episodes (METRICS §1): `ŷ_t = 1 ⇔ s_t ≥ θ`, an episode being a maximal
/// run of alarmed rows.
public struct AlarmTrack: Sendable {
    /// `alarms[t]` is `ŷ_t`.
    public let alarms: [Bool]
    /// Maximal runs of alarmed rows, in row order.
    public let episodes: [RowInterval]
    /// Number of alarmed rows.
    public let alarmCount: Int

    /// Thresholds `scores` at `threshold` (`s_t ≥ θ`).
    ///
    /// - Throws: `EvaluationError.nonFiniteScore` naming the series and row of the first NaN or ±∞.
    /// - Complexity: O(n).
    public init(series: String, scores: [Double], threshold: Double) throws {
        let flags = try scores.withUnsafeBufferPointer { s -> [Bool] in
            var out = [Bool](repeating: false, count: s.count)
            for t in 0..<s.count {
                let x = s[t]
                if !x.isFinite { throw EvaluationError.nonFiniteScore(series: series, row: t, value: x) }
                out[t] = x >= threshold
            }
            return out
        }
        self.init(alarms: flags)
    }

    /// Uses alarms given directly.
    public init(alarms: [Bool]) {
        self.alarms = alarms
        self.episodes = RowInterval.runs(of: alarms)
        self.alarmCount = alarms.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
}
