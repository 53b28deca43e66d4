/// A NAB-style streaming detector for one series: new extremes, plus novel short shapes found by fuzzy
/// adaptive resonance on a downsampled, quantised copy of the series (docs/NAB.md).
///
/// Per value (after the probation):
/// 1. **Spatial** (`SpatialExtremeRule`): 1.0 on a new extreme beyond `spatialMargin` of the seen range.
/// 2. **Shape novelty**, once every `step = max(1, ⌊probation/104⌋)` values (other rows contribute 0):
///    - the step's mean, min and max; a running level `ma ← (ma + mean)/2`; the sample is the max or the
///      min, whichever lies farther from `ma` (spikes survive downsampling), or the mean when it differs
///      from the mean by less than 10 % of |mean|;
///    - scaled into [0, 1] by the running min and max of the values seen so far, rounded to 1/80;
///      snapped to the running median level when within 0.075 of it (small wiggles vanish);
///    - the last 8 samples give 16 features: the window min–max scaled and Haar transformed (then
///      min–max scaled), and the 8 samples themselves; complement coded for `FuzzyARTNovelty`;
///    - a sample whose features resonate with no category is novel, graded
///      `min(1, 1 − (1 − ρ)/(1 − A) + 1.5·(1 − e))` (A the best match, e its energy similarity), and
///      reported only when the 12 samples before it created no category (a shape change is reported
///      once, not while the library absorbs it), or when A is below 0.7 of the last reported match.
/// 3. Output `max(spatial, novelty)` through a `RefractoryGate` of `⌊refractory·probation⌋` rows.
///
/// **Probation**: the first `probation` values build state and score 0. At its end the vigilance ρ is
/// calibrated on the probation's own features: a scratch library at ρ = 0.8 sees them in order and ρ
/// becomes the mean best match over their second half (capped at 0.97); then the real library learns
/// every probation feature at that ρ. Nothing after the current value is used.
///
/// - NaN rule: a NaN or infinite value scores 0 and leaves the state unchanged.
/// - Complexity: O(categories · 32) per sample.
public struct ShapeNoveltyScorer: UnivariateScorer, Equatable {
    /// Values that only build state.
    public let probation: Int
    /// Values per downsampled sample.
    public let step: Int
    private var spatial: SpatialExtremeRule
    private var gate: RefractoryGate
    private var art: FuzzyARTNovelty
    private var seen = 0
    private var chunk: [Double] = []
    private var level: Double? = nil
    private var samples: [Double] = []
    private var levelCounts = [Int](repeating: 0, count: 81)
    private var levelTotal = 0
    private var probationFeatures: [[Double]] = []
    private var samplesSinceNewCategory = 0
    private var lastAlarmMatch = 1.0
    /// True when the vigilance follows the matches after the probation.
    public let adaptive: Bool
    /// The shape library's current vigilance ρ (0.8 until the probation ends).
    public var vigilance: Double { art.vigilance }
    private var recentMatches: [Double] = []
    private var matchSum = 0.0
    private var matchCount = 0
    private var samplesSinceAdapt = 0

    /// Creates the scorer.
    ///
    /// - Parameters:
    ///   - probation: values that only build state, ≥ 1.
    ///   - spatialMargin: fraction of the range a new extreme must exceed it by.
    ///   - refractory: fraction of `probation` silenced after an output ≥ `trigger`.
    ///   - trigger: smallest output that closes the gate.
    ///   - adaptive: let the vigilance drift after the probation (see `adapt`).
    public init(
        probation: Int, spatialMargin: Double = 0.05, refractory: Double = 0.2, trigger: Double = 0.25,
        adaptive: Bool = false
    ) {
        precondition(probation >= 1 && refractory >= 0)
        self.probation = probation
        self.adaptive = adaptive
        self.step = max(1, probation / 104)
        self.spatial = SpatialExtremeRule(margin: spatialMargin)
        self.gate = RefractoryGate(rows: Int(refractory * Double(probation)), trigger: trigger)
        self.art = FuzzyARTNovelty(features: 16, energy: [15, 31], vigilance: 0.8)
    }

    /// Scores `x` (0 during the probation), then folds it into the state.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        seen += 1
        let extreme = spatial.score(x)
        chunk.append(x)
        var novelty = 0.0
        if chunk.count == step {
            let features = nextFeatures()
            chunk.removeAll(keepingCapacity: true)
            if let f = features {
                if seen <= probation {
                    probationFeatures.append(f)
                } else {
                    novelty = present(f)
                }
            }
        }
        if seen == probation { calibrate() }
        if seen <= probation { return 0 }
        return gate.pass(max(extreme, novelty))
    }

    /// The features of the newest sample, or nil until 8 samples exist.
    private mutating func nextFeatures() -> [Double]? {
        var mean = 0.0, lo = Double.infinity, hi = -Double.infinity
        for v in chunk {
            mean += v
            lo = min(lo, v)
            hi = max(hi, v)
        }
        mean /= Double(chunk.count)
        let ma = level.map { ($0 + mean) / 2 } ?? mean
        level = ma
        var ds = abs(lo - ma) > abs(hi - ma) ? lo : hi
        if abs(ds - mean) < 0.1 * abs(mean) { ds = mean }
        let range = spatial.maximum - spatial.minimum
        let scaled = range > 0 ? (ds - spatial.minimum) / range : 0.5
        let q = Int((min(1, max(0, scaled)) * 80).rounded())
        levelCounts[q] += 1
        levelTotal += 1
        var median = 0, acc = 0
        while median < 80 {
            acc += levelCounts[median]
            if 2 * acc >= levelTotal { break }
            median += 1
        }
        var value = Double(q) / 80
        if abs(value - Double(median) / 80) < 0.075 { value = Double(median) / 80 }
        samples.append(value)
        if samples.count > 8 { samples.removeFirst() }
        guard samples.count == 8 else { return nil }
        var wlo = Double.infinity, whi = -Double.infinity
        for v in samples { wlo = min(wlo, v); whi = max(whi, v) }
        let shape = samples.map { whi > wlo ? ($0 - wlo) / (whi - wlo) : 0 }
        var coefficients = Self.haar(shape)
        var clo = Double.infinity, chi = -Double.infinity
        for v in coefficients { clo = min(clo, v); chi = max(chi, v) }
        coefficients = coefficients.map { chi > clo ? ($0 - clo) / (chi - clo) : 0 }
        return FuzzyARTNovelty.complementCode(coefficients + samples)
    }

    /// Vigilance drift (with `adaptive`): every half trend window (`⌊probation/step⌋/2` samples) ρ moves
    /// 19 % of the way up to the smallest match of that stretch when every match reached ρ, else down by
    /// 0.005; it never exceeds 0.97 nor the mean of all matches seen.
    private mutating func adapt(_ match: Double) {
        let half = max(2, probation / step / 2)
        recentMatches.append(match)
        if recentMatches.count > half + 1 { recentMatches.removeFirst() }
        matchSum += match
        matchCount += 1
        samplesSinceAdapt += 1
        guard samplesSinceAdapt >= half else { return }
        samplesSinceAdapt = 0
        let lowest = recentMatches.min() ?? match
        var rho = art.vigilance
        if rho <= lowest {
            rho += 0.19 * (lowest - rho)
        } else {
            rho -= 0.005
        }
        art.vigilance = min(rho, 0.97, matchSum / Double(matchCount))
    }

    /// Full orthonormal Haar transform of a power-of-two count of values: [approximation, coarsest detail, …, finest details].
    public static func haar(_ x: [Double]) -> [Double] {
        var a = x
        var details: [Double] = []
        let r = 0.5.squareRoot()
        while a.count > 1 {
            var next: [Double] = [], d: [Double] = []
            for i in stride(from: 0, to: a.count, by: 2) {
                next.append((a[i] + a[i + 1]) * r)
                d.append((a[i] - a[i + 1]) * r)
            }
            details = d + details
            a = next
        }
        return a + details
    }

    /// Calibrates the vigilance on the probation's features and trains the library on them.
    private mutating func calibrate() {
        var scratch = FuzzyARTNovelty(features: 16, energy: [15, 31], vigilance: 0.8)
        var matches: [Double] = []
        for f in probationFeatures { matches.append(scratch.present(f).match) }
        let half = matches.suffix(matches.count - matches.count / 2)
        let rho = half.isEmpty ? 0.8 : min(0.97, half.reduce(0, +) / Double(half.count))
        art.vigilance = rho
        for f in probationFeatures { _ = art.present(f) }
        probationFeatures = []
        samplesSinceNewCategory = 12
    }

    /// Presents one post-probation feature vector; returns its novelty grade (0 when familiar or masked).
    private mutating func present(_ f: [Double]) -> Double {
        let outcome = art.present(f)
        if adaptive { adapt(outcome.match) }
        guard outcome.novel else {
            samplesSinceNewCategory += 1
            return 0
        }
        let stable = samplesSinceNewCategory >= 12
        samplesSinceNewCategory = 0
        let a = min(outcome.match, 0.999)
        guard stable || a < 0.7 * lastAlarmMatch else { return 0 }
        lastAlarmMatch = max(a, 1e-9)
        let u = 1 - (1 - art.vigilance) / (1 - a)
        return min(1, max(0, u + 1.5 * (1 - outcome.energyMatch)))
    }
}
