import Foundation
import LinearAlgebra

/// Gradient-boosted regression trees for a binary label under the logistic loss (Friedman 2001, with the
/// second-order leaf values and split gain of XGBoost: Chen and Guestrin 2016), on histograms of binned
/// features.
///
/// - **Bins:** each feature's training values are cut at up to `bins − 1` quantile edges (distinct values
///   only); a row's bin is the number of edges below or at its value, so a split "bin ≤ b" is the threshold
///   "x < edge[b]" on raw values, and scoring needs no binning table beyond the edges.
/// - **Rounds:** with scores `F` (start: the log-odds of the positive share), gradients `g = p − y` and
///   Hessians `h = p(1 − p)`, one tree of depth ≤ `depth` is grown level by level: every node's best split
///   maximises `G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)` over features and bins, with both children
///   holding Hessian ≥ `minChildWeight`; a node without such a split (or gain ≤ 0) stops. A leaf adds
///   `−η·G/(H + λ)` to `F`.
/// - **Deterministic:** no row or feature sampling; ties between splits go to the lower feature, then the
///   lower bin. The same rows give the same trees on any machine.
///
/// Fitting costs O(rows · features · depth) per round over a row-major byte matrix of bins; scoring
/// O(rows · rounds · depth).
public struct GradientBoostedTrees: Sendable, Equatable {
    /// Split features (−1: a leaf) of every tree's nodes, trees one after another, each a complete binary
    /// tree of `2^depth − 1` inner nodes in breadth-first order.
    public let features: [Int32]
    /// Split thresholds (go left when `x < threshold`).
    public let thresholds: [Double]
    /// Leaf values of every tree, `2^depth` per tree, breadth-first.
    public let leaves: [Double]
    /// The starting score (log-odds of the training positives).
    public let base: Double
    /// Tree depth.
    public let depth: Int
    /// Number of trees.
    public let rounds: Int
    /// Number of features the model was fitted on.
    public let width: Int

    /// Hyper-parameters.
    public struct Settings: Sendable, Equatable {
        public var rounds: Int
        public var depth: Int
        public var learningRate: Double
        public var lambda: Double
        public var minChildWeight: Double
        public var bins: Int

        /// Creates settings (rounds ≥ 1, 1 ≤ depth ≤ 8, 0 < learningRate ≤ 1, lambda ≥ 0, minChildWeight ≥ 0,
        /// 2 ≤ bins ≤ 256).
        public init(rounds: Int, depth: Int, learningRate: Double, lambda: Double, minChildWeight: Double, bins: Int = 64) {
            self.rounds = rounds
            self.depth = depth
            self.learningRate = learningRate
            self.lambda = lambda
            self.minChildWeight = minChildWeight
            self.bins = bins
        }
    }

    /// Fits the model to `x` (`n × m`, column-major) and `labels`.
    ///
    /// - Throws: `ModelError.shapeMismatch` when the labels and rows differ, `.insufficientData` when a class
    ///   is missing, `.invalidParameter` for settings out of range.
    public init(fitting x: Matrix, labels: [Bool], settings s: Settings) throws {
        let n = x.rows, m = x.columns
        guard labels.count == n else {
            throw ModelError.shapeMismatch(model: "boosted trees", expected: "\(n) labels", found: "\(labels.count)")
        }
        guard s.rounds >= 1, (1...8).contains(s.depth), s.learningRate > 0, s.learningRate <= 1, s.lambda >= 0, s.minChildWeight >= 0,
            (2...256).contains(s.bins)
        else {
            throw ModelError.invalidParameter(model: "boosted trees", key: "settings", value: "\(s)", reason: "out of range")
        }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < n else {
            throw ModelError.insufficientData(what: "boosted trees", reason: "training labels hold only one class (\(positives) of \(n) positive)")
        }
        // Quantile edges per feature, and the row-major bin matrix.
        var edges = [[Double]](repeating: [], count: m)
        var binned = [UInt8](repeating: 0, count: n * m)
        x.withUnsafeBufferPointer { p in
            var column = [Double](repeating: 0, count: n)
            for j in 0..<m {
                for i in 0..<n { column[i] = p[j * n + i].isFinite ? p[j * n + i] : 0 }
                var sorted = column
                sorted.sort()
                var e: [Double] = []
                for b in 1..<s.bins {
                    let v = sorted[min(n - 1, b * n / s.bins)]
                    if v > sorted[0], e.last.map({ v > $0 }) ?? true { e.append(v) }
                }
                edges[j] = e
                for i in 0..<n { binned[i * m + j] = UInt8(Self.bin(column[i], e)) }
            }
        }
        let inner = (1 << s.depth) - 1
        var splitFeature = [Int32](repeating: -1, count: inner * s.rounds)
        var splitThreshold = [Double](repeating: .infinity, count: inner * s.rounds)
        var splitBin = [Int](repeating: 0, count: inner)
        var leafValue = [Double](repeating: 0, count: (inner + 1) * s.rounds)
        let share = Double(positives) / Double(n)
        let start = log(share / (1 - share))
        var score = [Double](repeating: start, count: n)
        var g = [Double](repeating: 0, count: n), h = g
        var node = [Int32](repeating: 0, count: n)
        let bins = s.bins
        var histG = [Double](repeating: 0, count: (inner + 1) / 2 * m * bins)
        var histH = histG
        for round in 0..<s.rounds {
            for i in 0..<n {
                let pr = 1 / (1 + exp(-score[i]))
                g[i] = pr - (labels[i] ? 1 : 0)
                h[i] = max(pr * (1 - pr), 1e-16)
                node[i] = 0
            }
            let treeSplits = round * inner
            for level in 0..<s.depth {
                let first = (1 << level) - 1, count = 1 << level  // nodes first ..< first + count
                for k in 0..<(count * m * bins) {
                    histG[k] = 0
                    histH[k] = 0
                }
                binned.withUnsafeBufferPointer { bp in
                    for i in 0..<n {
                        let local = Int(node[i]) - first
                        guard local >= 0 else { continue }  // row sits under a stopped node
                        let o = local * m * bins
                        let gi = g[i], hi = h[i]
                        let row = i * m
                        for j in 0..<m {
                            let k = o + j * bins + Int(bp[row + j])
                            histG[k] += gi
                            histH[k] += hi
                        }
                    }
                }
                for local in 0..<count {
                    let o = local * m * bins
                    var totalG = 0.0, totalH = 0.0
                    for b in 0..<bins {
                        totalG += histG[o + b]
                        totalH += histH[o + b]
                    }
                    guard totalH > 0 else { continue }
                    let parent = totalG * totalG / (totalH + s.lambda)
                    var bestGain = 0.0, bestFeature = -1, bestBin = 0
                    for j in 0..<m {
                        var gl = 0.0, hl = 0.0
                        let f = o + j * bins
                        for b in 0..<(min(bins, edges[j].count + 1) - 1) {
                            gl += histG[f + b]
                            hl += histH[f + b]
                            let gr = totalG - gl, hr = totalH - hl
                            guard hl >= s.minChildWeight, hr >= s.minChildWeight else { continue }
                            let gain = gl * gl / (hl + s.lambda) + gr * gr / (hr + s.lambda) - parent
                            if gain > bestGain + 1e-12 {
                                bestGain = gain
                                bestFeature = j
                                bestBin = b
                            }
                        }
                    }
                    guard bestFeature >= 0 else { continue }
                    splitFeature[treeSplits + first + local] = Int32(bestFeature)
                    splitBin[first + local] = bestBin
                    splitThreshold[treeSplits + first + local] = edges[bestFeature][bestBin]
                }
                // Move rows to the children of split nodes; rows of stopped nodes leave the level (−1 − node).
                for i in 0..<n where node[i] >= 0 {
                    let nd = Int(node[i])
                    let f = Int(splitFeature[treeSplits + nd])
                    if f < 0 {
                        node[i] = Int32(-1 - nd)
                    } else {
                        let goRight = Int(binned[i * m + f]) > splitBin[nd]
                        node[i] = Int32(2 * nd + 1 + (goRight ? 1 : 0))
                    }
                }
            }
            // Leaves: a row's leaf is its final node; a stopped node's rows go to its leftmost leaf.
            var leafG = [Double](repeating: 0, count: inner + 1), leafH = leafG
            var leafOf = [Int](repeating: 0, count: n)
            for i in 0..<n {
                var nd = Int(node[i])
                if nd < 0 {
                    nd = -1 - nd
                    while nd < inner { nd = 2 * nd + 1 }
                }
                let leaf = nd - inner
                leafOf[i] = leaf
                leafG[leaf] += g[i]
                leafH[leaf] += h[i]
            }
            let lo = round * (inner + 1)
            for leaf in 0...inner where leafH[leaf] > 0 {
                leafValue[lo + leaf] = -s.learningRate * leafG[leaf] / (leafH[leaf] + s.lambda)
            }
            for i in 0..<n { score[i] += leafValue[lo + leafOf[i]] }
        }
        features = splitFeature
        thresholds = splitThreshold
        leaves = leafValue
        base = start
        depth = s.depth
        rounds = s.rounds
        width = m
    }

    /// Number of edges ≤ `v` (the bin of `v`).
    static func bin(_ v: Double, _ edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Predicted probabilities of the positive class, one per row of `x` (`n × width`, column-major).
    ///
    /// - Throws: `ModelError.shapeMismatch` when the column count differs.
    public func probabilities(_ x: Matrix) throws -> [Double] {
        guard x.columns == width else {
            throw ModelError.shapeMismatch(model: "boosted trees", expected: "\(width) feature columns", found: "\(x.columns)")
        }
        let n = x.rows
        let inner = (1 << depth) - 1
        var out = [Double](repeating: base, count: n)
        x.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var f = base
                for t in 0..<rounds {
                    var nd = 0
                    let o = t * inner
                    while nd < inner {
                        let j = Int(features[o + nd])
                        if j < 0 {
                            while nd < inner { nd = 2 * nd + 1 }
                            break
                        }
                        let v = p[j * n + i]
                        nd = 2 * nd + 1 + ((v.isFinite ? v : 0) < thresholds[o + nd] ? 0 : 1)
                    }
                    f += leaves[t * (inner + 1) + nd - inner]
                }
                out[i] = 1 / (1 + exp(-f))
            }
        }
        return out
    }
}
