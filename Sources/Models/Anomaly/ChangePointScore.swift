/// Level-shift (change-point) score: a two-sample z statistic between a recent and a reference window.
///
/// The recent window holds the last `recent` finite values (including the current one); the reference
/// window holds the `reference` values before those. Score =
/// `|mean_recent − mean_ref| / (σ_ref · sqrt(1/recent_count + 1/ref_count))`, σ_ref the population standard
/// deviation of the reference window floored at `minimumScale`. A sustained shift of d·σ scores about
/// d·sqrt(recent) at its peak, `recent` rows after the change, then fades as the reference absorbs it.
///
/// - Scores are 0 until the recent window is full and the reference holds 2 values.
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves both windows unchanged.
/// - Complexity: O(1) amortised per value (`RollingSums`).
public struct ChangePointScore: UnivariateScorer, Equatable {
    /// Length of the recent window (≥ 1).
    public let recent: Int
    /// Length of the reference window (≥ 2).
    public let reference: Int
    private var recentSums: RollingSums
    private var referenceSums: RollingSums

    /// Creates the scorer.
    public init(recent: Int, reference: Int) {
        precondition(recent >= 1 && reference >= 2)
        self.recent = recent
        self.reference = reference
        self.recentSums = RollingSums(capacity: recent)
        self.referenceSums = RollingSums(capacity: reference)
    }

    /// Adds `x` to the recent window (moving the oldest recent value to the reference) and scores the shift.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        if let moved = recentSums.push(x) { referenceSums.push(moved) }
        guard recentSums.count == recent, referenceSums.count >= 2 else { return 0 }
        let sigma = Swift.max(referenceSums.variance.squareRoot(), minimumScale)
        let se = sigma * (1 / Double(recentSums.count) + 1 / Double(referenceSums.count)).squareRoot()
        return abs(recentSums.mean - referenceSums.mean) / se
    }
}
