/// A NAB-style streaming novelty detector for one series: new extremes, plus changes of the recent
/// value distribution, each reported once.
///
/// Channels (NAB-DETECTORS.md §7, with a histogram test in place of the ART novelty channel):
/// 1. **Spatial** (`SpatialExtremeRule`): 1.0 when a value leaves the range seen so far by more than
///    `spatialMargin` of it.
/// 2. **Distribution novelty** (`HistogramNovelty`): the last `window` values' histogram over a range
///    fixed at the end of the probation, tested against every histogram stored before; a histogram
///    that matches none scores `1 − critical/G` (in (0, 1), higher for stronger evidence).
/// 3. Output `max(spatial, novelty)` through a `RefractoryGate` that silences `⌊refractory·probation⌋`
///    rows after each output ≥ `trigger`.
///
/// **Probation**: the first `probation` finite values only build state and score 0 — NAB's rule, under
/// which a detector learns on the first 15 % of a file as it streams by. When the last probation value
/// arrives, the histogram range is set to the probation's min and max and the buffered probation values
/// are replayed through the histogram test (learning only), so the library starts with the probation's
/// regimes. No value after the current one is ever used.
///
/// Scores lie in [0, 1]; NAB's results files can take them as they are.
///
/// - NaN rule: a NaN or infinite value scores 0 and leaves the state unchanged.
/// - Complexity: O(K · references) per value (K = bins + 2, references ≤ `maxReferences`).
public struct EntropyNoveltyScorer: UnivariateScorer, Equatable {
    /// Values that only build state (NAB gives every detector the file's probation length).
    public let probation: Int
    /// Fraction of the probation silenced after an alarm-level output.
    public let refractory: Double
    /// Smallest output that closes the refractory gate.
    public let trigger: Double
    private var spatial: SpatialExtremeRule
    private var novelty: HistogramNovelty
    private var gate: RefractoryGate
    private var seen = 0
    private var buffer: [Double] = []

    /// Creates the scorer.
    ///
    /// - Parameters:
    ///   - probation: values that only build state, ≥ 1.
    ///   - window: values in the sliding histogram.
    ///   - bins: equal-width bins over the probation range.
    ///   - critical: G below which a histogram matches a stored one.
    ///   - spatialMargin: fraction of the range a new extreme must exceed it by.
    ///   - refractory: fraction of `probation` silenced after an output ≥ `trigger`.
    ///   - trigger: smallest output that closes the gate.
    ///   - maxReferences: histogram library size.
    public init(
        probation: Int, window: Int = 52, bins: Int = 5, critical: Double = 13.28, spatialMargin: Double = 0.05,
        refractory: Double = 0.2, trigger: Double = 0.25, maxReferences: Int = 256
    ) {
        precondition(probation >= 1 && refractory >= 0)
        self.probation = probation
        self.refractory = refractory
        self.trigger = trigger
        self.spatial = SpatialExtremeRule(margin: spatialMargin)
        self.novelty = HistogramNovelty(window: window, bins: bins, critical: critical, maxReferences: maxReferences)
        self.gate = RefractoryGate(rows: Int(refractory * Double(probation)), trigger: trigger)
    }

    /// Scores `x` (0 during the probation), then folds it into the state.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        seen += 1
        let extreme = spatial.score(x)
        if seen <= probation {
            buffer.append(x)
            if seen == probation {
                novelty.setRange(lo: spatial.minimum, hi: spatial.maximum)
                for v in buffer { _ = novelty.observe(v) }
                buffer = []
            }
            return 0
        }
        let g = novelty.observe(x)
        let distribution = g > 0 ? 1 - novelty.critical / g : 0
        return gate.pass(max(extreme, distribution))
    }
}
