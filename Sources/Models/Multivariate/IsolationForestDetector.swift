import Dispatch
import Foundation
import Telemetry

/// Isolation Forest (Liu, Ting & Zhou 2008), as in scikit-learn's `IsolationForest` with
/// `max_features = 1`, no bootstrap.
///
/// Fit: `trees` isolation trees, each grown on `samples` training rows drawn without replacement
/// (`ψ = min(samples, rows)`), to depth `⌈log₂ ψ⌉`. A node splits on a random series that is not
/// constant among its rows (series are tried from a random start, cyclically) at a threshold drawn
/// uniformly in `(min, max]`; rows `< threshold` go left. A node becomes a leaf at the depth limit,
/// with one row, or when every series is constant; its path length is `depth + c(size)` with
/// `c(n) = 2H(n−1) − 2(n−1)/n` the average unsuccessful-search length of a binary search tree
/// (`c(2) = 1`, `c(1) = 0`).
///
/// Storage is flat: each tree is a complete binary tree of depth `L` in arrays of split series and
/// thresholds (children of node `i` are `2i+1`, `2i+2`); a leaf above depth `L` passes every row to
/// its left child (threshold +∞) and its path length is stored at its leftmost descendant at depth
/// `L`. Scoring therefore takes exactly `L` branch-free steps per tree.
///
/// Score of a row: `2^(−E[h(x)]/c(ψ))` (higher = more anomalous; 0.5 is uninformative).
///
/// - Seeds and threads: tree `t` draws from its own generator `SplitMix64(seed ⊕ mix(t))`; trees are
///   built in parallel on `threads` workers (0 = all cores) and path lengths are summed in tree order,
///   so the model and every score are identical for any thread count.
/// - NaN rule: missing values are replaced by the training median of their series (in training and
///   in scoring).
/// - Causality: row-wise after `fit`. Unfitted, every row scores 0.
public struct IsolationForestDetector: StreamingDetector, RowSetDetector {
    /// Number of trees.
    public let trees: Int
    /// Rows per tree (ψ before clipping to the training size).
    public let samples: Int
    /// Seed of the forest.
    public let seed: UInt64
    /// Threads for building and scoring (0 = all cores).
    public let threads: Int

    private var medians: [Double] = []
    /// Depth of every tree (`⌈log₂ ψ⌉`).
    public private(set) var depth = 0
    /// ψ actually used.
    public private(set) var subsample = 0
    /// Split series per node, all trees back to back (`nodesPerTree` each).
    private var features: [Int32] = []
    /// Thresholds per node, all trees back to back.
    private var thresholds: [Double] = []
    /// Path length at each depth-`L` position, all trees back to back (`2^L` each).
    private var pathLengths: [Double] = []

    /// Creates an unfitted forest.
    public init(trees: Int = 100, samples: Int = 256, seed: UInt64 = 0, threads: Int = 0) {
        self.trees = max(1, trees)
        self.samples = max(2, samples)
        self.seed = seed
        self.threads = threads
    }

    /// `c(n)`: the average path length of an unsuccessful search in a binary search tree of `n` nodes.
    public static func averagePathLength(_ n: Int) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let x = Double(n - 1)
        return 2 * (log(x) + 0.5772156649015329) - 2 * x / Double(n)
    }

    /// Most nodes and leaves a forest may hold: 2^26 (about 1.3 GB), checked before it is allocated.
    public static let maxForestNodes = 1 << 26

    /// Grows the forest.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series;
    ///   ``ModelError/invalidParameter(model:key:value:reason:)`` when `trees` × the tree size exceeds `maxForestNodes`.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "isolation_forest", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        medians = ColumnMedians.of(training)
        let psi = min(samples, m)
        var levels = 0
        while (1 << levels) < psi { levels += 1 }
        let nodes = (1 << (levels + 1)) - 1
        let leaves = 1 << levels
        let (forestNodes, overflow) = trees.multipliedReportingOverflow(by: nodes + leaves)
        guard !overflow, forestNodes <= Self.maxForestNodes else {
            throw ModelError.invalidParameter(
                model: "isolation_forest", key: "samples", value: "\(samples)",
                reason:
                    "\(trees) trees of \(nodes) nodes (ψ = \(psi) of \(m) training rows) exceed the forest's \(Self.maxForestNodes) nodes; use fewer trees or samples"
            )
        }
        var feat = [Int32](repeating: 0, count: trees * nodes)
        var thr = [Double](repeating: .infinity, count: trees * nodes)
        var paths = [Double](repeating: 0, count: trees * leaves)
        let workers = RowBlockScorer.workers(threads, blocks: trees)
        let forestSeed = seed, treeCount = trees, med = medians
        training.withUnsafeColumns { src, ld in
            feat.withUnsafeMutableBufferPointer { fp in
                thr.withUnsafeMutableBufferPointer { tp in
                    paths.withUnsafeMutableBufferPointer { pp in
                        guard let fBase = fp.baseAddress, let tBase = tp.baseAddress, let pBase = pp.baseAddress else { return }
                        let work = { (w: Int) in
                            var builder = TreeBuilder(source: src, rows: m, leadingDimension: ld, series: d, medians: med, psi: psi, levels: levels)
                            var t = w
                            while t < treeCount {
                                builder.build(
                                    seed: forestSeed ^ Self.mix(UInt64(t)),
                                    features: fBase + t * nodes, thresholds: tBase + t * nodes,
                                    paths: pBase + t * leaves)
                                t += workers
                            }
                        }
                        ParallelFor.workers(workers, work)
                    }
                }
            }
        }
        features = feat
        thresholds = thr
        pathLengths = paths
        depth = levels
        subsample = psi
    }

    private static func mix(_ t: UInt64) -> UInt64 { SplitMix64.mix(t &* SplitMix64.golden &+ 0xD1B5_4A32_D192_ED03) }

    private var scorer: RowBlockScorer { RowBlockScorer(model: "isolation_forest", fill: medians, threads: threads, padsStreamingRows: false) }

    /// Scores every row: `2^(−E[h]/c(ψ))`.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard !medians.isEmpty else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        return try scorer.scores(for: frame, perSeries: false, kernel: kernel)
    }

    /// Scores one row.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard !medians.isEmpty else { return 0 }
        return (try? scorer.score(row: row, position: 0, kernel: kernel)) ?? 0
    }

    private func kernel(
        _ x: UnsafeMutablePointer<Double>, _ b: Int, _ s: UnsafeMutablePointer<Double>, _ contrib: UnsafeMutablePointer<Double>?
    ) throws {
        let levels = depth
        let nodes = (1 << (levels + 1)) - 1, leaves = 1 << levels, firstLeaf = leaves - 1
        let cPsi = Self.averagePathLength(subsample)
        let scale = cPsi > 0 ? -1 / (cPsi * Double(trees)) : 0
        for i in 0..<b { s[i] = 0 }
        // Row-major copy of the block: the values one row's path reads are a few cache lines.
        let d = medians.count
        var rowMajor = [Double](repeating: 0, count: b * d)
        rowMajor.withUnsafeMutableBufferPointer { rm in
            for j in 0..<d { for i in 0..<b { rm[i * d + j] = x[j * b + i] } }
        }
        features.withUnsafeBufferPointer { fb in
            thresholds.withUnsafeBufferPointer { tb in
                pathLengths.withUnsafeBufferPointer { pb in
                    rowMajor.withUnsafeBufferPointer { xb in
                        guard let f0 = fb.baseAddress, let t0 = tb.baseAddress, let p0 = pb.baseAddress, let xr = xb.baseAddress else { return }
                        // Tiles of 64 rows stay in L1 while every tree walks them; eight independent
                        // chains per step hide the load latency. Path lengths are added in tree order.
                        let d1 = d, d2 = 2 * d, d3 = 3 * d, d4 = 4 * d, d5 = 5 * d, d6 = 6 * d, d7 = 7 * d
                        var tile0 = 0
                        while tile0 < b {
                            let tile1 = min(tile0 + 64, b)
                            for t in 0..<trees {
                                let f = f0 + t * nodes, th = t0 + t * nodes, p = p0 + t * leaves
                                var i = tile0
                                while i + 8 <= tile1 {
                                    // Wrapping arithmetic: node and value indices stay far below Int.max
                                    // (nodes < 2^26, rows × series of one block), and the overflow checks
                                    // of `*` and `+` were a third of the loop's instructions.
                                    let x0 = xr + i &* d
                                    var n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0
                                    for _ in 0..<levels {
                                        let a0 = x0[Int(f[n0])], a1 = x0[d1 &+ Int(f[n1])], a2 = x0[d2 &+ Int(f[n2])], a3 = x0[d3 &+ Int(f[n3])]
                                        let a4 = x0[d4 &+ Int(f[n4])], a5 = x0[d5 &+ Int(f[n5])], a6 = x0[d6 &+ Int(f[n6])],
                                            a7 = x0[d7 &+ Int(f[n7])]
                                        n0 = n0 &* 2 &+ (a0 >= th[n0] ? 2 : 1)
                                        n1 = n1 &* 2 &+ (a1 >= th[n1] ? 2 : 1)
                                        n2 = n2 &* 2 &+ (a2 >= th[n2] ? 2 : 1)
                                        n3 = n3 &* 2 &+ (a3 >= th[n3] ? 2 : 1)
                                        n4 = n4 &* 2 &+ (a4 >= th[n4] ? 2 : 1)
                                        n5 = n5 &* 2 &+ (a5 >= th[n5] ? 2 : 1)
                                        n6 = n6 &* 2 &+ (a6 >= th[n6] ? 2 : 1)
                                        n7 = n7 &* 2 &+ (a7 >= th[n7] ? 2 : 1)
                                    }
                                    s[i] += p[n0 &- firstLeaf]
                                    s[i &+ 1] += p[n1 &- firstLeaf]
                                    s[i &+ 2] += p[n2 &- firstLeaf]
                                    s[i &+ 3] += p[n3 &- firstLeaf]
                                    s[i &+ 4] += p[n4 &- firstLeaf]
                                    s[i &+ 5] += p[n5 &- firstLeaf]
                                    s[i &+ 6] += p[n6 &- firstLeaf]
                                    s[i &+ 7] += p[n7 &- firstLeaf]
                                    i &+= 8
                                }
                                while i < tile1 {
                                    let x0 = xr + i * d
                                    var n0 = 0
                                    for _ in 0..<levels { n0 = 2 * n0 + 1 + (x0[Int(f[n0])] >= th[n0] ? 1 : 0) }
                                    s[i] += p[n0 - firstLeaf]
                                    i += 1
                                }
                            }
                            tile0 = tile1
                        }
                    }
                }
            }
        }
        for i in 0..<b { s[i] = exp2(s[i] * scale) }
    }
}

/// Grows one isolation tree into flat arrays (scratch reused across the trees of one worker).
private struct TreeBuilder {
    let source: UnsafeBufferPointer<Double>
    let rows: Int
    /// Distance between two columns of `source` (≥ `rows`).
    let leadingDimension: Int
    let series: Int
    let medians: [Double]
    let psi: Int
    let levels: Int
    /// The sample, row-major `psi × series`.
    var data: [Double]
    var order: [Int]

    init(source: UnsafeBufferPointer<Double>, rows: Int, leadingDimension: Int, series: Int, medians: [Double], psi: Int, levels: Int) {
        self.source = source
        self.rows = rows
        self.leadingDimension = leadingDimension
        self.series = series
        self.medians = medians
        self.psi = psi
        self.levels = levels
        data = [Double](repeating: 0, count: psi * series)
        order = Array(0..<psi)
    }

    mutating func build(
        seed: UInt64, features: UnsafeMutablePointer<Int32>, thresholds: UnsafeMutablePointer<Double>,
        paths: UnsafeMutablePointer<Double>
    ) {
        var rng = SeededGenerator(seed: seed)
        // Sample ψ distinct rows (Floyd's algorithm), in ascending order.
        var picked: [Int]
        if psi == rows {
            picked = Array(0..<rows)
        } else {
            var set = Set<Int>(minimumCapacity: psi)
            for j in (rows - psi)..<rows {
                let r = Int(rng.next() % UInt64(j + 1))
                if !set.insert(r).inserted { set.insert(j) }
            }
            picked = set.sorted()
        }
        let d = series
        for (k, r) in picked.enumerated() {
            for j in 0..<d {
                let v = source[j * leadingDimension + r]
                data[k * d + j] = v.isFinite ? v : medians[j]
            }
        }
        for k in 0..<psi { order[k] = k }
        let nodes = (1 << (levels + 1)) - 1
        for i in 0..<nodes { features[i] = 0; thresholds[i] = .infinity }
        // Explicit stack of (node, depth, lo, hi) over `order`.
        var stack: [(Int, Int, Int, Int)] = [(0, 0, 0, psi)]
        while let (node, depthHere, lo, hi) = stack.popLast() {
            let size = hi - lo
            var split = false
            if depthHere < levels && size > 1 {
                let start = Int(rng.next() % UInt64(d))
                for attempt in 0..<d {
                    let f = (start + attempt) % d
                    var mn = Double.infinity, mx = -Double.infinity
                    for k in lo..<hi {
                        let v = data[order[k] * d + f]
                        mn = min(mn, v)
                        mx = max(mx, v)
                    }
                    guard mx > mn else { continue }
                    let u = rng.nextUniform()
                    var t = mn + (1 - u) * (mx - mn)
                    if t <= mn { t = mx }
                    // Partition: rows < t first.
                    var a = lo, z = hi - 1
                    while a <= z {
                        if data[order[a] * d + f] < t { a += 1 } else { order.swapAt(a, z); z -= 1 }
                    }
                    features[node] = Int32(f)
                    thresholds[node] = t
                    stack.append((2 * node + 2, depthHere + 1, a, hi))
                    stack.append((2 * node + 1, depthHere + 1, lo, a))
                    split = true
                    break
                }
            }
            if !split {
                var leaf = node
                for _ in depthHere..<levels { leaf = 2 * leaf + 1 }
                paths[leaf - ((1 << levels) - 1)] = Double(depthHere) + IsolationForestDetector.averagePathLength(size)
            }
        }
    }
}
