import Foundation

/// Novelty of the recent value distribution: the sliding-window histogram against a library of
/// histograms seen before (a relative-entropy test, after Wang et al., HPL-2011-8).
///
/// Values fall into `bins` equal-width bins over a calibration range `[lo, hi]`, plus one underflow and
/// one overflow bin (K = bins + 2). The last `window` values form the histogram P̂. Each stored
/// reference Q_i is kept as smoothed log-probabilities `ln((c_k + ½)/(W + K/2))` (so an empty
/// reference bin is unlikely, not impossible). The test statistic against Q_i is
/// `G_i = 2W·KL(P̂ ‖ Q_i) = 2W·Σ_k p̂_k (ln p̂_k − ln q_ik)`, which is approximately χ² with K − 1
/// degrees of freedom when P̂ is drawn from Q_i.
///
/// - When some `G_i < critical`, the closest such reference counts one more use and `observe` returns 0.
/// - When none does, P̂ joins the library and `observe` returns `min_i G_i` (> critical; +∞ capped at
///   1e300 for an empty library). A library at `maxReferences` replaces its least-used entry (the
///   oldest among equals), so memory and time stay bounded.
/// - Until the window is full, `observe` returns 0 and stores nothing.
///
/// - Complexity: O(K · references) per value, O(window + K · maxReferences) memory.
public struct HistogramNovelty: Sendable, Equatable {
    /// Values in the sliding histogram (W).
    public let window: Int
    /// Equal-width bins over the calibration range (the underflow and overflow bins come on top).
    public let bins: Int
    /// Critical value of G below which a histogram matches a reference.
    public let critical: Double
    /// Largest number of stored references.
    public let maxReferences: Int

    private var lo = 0.0
    private var hi = 1.0
    private var width = 1.0 / 5
    private var ring: [Int]
    private var head = 0
    private var filled = 0
    private var counts: [Int]
    private var references: [Double]
    private var uses: [Int]
    private var born: [Int]
    private var clock = 0
    /// References stored so far.
    public private(set) var referenceCount = 0

    /// Creates the test with the unit range `[0, 1]`; call `setRange` before the first value.
    ///
    /// - Parameters:
    ///   - window: values in the sliding histogram, ≥ 2.
    ///   - bins: equal-width bins over the calibration range, ≥ 1.
    ///   - critical: the G value below which a histogram matches a stored one (χ²₀.₉₉(4) = 13.28 by default
    ///     in `NoveltyScorer`).
    ///   - maxReferences: library size, ≥ 1.
    public init(window: Int, bins: Int, critical: Double, maxReferences: Int) {
        precondition(window >= 2 && bins >= 1 && maxReferences >= 1 && critical > 0)
        self.window = window
        self.bins = bins
        self.critical = critical
        self.maxReferences = maxReferences
        self.ring = [Int](repeating: 0, count: window)
        self.counts = [Int](repeating: 0, count: bins + 2)
        self.references = []
        self.uses = []
        self.born = []
        self.width = 1.0 / Double(bins)
    }

    /// Sets the calibration range. A degenerate range (hi ≤ lo) gets a tiny positive width, so every
    /// value other than `lo` falls in the underflow or overflow bin.
    public mutating func setRange(lo: Double, hi: Double) {
        self.lo = lo
        self.hi = max(hi, lo)
        let w = (self.hi - lo) / Double(bins)
        self.width = w > 0 ? w : max(1e-12, 1e-12 * abs(lo))
    }

    /// The bin of `x`: 0 below the range, 1…bins inside (the top edge belongs to the last bin),
    /// bins + 1 above.
    public func bin(_ x: Double) -> Int {
        if x < lo { return 0 }
        if x > hi { return bins + 1 }
        let t = (x - lo) / width
        return 1 + min(Int(t), bins - 1)
    }

    /// Adds `x` (finite) to the window and tests the window's histogram against the library.
    ///
    /// - Returns: 0 when the window is not full yet or matches a reference; else the smallest G (the
    ///   histogram is stored).
    public mutating func observe(_ x: Double) -> Double {
        let b = bin(x)
        if filled == window {
            counts[ring[head]] -= 1
        } else {
            filled += 1
        }
        ring[head] = b
        counts[b] += 1
        head += 1
        if head == window { head = 0 }
        guard filled == window else { return 0 }
        clock += 1

        let k = bins + 2
        let w = Double(window)
        var best = Double.infinity
        var bestIndex = -1
        counts.withUnsafeBufferPointer { c in
            references.withUnsafeBufferPointer { refs in
                var negEntropy = 0.0
                for j in 0..<k where c[j] > 0 {
                    let p = Double(c[j]) / w
                    negEntropy += p * log(p)
                }
                for r in 0..<referenceCount {
                    var cross = 0.0
                    let base = r * k
                    for j in 0..<k where c[j] > 0 {
                        cross += Double(c[j]) / w * refs[base + j]
                    }
                    let g = 2 * w * (negEntropy - cross)
                    if g < best {
                        best = g
                        bestIndex = r
                    }
                }
            }
        }
        if bestIndex >= 0 && best < critical {
            uses[bestIndex] += 1
            return 0
        }
        store()
        return min(best, 1e300)
    }

    /// Stores the current histogram as smoothed log-probabilities, replacing the least-used reference
    /// (oldest among equals) when the library is full.
    private mutating func store() {
        let k = bins + 2
        let denominator = Double(window) + 0.5 * Double(k)
        var slot = referenceCount
        if referenceCount == maxReferences {
            slot = 0
            for r in 1..<referenceCount where uses[r] < uses[slot] || (uses[r] == uses[slot] && born[r] < born[slot]) {
                slot = r
            }
        } else {
            references.append(contentsOf: repeatElement(0, count: k))
            uses.append(0)
            born.append(0)
            referenceCount += 1
        }
        for j in 0..<k {
            references[slot * k + j] = log((Double(counts[j]) + 0.5) / denominator)
        }
        uses[slot] = 1
        born[slot] = clock
    }
}
