/// The union of three novelty channels for one series — new extremes, novel value histograms and novel
/// short shapes — with one alarm per event (docs/NAB.md).
///
/// Channels, each run on every value:
/// - **spatial** (`SpatialExtremeRule`): 1.0 on a new extreme beyond `spatialMargin` of the seen range;
/// - **distribution** (`EntropyNoveltyScorer` without its spatial rule and gate): `1 − critical/G` for a
///   histogram that matches no stored one;
/// - **shape** (`ShapeNoveltyScorer` without its spatial rule and gate): the fuzzy-ART novelty grade.
///
/// The distribution and shape grades are put on one scale by their gates: a grade v with gate g maps to
/// `0.5 + 0.5·(v − g)/(1 − g)` when v ≥ g and to `0.5·v/g` below it, so 0.5 means "this channel's event
/// level" for both. The output is `max(spatial, distribution, shape)` through a `RefractoryGate` that
/// silences `⌊refractory·probation⌋` rows after any output ≥ 0.5. Scores lie in [0, 1].
///
/// - NaN rule: a NaN or infinite value scores 0 and leaves the state unchanged.
public struct NoveltyEnsembleScorer: UnivariateScorer, Equatable {
    /// Values that only build state.
    public let probation: Int
    /// Distribution-novelty grade that counts as an event.
    public let distributionGate: Double
    /// Shape-novelty grade that counts as an event.
    public let shapeGate: Double
    private var spatial: SpatialExtremeRule
    private var distribution: EntropyNoveltyScorer
    private var shape: ShapeNoveltyScorer
    private var gate: RefractoryGate
    private var seen = 0

    /// Creates the scorer.
    ///
    /// - Parameters:
    ///   - probation: values that only build state, ≥ 1.
    ///   - distributionGate: distribution-novelty grade of an event, in (0, 1).
    ///   - shapeGate: shape-novelty grade of an event, in (0, 1).
    ///   - spatialMargin: fraction of the range a new extreme must exceed it by.
    ///   - refractory: fraction of `probation` silenced after an event.
    ///   - adaptive: let the shape channel's vigilance drift after the probation.
    ///   - window, bins, critical: the distribution channel's histogram (``EntropyNoveltyScorer``).
    public init(
        probation: Int, distributionGate: Double = 0.067, shapeGate: Double = 0.8, spatialMargin: Double = 0.05,
        refractory: Double = 0.1, adaptive: Bool = false, window: Int = 52, bins: Int = 5, critical: Double = 13.28
    ) {
        precondition(probation >= 1 && distributionGate > 0 && distributionGate < 1 && shapeGate > 0 && shapeGate < 1)
        self.probation = probation
        self.distributionGate = distributionGate
        self.shapeGate = shapeGate
        self.spatial = SpatialExtremeRule(margin: spatialMargin)
        self.distribution = EntropyNoveltyScorer(
            probation: probation, window: window, bins: bins, critical: critical, spatialMargin: .infinity, refractory: 0)
        self.shape = ShapeNoveltyScorer(probation: probation, spatialMargin: .infinity, refractory: 0, adaptive: adaptive)
        self.gate = RefractoryGate(rows: Int(refractory * Double(probation)), trigger: 0.5)
    }

    /// Puts grade `v` on the common scale where `g` maps to 0.5.
    public static func rescale(_ v: Double, gate g: Double) -> Double {
        v >= g ? 0.5 + 0.5 * (min(v, 1) - g) / (1 - g) : 0.5 * max(v, 0) / g
    }

    /// Scores `x` (0 during the probation), then folds it into the state.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        seen += 1
        let extreme = spatial.score(x)
        let d = distribution.score(x)
        let s = shape.score(x)
        if seen <= probation { return 0 }
        return gate.pass(max(extreme, Self.rescale(d, gate: distributionGate), Self.rescale(s, gate: shapeGate)))
    }
}
