/// Novelty of short shapes by fuzzy adaptive resonance: a category library over complement-coded
/// feature vectors, where a vector that resonates with no category is novel.
///
/// Each category is a weight vector `w` (dimension 2F for F features, complement coded as `[f, 1 − f]`).
/// For an input `x` the match with category j is `M_j = fs³ · es²`, where the feature similarity
/// `fs = |x ∧ w|₁ / |w|₁` (∧ = element-wise minimum) and the energy similarity `es` is the same ratio
/// over the `energy` entries only (the newest level and its complement). With vigilance ρ:
/// - every category with `M_j ≥ ρ` learns fast (`w ← x ∧ w`) and the input is familiar;
/// - when none reaches ρ, `x` becomes a new category and the input is novel.
///
/// `present` returns the best match A and its energy similarity, so the caller can grade novelty.
///
/// - Complexity: O(categories · 2F) per input; categories are capped at `maxCategories` (beyond it the
///   input is still reported novel but not stored).
public struct FuzzyARTNovelty: Sendable, Equatable {
    /// Feature count F (inputs are complement coded to 2F).
    public let features: Int
    /// Indices (into the 2F-vector) that make up the energy similarity.
    public let energy: [Int]
    /// Largest number of categories stored.
    public let maxCategories: Int
    /// Vigilance ρ.
    public var vigilance: Double
    private var weights: [Double] = []
    private var norms: [Double] = []
    /// Categories stored.
    public private(set) var categories = 0

    /// Creates an empty library.
    public init(features: Int, energy: [Int], vigilance: Double, maxCategories: Int = 2000) {
        precondition(features >= 1 && maxCategories >= 1)
        self.features = features
        self.energy = energy
        self.vigilance = vigilance
        self.maxCategories = maxCategories
    }

    /// The outcome of presenting one input.
    public struct Outcome: Sendable, Equatable {
        /// Best match `max_j M_j` (0 with no categories).
        public var match: Double
        /// Energy similarity of the best-matching category (0 with no categories).
        public var energyMatch: Double
        /// True when no category reached the vigilance (the input was stored as a new category).
        public var novel: Bool
    }

    /// Complement codes `f` (values clamped into [0, 1]).
    public static func complementCode(_ f: [Double]) -> [Double] {
        let c = f.map { min(1, max(0, $0)) }
        return c + c.map { 1 - $0 }
    }

    /// Matches of `x` (complement coded) with every category: (M_j, es_j).
    public func matches(_ x: [Double]) -> [(Double, Double)] {
        precondition(x.count == 2 * features)
        var out: [(Double, Double)] = []
        out.reserveCapacity(categories)
        let d = 2 * features
        weights.withUnsafeBufferPointer { w in
            for j in 0..<categories {
                let base = j * d
                var inter = 0.0
                for k in 0..<d { inter += min(x[k], w[base + k]) }
                var eInter = 0.0, eNorm = 0.0
                for k in energy {
                    eInter += min(x[k], w[base + k])
                    eNorm += w[base + k]
                }
                let fs = norms[j] > 0 ? inter / norms[j] : 1
                let es = eNorm > 0 ? eInter / eNorm : 1
                out.append((fs * fs * fs * es * es, es))
            }
        }
        return out
    }

    /// Presents `x` (complement coded): resonating categories learn, or `x` becomes a new category.
    public mutating func present(_ x: [Double], learn: Bool = true) -> Outcome {
        let m = matches(x)
        var best = 0.0, bestEnergy = 0.0
        var resonated = false
        let d = 2 * features
        for (j, (mj, ej)) in m.enumerated() {
            if mj > best { best = mj; bestEnergy = ej }
            if mj >= vigilance {
                resonated = true
                if learn {
                    var norm = 0.0
                    for k in 0..<d {
                        let v = min(x[k], weights[j * d + k])
                        weights[j * d + k] = v
                        norm += v
                    }
                    norms[j] = norm
                }
            }
        }
        if !resonated && learn && categories < maxCategories {
            weights += x
            norms.append(x.reduce(0, +))
            categories += 1
        }
        return Outcome(match: best, energyMatch: bestEnergy, novel: !resonated)
    }
}
